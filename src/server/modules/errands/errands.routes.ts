import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 及时送 工单登记、派单、快递员接单送达（errands-core）. */
export const errandRoutes: FastifyPluginAsyncZod = async (_app) => {};
