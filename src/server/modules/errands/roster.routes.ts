import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 及时送 值守电话与值班表（errands-roster）. */
export const rosterRoutes: FastifyPluginAsyncZod = async (_app) => {};
