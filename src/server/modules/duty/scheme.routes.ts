import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIntId } from '../../../shared/common.ts';
import {
  ZArchiveInput,
  ZDutyArchive,
  ZDutyProfile,
  ZLeaderboard,
  ZLeaderboardQuery,
  ZMyDuty,
  ZScheme,
  ZSchemeInput,
  ZSchemeSaved,
} from '../../../shared/duty.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import { archiveTerm, getArchive } from './archive.service.ts';
import { getScheme, listSchemes, saveScheme } from './scheme.service.ts';
import { exportLeaderboard, getLeaderboard, getProfile, myDuty } from './scores.service.ts';

const tags = ['履职评价 duty'];
const ZIdParam = z.object({ id: ZIntId });

/**
 * 履职评价 (issue #9): indicator schemes with versions and re-scoring, leaderboards and their export,
 * the profile (履职画像), 我的履职 and archiving a term.
 */
export const schemeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/congresses/:id/scheme',
    {
      schema: {
        tags,
        summary: '本届履职评价方案（现行版本；首次读取时安装默认方案为第 1 版）',
        params: ZIdParam,
        response: { 200: ZScheme },
      },
    },
    async (req) => getScheme(ctxOf(req), req.params.id),
  );
  app.get(
    '/congresses/:id/schemes',
    {
      schema: {
        tags,
        summary: '方案的全部版本（新的在前）',
        params: ZIdParam,
        response: { 200: z.array(ZScheme) },
      },
    },
    async (req) => listSchemes(ctxOf(req), req.params.id),
  );
  app.put(
    '/congresses/:id/scheme',
    {
      schema: {
        tags,
        summary: '保存方案新版本（须填写修改说明），并按新版本重新计算本届全部履职记录的分值',
        params: ZIdParam,
        body: ZSchemeInput,
        response: { 200: ZSchemeSaved },
      },
    },
    async (req) => saveScheme(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/congresses/:id/leaderboard',
    {
      schema: {
        tags,
        summary: '履职积分排行（归档后为归档快照）；可按代表小组筛选、按姓名搜索',
        params: ZIdParam,
        querystring: ZLeaderboardQuery,
        response: { 200: ZLeaderboard },
      },
    },
    async (req) => getLeaderboard(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/congresses/:id/leaderboard/export',
    {
      schema: {
        tags,
        summary: '导出履职积分排行（Excel：排名、代表、代表小组、界别、单位、各二级指标、加分、减分、总分）',
        params: ZIdParam,
        querystring: ZLeaderboardQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const { buffer, board } = await exportLeaderboard(ctxOf(req), req.params.id, req.query);
      return sendXlsx(
        reply,
        buffer,
        `duty-leaderboard-${todayStamp()}.xlsx`,
        `履职积分排行-${board.congress.name}.xlsx`,
      );
    },
  );
  app.get(
    '/representatives/:id/profile',
    {
      schema: {
        tags,
        summary: '代表履职画像：得分、各二级指标雷达、全部履职记录（新的在前）',
        params: ZIdParam,
        response: { 200: ZDutyProfile },
      },
    },
    async (req) => getProfile(ctxOf(req), req.params.id),
  );
  app.get(
    '/me',
    {
      schema: { tags, summary: '我的履职：本人各届代表席位的总分、名次和记录数', response: { 200: ZMyDuty } },
    },
    async (req) => myDuty(ctxOf(req)),
  );
  app.get(
    '/congresses/:id/archive',
    {
      schema: {
        tags,
        summary: '本届履职归档信息（未归档为 null）',
        params: ZIdParam,
        response: { 200: ZDutyArchive.nullable() },
      },
    },
    async (req) => getArchive(ctxOf(req), req.params.id),
  );
  app.post(
    '/congresses/:id/archive',
    {
      schema: {
        tags,
        summary: '归档本届履职：冻结积分排行快照并关闭本届代表大会，此后不能再修改',
        params: ZIdParam,
        body: ZArchiveInput,
        response: { 200: ZDutyArchive },
      },
    },
    async (req) => archiveTerm(ctxOf(req), req.params.id, req.body),
  );
};
