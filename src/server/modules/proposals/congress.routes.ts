import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 会员代表大会、代表名录、联系服务 (issue #8). */
export const congressRoutes: FastifyPluginAsyncZod = async (_app) => {};
