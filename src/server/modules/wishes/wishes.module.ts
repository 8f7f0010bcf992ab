import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { claimRoutes } from './claims.routes.ts';
import { wishStatsRoutes } from './stats.routes.ts';
import { wishRoutes } from './wishes.routes.ts';

/** 微心愿, mounted at `/api/v1/wishes`: each part of the module registers its own routes. */
export const wishesModuleRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(wishRoutes);
  await app.register(claimRoutes);
  await app.register(wishStatsRoutes);
};
