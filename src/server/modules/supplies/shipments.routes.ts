import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 服务热线平台 派单与配送（supplies-shipments）. */
export const shipmentRoutes: FastifyPluginAsyncZod = async (_app) => {};
