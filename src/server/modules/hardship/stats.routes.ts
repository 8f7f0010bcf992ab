import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 帮扶统计 dashboard figures and their Excel export. */
export const statsRoutes: FastifyPluginAsyncZod = async () => {};
