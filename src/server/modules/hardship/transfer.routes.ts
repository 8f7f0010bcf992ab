import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** 档案移交 (行走式数据链): propose, accept, decline, cancel; the receiving org’s inbox. */
export const transferRoutes: FastifyPluginAsyncZod = async () => {};
