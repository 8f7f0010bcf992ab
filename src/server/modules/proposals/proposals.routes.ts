import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 提案建议五步闭环 (issue #8). */
export const proposalRoutes: FastifyPluginAsyncZod = async (_app) => {};
