import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZArchive,
  ZArchiveIdParam,
  ZArchivePage,
  ZArchivePii,
  ZAssignHelperInput,
  ZCreateArchiveInput,
  ZDibaoQuery,
  ZDibaoSetting,
  ZExitInput,
  ZHelperChange,
  ZListArchivesQuery,
  ZMyProgressStep,
  ZPublicizeInput,
  ZPublicNotice,
  ZPublicNoticeQuery,
  ZRejectInput,
  ZSelfApplyInput,
  ZSetDibaoInput,
  ZTransitionNote,
  ZUpdateArchiveInput,
  ZVisit,
  ZVisitInput,
} from '../../../shared/hardship.ts';
import { ctxOf } from '../../platform/http/http.ts';
import { assistanceRoutes } from './assistance.routes.ts';
import type { ArchiveEvent } from './hardship.flow.ts';
import {
  addVisit,
  advanceArchive,
  applyForSelf,
  assignHelper,
  clearDibao,
  fileArchive,
  getArchive,
  getDibao,
  listArchives,
  listHelperChanges,
  listMyArchives,
  listPublicNotices,
  listVisits,
  myArchiveProgress,
  revealArchivePii,
  setDibao,
  updateArchive,
} from './hardship.service.ts';
import { importRoutes } from './import.routes.ts';
import { qrApiRoutes } from './qr.routes.ts';
import { statsRoutes } from './stats.routes.ts';
import { transferRoutes } from './transfer.routes.ts';
import './review.jobs.ts';
import './visit-photos.ts';

const tags = ['困难职工帮扶 hardship'];

/** Steps whose body is only an optional note. */
const noteSteps: { event: ArchiveEvent; summary: string }[] = [
  { event: 'accept', summary: '受理申请（工会干部）' },
  { event: 'submit', summary: '入户核查完成，提交审核（须已有核查记录）' },
  { event: 'pass', summary: '审核通过（审核员）' },
  { event: 'approve', summary: '审批建档（公示期满，审核员或管理员）' },
  { event: 'reenter', summary: '返困：已解档的职工重新申请（同一档案重新走受理、核查、审核、公示）' },
];

