import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** A business module (hardship, wishes, supplies, …): its routes are mounted at `/api/v1/<name>`. */
export interface ModuleDefinition {
  name: string;
  routes: FastifyPluginAsyncZod;
}

/** The registration point: each module adds itself here. */
export const modules: ModuleDefinition[] = [];
