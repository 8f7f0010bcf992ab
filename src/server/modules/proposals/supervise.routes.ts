import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 督办看板 (issue #8). */
export const superviseRoutes: FastifyPluginAsyncZod = async (_app) => {};
