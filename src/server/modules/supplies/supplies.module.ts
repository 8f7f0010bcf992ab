import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import './supplies.access.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { pointRoutes } from './points.routes.ts';
import { requestRoutes } from './requests.routes.ts';
import { shipmentRoutes } from './shipments.routes.ts';
import { specialRoutes } from './special.routes.ts';
import { supplyStatsRoutes } from './stats.routes.ts';

/** 服务热线平台 (supplies), mounted at `/api/v1/supplies`: each part of the module registers its own routes. */
export const suppliesModuleRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(catalogueRoutes);
  await app.register(pointRoutes);
  await app.register(requestRoutes);
  await app.register(specialRoutes);
  await app.register(shipmentRoutes);
  await app.register(supplyStatsRoutes);
};
