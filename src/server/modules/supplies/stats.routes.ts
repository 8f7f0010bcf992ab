import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZSuppliesStats, ZSuppliesStatsQuery } from '../../../shared/supplies.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { exportSuppliesStats, getSuppliesStats } from './stats.service.ts';

const tags = ['服务热线平台 supplies'];

/** 服务热线平台 统计看板（supplies-stats）: dashboard and its Excel export. */
export const supplyStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary:
          '物资统计：统计期内（按提报日，北京时间，最长 366 天）本组织及下级单位的需求数、完成数、服务点位与人数、送达数量与价值、需求到送达中位时长、短缺明细；按状态、紧急程度、供应单位、物资、单位、每日',
        querystring: ZSuppliesStatsQuery,
        response: { 200: ZSuppliesStats },
      },
    },
    async (req) => getSuppliesStats(ctxOf(req), req.query),
  );
  app.get(
    '/stats/export',
    {
      schema: {
        tags,
        summary: '导出物资统计（Excel：总览、按状态、按紧急程度、按供应单位、物资排行、按单位、每日）',
        querystring: ZSuppliesStatsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, stats } = await exportSuppliesStats(ctxOf(req), req.query);
      return sendXlsx(
        reply,
        buffer,
        `supply-stats-${todayStamp()}.xlsx`,
        `物资统计-${stats.org.name}-${stats.from}至${stats.to}.xlsx`,
      );
    },
  );
};
