import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 服务热线平台 物资目录、库存台账（supplies-catalogue）. */
export const catalogueRoutes: FastifyPluginAsyncZod = async (_app) => {};
