import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dutyModuleRoutes } from './duty/duty.module.ts';
import { errandsModuleRoutes } from './errands/errands.module.ts';
import { hardshipRoutes } from './hardship/hardship.routes.ts';
import { qrPublicRoutes } from './hardship/qr.routes.ts';
import { proposalsModuleRoutes } from './proposals/proposals.module.ts';
import { suppliesModuleRoutes } from './supplies/supplies.module.ts';
import { surveysModuleRoutes } from './surveys/surveys.module.ts';
import { wishesModuleRoutes } from './wishes/wishes.module.ts';

/** A business module (hardship, wishes, supplies, …): its routes are mounted at `/api/v1/<name>`. */
export interface ModuleDefinition {
  name: string;
  routes: FastifyPluginAsyncZod;
  /** Public pages outside `/api` (e.g. `/q/<token>`), mounted at the root without a session. */
  publicRoutes?: FastifyPluginAsyncZod;
}

/** The registration point: each module adds itself here. */
export const modules: ModuleDefinition[] = [
  { name: 'hardship', routes: hardshipRoutes, publicRoutes: qrPublicRoutes },
  { name: 'wishes', routes: wishesModuleRoutes },
  { name: 'supplies', routes: suppliesModuleRoutes },
  { name: 'errands', routes: errandsModuleRoutes },
  { name: 'proposals', routes: proposalsModuleRoutes },
  { name: 'duty', routes: dutyModuleRoutes },
  { name: 'surveys', routes: surveysModuleRoutes },
];
