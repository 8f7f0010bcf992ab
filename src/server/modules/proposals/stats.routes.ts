import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZProposalStats, ZProposalStatsQuery } from '../../../shared/proposal-stats.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { exportProposalStats, getProposalStats } from './stats.service.ts';

const tags = ['云履职 proposals'];

/** 云履职统计 (issue #8): the dashboard and its Excel export. */
export const proposalStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary:
          '云履职统计：统计期内（北京时间，默认近 12 个月，最长 1830 天）本组织及下级工会（或一届会员代表大会）的提案、建议、职工诉求和转治理平台事项：按类别、状态、承办单位、届次、月份；办结率、按期答复率、满意率、逾期件数（口径见 PROPOSAL_STATS_DEFINITIONS）',
        querystring: ZProposalStatsQuery,
        response: { 200: ZProposalStats },
      },
    },
    async (req) => getProposalStats(ctxOf(req), req.query),
  );
  app.get(
    '/stats/export',
    {
      schema: {
        tags,
        summary:
          '导出云履职统计（Excel：总览、类别、状态、承办单位、满意度、转治理平台、届次、月度趋势、口径说明）',
        querystring: ZProposalStatsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, stats } = await exportProposalStats(ctxOf(req), req.query);
      return sendXlsx(
        reply,
        buffer,
        `proposal-stats-${todayStamp()}.xlsx`,
        `云履职统计-${stats.org.name}-${stats.from}至${stats.to}.xlsx`,
      );
    },
  );
};
