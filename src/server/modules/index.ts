import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hardshipRoutes } from './hardship/hardship.routes.ts';

/** A business module (hardship, wishes, supplies, …): its routes are mounted at `/api/v1/<name>`. */
export interface ModuleDefinition {
  name: string;
  routes: FastifyPluginAsyncZod;
}

/** The registration point: each module adds itself here. */
export const modules: ModuleDefinition[] = [{ name: 'hardship', routes: hardshipRoutes }];
