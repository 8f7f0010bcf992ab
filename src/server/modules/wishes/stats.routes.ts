import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 统计: dashboard and export (wishes-stats). */
export const wishStatsRoutes: FastifyPluginAsyncZod = async (_app) => {};
