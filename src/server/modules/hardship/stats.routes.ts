import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ZHardshipStats,
  ZHardshipStatsQuery,
  ZHardshipStatsRefresh,
  ZHardshipStatsRefreshed,
} from '../../../shared/hardship-stats.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { exportHardshipStats, getHardshipStats, refreshHardshipStatsNow } from './stats.service.ts';
import './stats.jobs.ts';

const tags = ['困难职工帮扶 hardship'];

/** 帮扶统计 dashboard figures and their Excel export. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary:
          '帮扶统计：档案按状态、类别、致困原因（本级及各下级组织），建档、解档、返困与帮扶救助按月，覆盖率、解档率、返困率，逾期复核',
        querystring: ZHardshipStatsQuery,
        response: { 200: ZHardshipStats },
      },
    },
    async (req) => getHardshipStats(ctxOf(req), req.query),
  );
  app.post(
    '/stats/refresh',
    {
      schema: {
        tags,
        summary: '刷新帮扶统计：立即重新汇总统计数据（管理员；平时由定时任务每 10 分钟汇总一次）',
        body: ZHardshipStatsRefresh,
        response: { 200: ZHardshipStatsRefreshed },
      },
    },
    async (req) => refreshHardshipStatsNow(ctxOf(req), req.body.orgId),
  );
  app.get(
    '/stats/export',
    {
      schema: {
        tags,
        summary: '导出帮扶统计（Excel，每个统计块一个工作表）',
        querystring: ZHardshipStatsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, stats } = await exportHardshipStats(ctxOf(req), req.query);
      const stamp = todayStamp();
      return sendXlsx(
        reply,
        buffer,
        `hardship-stats-${stamp}.xlsx`,
        `帮扶统计-${stats.org.name}-${stats.period.from}至${stats.period.to}.xlsx`,
      );
    },
  );
};
