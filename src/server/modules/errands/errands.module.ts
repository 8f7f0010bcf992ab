import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import './errands.access.ts';
import { complaintRoutes } from './complaints.routes.ts';
import { errandRoutes } from './errands.routes.ts';
import { rosterRoutes } from './roster.routes.ts';
import { errandStatsRoutes } from './stats.routes.ts';

/** 及时送 (urgent errands), mounted at `/api/v1/errands`: each part of the module registers its own routes. */
export const errandsModuleRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(errandRoutes);
  await app.register(rosterRoutes);
  await app.register(complaintRoutes);
  await app.register(errandStatsRoutes);
};
