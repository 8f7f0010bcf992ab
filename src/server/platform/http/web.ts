import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../dist/web');

/**
 * Serve the built console (`/`) and worker H5 (`/m/`) from dist/web. Hashed assets are cached for
 * a year; the HTML pages never, so a new build is picked up at once. Unknown paths under a page
 * get that page's HTML (client-side routes); `/api/…` never does.
 */
export async function registerWeb(app: FastifyInstance, distDir = webDistDir): Promise<boolean> {
  if (!existsSync(path.join(distDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: true,
    index: ['index.html'],
    setHeaders(res, filePath) {
      res.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  app.decorate('spaFallback', (request: FastifyRequest, reply: FastifyReply) => {
    const page = request.url === '/m' || request.url.startsWith('/m/') ? 'm/index.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').type('text/html').sendFile(page, distDir);
  });
  return true;
}

declare module 'fastify' {
  interface FastifyInstance {
    spaFallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply;
  }
}
