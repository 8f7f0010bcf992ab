import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 及时送 投诉（errands-roster）. */
export const complaintRoutes: FastifyPluginAsyncZod = async (_app) => {};
