import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 履职评价 (issue #9) routes: see duty.module.ts. */
export const sessionsRoutes: FastifyPluginAsyncZod = async (_app) => {};
