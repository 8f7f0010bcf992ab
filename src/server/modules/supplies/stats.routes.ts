import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 服务热线平台 统计看板（supplies-stats）. */
export const supplyStatsRoutes: FastifyPluginAsyncZod = async (_app) => {};
