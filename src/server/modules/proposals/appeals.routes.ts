import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAppeal,
  ZAppealComment,
  ZAppealInput,
  ZAppealPage,
  ZAppealReplyInput,
  ZCommentInput,
  ZListAppealsQuery,
  ZModerateInput,
  ZPendingCommentPage,
  ZPendingCommentsQuery,
  ZTriageInput,
} from '../../../shared/appeals.ts';
import { ZIntId } from '../../../shared/common.ts';
import { ZNoteInput, ZRateInput } from '../../../shared/proposals.ts';
import { ctxOf } from '../../platform/http/http.ts';
import {
  closeUnrated,
  commentOnAppeal,
  createAppeal,
  getAppeal,
  listAppeals,
  listPendingComments,
  moderateComment,
  rateAppeal,
  replyAppeal,
  supportAppeal,
  triageAppeal,
  withdrawAppeal,
} from './appeals.service.ts';

const tags = ['职工事大家议 appeals'];
const ZIdParam = z.object({ id: ZIntId });

/** 职工事大家议 (issue #8). */
export const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/appeals',
    {
      schema: {
        tags,
        summary: '职工诉求列表（工会：本单位及下级；承办单位：交办给本单位的；职工：所在工会的）',
        querystring: ZListAppealsQuery,
        response: { 200: ZAppealPage },
      },
    },
    async (req) => listAppeals(ctxOf(req), req.query),
  );
  app.post(
    '/appeals',
    {
      schema: {
        tags,
        summary: '职工发布诉求或意见建议（可匿名；发往最近的设有会员代表大会的上级工会）',
        body: ZAppealInput,
        response: { 201: ZAppeal },
      },
    },
    async (req, reply) => reply.status(201).send(await createAppeal(ctxOf(req), req.body)),
  );
  app.get(
    '/appeals/comments/pending',
    {
      schema: {
        tags,
        summary: '待审核评论（工会干部）',
        querystring: ZPendingCommentsQuery,
        response: { 200: ZPendingCommentPage },
      },
    },
    async (req) => listPendingComments(ctxOf(req), req.query),
  );
  app.post(
    '/appeals/comments/:id/moderate',
    {
      schema: {
        tags,
        summary: '审核评论：公开或不予公开（须写明理由）',
        params: ZIdParam,
        body: ZModerateInput,
        response: { 200: ZAppealComment },
      },
    },
    async (req) => moderateComment(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/appeals/:id',
    { schema: { tags, summary: '诉求详情', params: ZIdParam, response: { 200: ZAppeal } } },
    async (req) => getAppeal(ctxOf(req), req.params.id),
  );
  app.post(
    '/appeals/:id/support',
    {
      schema: {
        tags,
        summary: '附议（每人一次，不能附议自己的诉求）',
        params: ZIdParam,
        response: { 200: ZAppeal },
      },
    },
    async (req) => supportAppeal(ctxOf(req), req.params.id),
  );
  app.post(
    '/appeals/:id/comments',
    {
      schema: {
        tags,
        summary: '发表评论（经工会审核后公开）',
        params: ZIdParam,
        body: ZCommentInput,
        response: { 201: ZAppealComment },
      },
    },
    async (req, reply) => reply.status(201).send(await commentOnAppeal(ctxOf(req), req.params.id, req.body)),
  );
  app.post(
    '/appeals/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回诉求（分办前，发布人）',
        params: ZIdParam,
        body: ZNoteInput.nullish(),
        response: { 200: ZAppeal },
      },
    },
    async (req) => withdrawAppeal(ctxOf(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/appeals/:id/triage',
    {
      schema: {
        tags,
        summary: '分办：自行办理、合并、转代表提案、转基层治理平台',
        params: ZIdParam,
        body: ZTriageInput,
        response: { 200: ZAppeal },
      },
    },
    async (req) => triageAppeal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/appeals/:id/reply',
    {
      schema: {
        tags,
        summary: '答复诉求（承办单位）',
        params: ZIdParam,
        body: ZAppealReplyInput,
        response: { 200: ZAppeal },
      },
    },
    async (req) => replyAppeal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/appeals/:id/rate',
    {
      schema: {
        tags,
        summary: '评价答复（发布人；不满意可重新办理一次）',
        params: ZIdParam,
        body: ZRateInput,
        response: { 200: ZAppeal },
      },
    },
    async (req) => rateAppeal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/appeals/:id/close-unrated',
    {
      schema: {
        tags,
        summary: '逾期未评价，办结（工会干部）',
        params: ZIdParam,
        body: ZNoteInput.nullish(),
        response: { 200: ZAppeal },
      },
    },
    async (req) => closeUnrated(ctxOf(req), req.params.id, req.body ?? {}),
  );
};
