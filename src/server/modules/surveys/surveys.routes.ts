import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Surveys (issue #9) routes: see surveys.module.ts. */
export const surveysRoutes: FastifyPluginAsyncZod = async (_app) => {};
