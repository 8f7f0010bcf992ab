import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZBoard, ZBoardQuery } from '../../../shared/proposals.ts';
import { ctxOf } from '../../platform/http/http.ts';
import './supervise.jobs.ts';
import { getBoard } from './supervise.service.ts';

const tags = ['云履职 supervision'];

/** 督办看板 (issue #8). */
export const superviseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/board',
    {
      schema: {
        tags,
        summary: '督办看板：本单位及下级逾期或 24 小时内到期的提案、诉求和转办事项，已发提醒与升级情况',
        querystring: ZBoardQuery,
        response: { 200: ZBoard },
      },
    },
    async (req) => getBoard(ctxOf(req), req.query),
  );
};
