import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZWishStats, ZWishStatsQuery } from '../../../shared/wishes.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { exportWishStats, getWishStats } from './stats.service.ts';

const tags = ['微心愿 wishes'];

/** 统计: dashboard and export (wishes-stats). */
export const wishStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary:
          '微心愿统计：提交、发布、认领、实现、放弃与逾期释放，认领与实现用时中位数，爱心人士（企业）与实现价值按月、按下级组织、按类别，活动认领，当前状态',
        querystring: ZWishStatsQuery,
        response: { 200: ZWishStats },
      },
    },
    async (req) => getWishStats(ctxOf(req), req.query),
  );
  app.get(
    '/stats/export',
    {
      schema: {
        tags,
        summary: '导出微心愿统计（Excel，每个统计块一个工作表）',
        querystring: ZWishStatsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, stats } = await exportWishStats(ctxOf(req), req.query);
      return sendXlsx(
        reply,
        buffer,
        `wish-stats-${todayStamp()}.xlsx`,
        `微心愿统计-${stats.org.name}-${stats.period.from}至${stats.period.to}.xlsx`,
      );
    },
  );
};
