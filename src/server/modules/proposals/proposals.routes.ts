import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam } from '../../../shared/common.ts';
import {
  ZAssignInput,
  ZListProposalsQuery,
  ZNoteInput,
  ZProgressInput,
  ZProposal,
  ZProposalDraft,
  ZProposalDraftUpdate,
  ZProposalPage,
  ZProposalProgress,
  ZRateInput,
  ZReplyInput,
  ZReviewInput,
  ZSuperviseInput,
} from '../../../shared/proposals.ts';
import { ctxOf } from '../../platform/http/http.ts';
import './proposals.jobs.ts';
import {
  assignProposal,
  closeUnrated,
  cosign,
  createProposal,
  getProposal,
  getProposalProgress,
  inviteCosigners,
  listProposals,
  openCosign,
  postProgress,
  rateProposal,
  replyProposal,
  reviewProposal,
  submitProposal,
  superviseProposal,
  updateDraft,
  withdrawCosign,
  withdrawProposal,
} from './proposals.service.ts';

const tags = ['云履职 proposals'];
const ZInviteInput = z.object({
  representativeIds: z.array(z.number().int().positive()).min(1, '请选择要邀请的代表').max(200),
});
const ZCosignInput = z.object({ decision: z.enum(['sign', 'decline'], '请选择附议或谢绝') });
const ok = { response: { 200: ZProposal } };

/** 提案建议五步闭环 (issue #8): 线上提交 → 代表审议 → 办理落实 → 执行督查 → 总结反馈. */
export const proposalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/proposals',
    {
      schema: {
        tags,
        summary:
          '提案建议列表（mine 我的、cosign 邀请我附议的（含已附议）、handling 本单位承办、all 可见的全部）',
        querystring: ZListProposalsQuery,
        response: { 200: ZProposalPage },
      },
    },
    async (req) => listProposals(ctxOf(req), req.query),
  );
  app.post(
    '/proposals',
    {
      schema: {
        tags,
        summary: '代表起草提案或建议（草稿，可邀请联名代表）',
        body: ZProposalDraft,
        response: { 201: ZProposal },
      },
    },
    async (req, reply) => reply.status(201).send(await createProposal(ctxOf(req), req.body)),
  );
  app.get(
    '/proposals/:id',
    { schema: { tags, summary: '提案建议详情（含五步进度和可执行操作）', params: ZIdParam, ...ok } },
    async (req) => getProposal(ctxOf(req), req.params.id),
  );
  app.get(
    '/proposals/:id/progress',
    {
      schema: {
        tags,
        summary: '提案办理进度（时时查看、全程直播）',
        params: ZIdParam,
        response: { 200: ZProposalProgress },
      },
    },
    async (req) => getProposalProgress(ctxOf(req), req.params.id),
  );
  app.patch(
    '/proposals/:id',
    {
      schema: {
        tags,
        summary: '修改草稿或退回修改的提案',
        params: ZIdParam,
        body: ZProposalDraftUpdate,
        ...ok,
      },
    },
    async (req) => updateDraft(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/invite',
    { schema: { tags, summary: '邀请代表联名附议', params: ZIdParam, body: ZInviteInput, ...ok } },
    async (req) => inviteCosigners(ctxOf(req), req.params.id, req.body.representativeIds),
  );
  app.post(
    '/proposals/:id/open-cosign',
    { schema: { tags, summary: '发起联名附议（征集期按大会设置）', params: ZIdParam, ...ok } },
    async (req) => openCosign(ctxOf(req), req.params.id),
  );
  app.post(
    '/proposals/:id/submit',
    { schema: { tags, summary: '线上提交（结束联名附议，不足人数按建议办理）', params: ZIdParam, ...ok } },
    async (req) => submitProposal(ctxOf(req), req.params.id),
  );
  app.post(
    '/proposals/:id/withdraw',
    {
      schema: { tags, summary: '提案人撤回（审议前）', params: ZIdParam, body: ZNoteInput.nullish(), ...ok },
    },
    async (req) => withdrawProposal(ctxOf(req), req.params.id, req.body?.note),
  );
  app.post(
    '/proposals/:id/cosign',
    { schema: { tags, summary: '代表附议或谢绝', params: ZIdParam, body: ZCosignInput, ...ok } },
    async (req) => cosign(ctxOf(req), req.params.id, req.body.decision),
  );
  app.post(
    '/proposals/:id/cosign/withdraw',
    { schema: { tags, summary: '撤回本人附议（审议前）', params: ZIdParam, ...ok } },
    async (req) => withdrawCosign(ctxOf(req), req.params.id),
  );
  app.post(
    '/proposals/:id/review',
    {
      schema: {
        tags,
        summary: '代表审议：立案、转建议或退回修改',
        params: ZIdParam,
        body: ZReviewInput,
        ...ok,
      },
    },
    async (req) => reviewProposal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/assign',
    { schema: { tags, summary: '交办主办、协办单位', params: ZIdParam, body: ZAssignInput, ...ok } },
    async (req) => assignProposal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/progress',
    {
      schema: {
        tags,
        summary: '报送办理进展（主办、协办单位）',
        params: ZIdParam,
        body: ZProgressInput,
        ...ok,
      },
    },
    async (req) => postProgress(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/reply',
    { schema: { tags, summary: '办理答复（主办单位）', params: ZIdParam, body: ZReplyInput, ...ok } },
    async (req) => replyProposal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/supervise',
    { schema: { tags, summary: '执行督查：通过或退回重办', params: ZIdParam, body: ZSuperviseInput, ...ok } },
    async (req) => superviseProposal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/rate',
    {
      schema: { tags, summary: '提案人评价（不满意可重办一次）', params: ZIdParam, body: ZRateInput, ...ok },
    },
    async (req) => rateProposal(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/proposals/:id/close-unrated',
    { schema: { tags, summary: '逾期未评价办结', params: ZIdParam, body: ZNoteInput.nullish(), ...ok } },
    async (req) => closeUnrated(ctxOf(req), req.params.id, req.body?.note),
  );
};
