import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 及时送 统计看板（errands-stats）. */
export const errandStatsRoutes: FastifyPluginAsyncZod = async (_app) => {};
