import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 服务热线平台 物资需求、审核（supplies-requests）. */
export const requestRoutes: FastifyPluginAsyncZod = async (_app) => {};
