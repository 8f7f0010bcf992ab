import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import './surveys.access.ts';
import { surveysRoutes } from './surveys.routes.ts';

/** 双向评价 and 会员评家 surveys (issue #9), mounted at `/api/v1/surveys`. */
export const surveysModuleRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(surveysRoutes);
};
