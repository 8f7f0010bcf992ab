import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import './duty.access.ts';
import './duty.subscribers.ts';
import { recordsRoutes } from './records.routes.ts';
import { schemeRoutes } from './scheme.routes.ts';
import { sessionsRoutes } from './sessions.routes.ts';

/**
 * 履职评价 (issue #9), mounted at `/api/v1/duty`: indicator schemes, scores, leaderboards, profiles and
 * archives (scheme.routes), duty records (records.routes), sessions and check-in (sessions.routes).
 */
export const dutyModuleRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(schemeRoutes);
  await app.register(recordsRoutes);
  await app.register(sessionsRoutes);
};
