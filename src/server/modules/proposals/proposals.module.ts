import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import './proposals.access.ts';
import { appealRoutes } from './appeals.routes.ts';
import { congressRoutes } from './congress.routes.ts';
import { proposalRoutes } from './proposals.routes.ts';
import { referralRoutes } from './referrals.routes.ts';
import { proposalStatsRoutes } from './stats.routes.ts';
import { superviseRoutes } from './supervise.routes.ts';

/**
 * 云履职 and 职工事大家议 (issue #8), mounted at `/api/v1/proposals`: each part of the module registers
 * its own routes.
 */
export const proposalsModuleRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(congressRoutes);
  await app.register(proposalRoutes);
  await app.register(appealRoutes);
  await app.register(referralRoutes);
  await app.register(superviseRoutes);
  await app.register(proposalStatsRoutes);
};
