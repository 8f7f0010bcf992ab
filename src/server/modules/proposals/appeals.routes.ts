import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 职工事大家议 (issue #8). */
export const appealRoutes: FastifyPluginAsyncZod = async (_app) => {};
