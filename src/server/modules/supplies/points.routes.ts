import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 服务热线平台 配送点位（supplies-catalogue）. */
export const pointRoutes: FastifyPluginAsyncZod = async (_app) => {};
