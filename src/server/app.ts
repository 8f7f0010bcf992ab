import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { modules } from './modules/index.ts';
import { auditRoutes } from './platform/audit/audit.routes.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import { userRoutes } from './platform/auth/users.routes.ts';
import type { Deps } from './platform/context.ts';
import { fileRoutes } from './platform/files/files.routes.ts';
import { HotPages } from './platform/http/hot-pages.ts';
import { clientErrorHandler, registerErrorHandler, registerSessionHook } from './platform/http/http.ts';
import { registerWeb } from './platform/http/web.ts';
import { notificationRoutes } from './platform/notify/notify.routes.ts';
import { LoggingSender, type MessageSender } from './platform/notify/sender.ts';
import { orgRoutes } from './platform/orgs/orgs.routes.ts';
import { PiiVault } from './platform/pii/pii.ts';
import { timelineRoutes } from './platform/workflow/timeline.routes.ts';

// Validation messages in Chinese for every schema.
z.config(z.locales.zhCN());

export interface AppOptions {
  config: Config;
  database: Database;
  dataKey: Buffer;
  sender?: MessageSender;
  logger?: boolean;
  /** Serve the built web UI from dist/web (default true; API tests turn it off). */
  serveWeb?: boolean;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const hotPages = new HotPages();
  const app = Fastify({
    logger: opts.logger === false ? false : { level: opts.config.logLevel },
    // Behind the union's reverse proxy: the client is the first X-Forwarded-For address (hot pages too).
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    serverFactory: hotPages.serverFactory,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const deps: Deps = {
    config: opts.config,
    database: opts.database,
    vault: new PiiVault(opts.dataKey),
    sender: opts.sender ?? new LoggingSender(app.log),
    log: app.log,
  };
  app.decorate('deps', deps);
  hotPages.attach(
    deps,
    modules.flatMap((m) => m.hotPages ?? []),
  );
  app.addHook('preClose', async () => hotPages.close());

  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: opts.config.uploadMaxBytes, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '娘家 Niangjia API',
        version: '1',
        description: '工会数字服务平台 — trade-union service platform',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'nj_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerSessionHook(app);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['platform'],
        summary: '健康检查',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgresql']),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      const rows = await deps.database.executeSql('select version() as version');
      const full = String(rows.rows[0]?.version ?? '');
      return {
        status: 'ok' as const,
        database: deps.database.kind,
        version: full.split(' ').slice(0, 2).join(' '),
      };
    },
  );

  await app.register(authRoutes, { prefix: '/api/v1/auth' });
  await app.register(userRoutes, { prefix: '/api/v1/users' });
  await app.register(orgRoutes, { prefix: '/api/v1/orgs' });
  await app.register(auditRoutes, { prefix: '/api/v1/audit' });
  await app.register(timelineRoutes, { prefix: '/api/v1/timeline' });
  await app.register(fileRoutes, { prefix: '/api/v1/files' });
  await app.register(notificationRoutes, { prefix: '/api/v1/notifications' });
  for (const m of modules) await app.register(m.routes, { prefix: `/api/v1/${m.name}` });
  for (const m of modules) if (m.publicRoutes) await app.register(m.publicRoutes);
  if (opts.serveWeb !== false) await registerWeb(app);

  return app;
}