export const hardshipRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/archives',
    {
      schema: {
        tags,
        summary:
          '困难职工档案列表（本级及下级组织；可按状态、类别、主要致困原因筛选，按姓名或身份证号/手机号精确查找）',
        querystring: ZListArchivesQuery,
        response: { 200: ZArchivePage },
      },
    },
    async (req) => listArchives(ctxOf(req), req.query),
  );
  app.post(
    '/archives',
    {
      schema: {
        tags,
        summary: '窗口受理：代职工提交建档申请（同一身份证号全平台仅一份有效档案）',
        body: ZCreateArchiveInput,
        response: { 201: ZArchive },
      },
    },
    async (req, reply) => reply.status(201).send(await fileArchive(ctxOf(req), req.body)),
  );
  app.get(
    '/archives/:id',
    {
      schema: {
        tags,
        summary: '档案详情（身份证号、手机号、住址、银行账号脱敏）',
        params: ZArchiveIdParam,
        response: { 200: ZArchive },
      },
    },
    async (req) => getArchive(ctxOf(req), req.params.id),
  );
  app.get(
    '/archives/:id/pii',
    {
      schema: {
        tags,
        summary: '查看完整身份证号、手机号、住址、银行账号（记入审计日志）',
        params: ZArchiveIdParam,
        response: { 200: ZArchivePii },
      },
    },
    async (req) => revealArchivePii(ctxOf(req), req.params.id),
  );
  app.patch(
    '/archives/:id',
    {
      schema: {
        tags,
        summary: '修改档案（按部分整体替换：基本信息、致困原因、收入情况、住房情况、解困脱困计划）',
        params: ZArchiveIdParam,
        body: ZUpdateArchiveInput,
        response: { 200: ZArchive },
      },
    },
    async (req) => updateArchive(ctxOf(req), req.params.id, req.body),
  );
  for (const step of noteSteps) {
    app.post(
      `/archives/:id/${step.event}`,
      {
        schema: {
          tags,
          summary: step.summary,
          params: ZArchiveIdParam,
          body: ZTransitionNote.optional(),
          response: { 200: ZArchive },
        },
      },
      async (req) => advanceArchive(ctxOf(req), req.params.id, step.event, { note: req.body?.note }),
    );
  }
  app.post(
    '/archives/:id/publicize',
    {
      schema: {
        tags,
        summary: '开始公示（填写公示起止日期）',
        params: ZArchiveIdParam,
        body: ZPublicizeInput,
        response: { 200: ZArchive },
      },
    },
    async (req) => advanceArchive(ctxOf(req), req.params.id, 'publicize', req.body),
  );
  app.post(
    '/archives/:id/reject',
    {
      schema: {
        tags,
        summary: '驳回申请（须填写理由）',
        params: ZArchiveIdParam,
        body: ZRejectInput,
        response: { 200: ZArchive },
      },
    },
    async (req) => advanceArchive(ctxOf(req), req.params.id, 'reject', { reason: req.body.reason }),
  );
  app.post(
    '/archives/:id/exit',
    {
      schema: {
        tags,
        summary: '脱困解档（收入达标、退休、迁出、去世或其他）',
        params: ZArchiveIdParam,
        body: ZExitInput,
        response: { 200: ZArchive },
      },
    },
    async (req) =>
      advanceArchive(ctxOf(req), req.params.id, 'exit', { exitReason: req.body.reason, note: req.body.note }),
  );
  app.get(
    '/archives/:id/visits',
    {
      schema: {
        tags,
        summary: '入户核查记录',
        params: ZArchiveIdParam,
        response: { 200: z.object({ items: z.array(ZVisit) }) },
      },
    },
    async (req) => ({ items: await listVisits(ctxOf(req), req.params.id) }),
  );
  app.post(
    '/archives/:id/visits',
    {
      schema: {
        tags,
        summary: '记录入户核查（已受理或审核中的档案）',
        params: ZArchiveIdParam,
        body: ZVisitInput,
        response: { 201: ZVisit },
      },
    },
    async (req, reply) => reply.status(201).send(await addVisit(ctxOf(req), req.params.id, req.body)),
  );
  app.get(
    '/archives/:id/helpers',
    {
      schema: {
        tags,
        summary: '结对帮扶责任人变更记录',
        params: ZArchiveIdParam,
        response: { 200: z.object({ items: z.array(ZHelperChange) }) },
      },
    },
    async (req) => ({ items: await listHelperChanges(ctxOf(req), req.params.id) }),
  );
  app.put(
    '/archives/:id/helper',
    {
      schema: {
        tags,
        summary: '指定或更换结对帮扶责任人（保留变更记录，通知新责任人）',
        params: ZArchiveIdParam,
        body: ZAssignHelperInput,
        response: { 200: ZArchive },
      },
    },
    async (req) => assignHelper(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/my/applications',
    {
      schema: {
        tags,
        summary: '职工自主申请困难职工建档（向本人所在工会提交）',
        body: ZSelfApplyInput,
        response: { 201: ZArchive },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForSelf(ctxOf(req), req.body)),
  );
  app.get(
    '/my/archives',
    {
      schema: {
        tags,
        summary: '我的困难职工申请与档案（职工本人，脱敏）',
        response: { 200: z.object({ items: z.array(ZArchive) }) },
      },
    },
    async (req) => ({ items: await listMyArchives(ctxOf(req)) }),
  );
  app.get(
    '/my/archives/:id/progress',
    {
      schema: {
        tags,
        summary: '我的申请办理进度（职工本人）',
        params: ZArchiveIdParam,
        response: { 200: z.object({ items: z.array(ZMyProgressStep) }) },
      },
    },
    async (req) => ({ items: await myArchiveProgress(ctxOf(req), req.params.id) }),
  );
  app.get(
    '/public/notices',
    {
      schema: {
        tags,
        summary: '困难职工建档公示（公开，无需登录；仅显示脱敏姓名、所属工会和困难类别）',
        querystring: ZPublicNoticeQuery,
        response: { 200: z.object({ items: z.array(ZPublicNotice) }) },
      },
    },
    async (req) => ({ items: await listPublicNotices(req.server.deps.database.db, req.query.orgId) }),
  );
  app.get(
    '/settings/dibao',
    {
      schema: {
        tags,
        summary: '查询某组织适用的低保标准（本级未设置时取最近上级，否则取默认值）',
        querystring: ZDibaoQuery,
        response: { 200: ZDibaoSetting },
      },
    },
    async (req) => getDibao(ctxOf(req), req.query.orgId),
  );
  app.put(
    '/settings/dibao',
    {
      schema: {
        tags,
        summary: '设置本组织的低保标准（分/人/月，管理员）',
        body: ZSetDibaoInput,
        response: { 200: ZDibaoSetting },
      },
    },
    async (req) => setDibao(ctxOf(req), req.body),
  );
  app.delete(
    '/settings/dibao',
    {
      schema: {
        tags,
        summary: '取消本组织的低保标准，恢复沿用上级（或平台默认）标准（管理员）',
        querystring: ZDibaoQuery,
        response: { 200: ZDibaoSetting },
      },
    },
    async (req) => clearDibao(ctxOf(req), req.query.orgId),
  );
  await app.register(qrApiRoutes);
  await app.register(assistanceRoutes);
  await app.register(transferRoutes);
  await app.register(importRoutes);
  await app.register(statsRoutes);
};
