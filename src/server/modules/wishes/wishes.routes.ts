import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 微心愿: posting, review, wall, worker's own wishes, settings (wishes-core). */
export const wishRoutes: FastifyPluginAsyncZod = async (_app) => {};
