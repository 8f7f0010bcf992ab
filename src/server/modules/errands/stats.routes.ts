import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZErrandStats, ZErrandStatsQuery } from '../../../shared/errands.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { exportErrandStats, getErrandStats } from './stats.service.ts';

const tags = ['及时送 errands'];

/** 及时送 统计看板（errands-stats）: dashboard and its Excel export. */
export const errandStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary:
          '及时送统计：统计期内（按来电日，北京时间，默认近 30 天，最长 366 天）本组织及下级单位的工单数、已送达、送达用时中位数与 90% 分位、派单用时、超时、投诉；按日、物品类别、服务对象、快递员、投诉处理结果',
        querystring: ZErrandStatsQuery,
        response: { 200: ZErrandStats },
      },
    },
    async (req) => getErrandStats(ctxOf(req), req.query),
  );
  app.get(
    '/stats/export',
    {
      schema: {
        tags,
        summary: '导出及时送统计（Excel：总览、每日、物品类别、服务对象、快递员、投诉）',
        querystring: ZErrandStatsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, stats } = await exportErrandStats(ctxOf(req), req.query);
      return sendXlsx(
        reply,
        buffer,
        `errand-stats-${todayStamp()}.xlsx`,
        `及时送统计-${stats.org.name}-${stats.from}至${stats.to}.xlsx`,
      );
    },
  );
};
