import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 转基层治理平台 (issue #8). */
export const referralRoutes: FastifyPluginAsyncZod = async (_app) => {};
