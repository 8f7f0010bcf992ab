import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HotPage } from '../platform/http/hot-pages.ts';
import { dutyModuleRoutes } from './duty/duty.module.ts';
import { errandsModuleRoutes } from './errands/errands.module.ts';
import { hardshipRoutes } from './hardship/hardship.routes.ts';
import { qrHotPages, qrPublicRoutes } from './hardship/qr.routes.ts';
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
  /** Public GET pages whose throughput is a quality bar, answered before Fastify's pipeline (hot-pages.ts). */
  hotPages?: HotPage[];
}

/** The registration point: each module adds itself here. */
export const modules: ModuleDefinition[] = [
  { name: 'hardship', routes: hardshipRoutes, publicRoutes: qrPublicRoutes, hotPages: qrHotPages },
  { name: 'wishes', routes: wishesModuleRoutes },
  { name: 'supplies', routes: suppliesModuleRoutes },
  { name: 'errands', routes: errandsModuleRoutes },
  { name: 'proposals', routes: proposalsModuleRoutes },
  { name: 'duty', routes: dutyModuleRoutes },
  { name: 'surveys', routes: surveysModuleRoutes },
];
