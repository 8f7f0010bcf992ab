import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 认领与实现: claims, fulfilment, donors, activities (wishes-claims). */
export const claimRoutes: FastifyPluginAsyncZod = async (_app) => {};
