import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 统计 (issue #8). */
export const proposalStatsRoutes: FastifyPluginAsyncZod = async (_app) => {};
