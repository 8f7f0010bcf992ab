import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 服务热线平台 特殊需求（supplies-requests）. */
export const specialRoutes: FastifyPluginAsyncZod = async (_app) => {};
