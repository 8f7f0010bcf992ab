import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  donorKinds,
  ZCadreWishInput,
  ZConfirmReceiptInput,
  ZListWishesQuery,
  ZRejectWishInput,
  ZReturnWishInput,
  ZReviewNoteInput,
  ZSetWishSettingsInput,
  ZThanksInput,
  ZWallPage,
  ZWallQuery,
  ZWallWish,
  ZWish,
  ZWishEvent,
  ZWishIdParam,
  ZWishInput,
  ZWishPage,
  ZWishSettings,
} from '../../../shared/wishes.ts';
import { filesRoot } from '../../platform/files/files.service.ts';
import { ctxOf } from '../../platform/http/http.ts';
import {
  confirmReceipt,
  getWallWish,
  getWish,
  getWishSettings,
  listMyWishes,
  listThanks,
  listWall,
  listWallRegions,
  listWishes,
  postWish,
  postWishOnBehalf,
  reviewWish,
  setWishSettings,
  thankDonor,
  updateWish,
  wishPhotoFile,
  withdrawWish,
} from './wishes.service.ts';

const tags = ['微心愿 wishes'];
const ZOrgQuery = z.object({ orgId: z.coerce.number().int().positive('请指定组织') });
const ZWithdrawInput = z.object({ note: z.string().trim().max(500, '最多 500 个字').optional() });

/** 微心愿: posting, review, wall, worker's own wishes, settings (wishes-core). */
export const wishRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- public, no login
  app.get(
    '/wall',
    {
      schema: {
        tags,
        summary: '心愿墙（公开，无需登录；按地区、类别、价值筛选；只显示姓氏加先生/女士）',
        querystring: ZWallQuery,
        response: { 200: ZWallPage },
      },
    },
    async (req) => listWall(req.server.deps.database.db, req.query),
  );
  app.get(
    '/wall/regions',
    {
      schema: {
        tags,
        summary: '心愿墙上有心愿的地区（市、县级工会）',
        response: { 200: z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) }) },
      },
    },
    async (req) => listWallRegions(req.server.deps.database.db),
  );
  app.get(
    '/wall/:id',
    {
      schema: {
        tags,
        summary: '心愿墙上的一个心愿（可分享；公开进度只含步骤和日期）',
        params: ZWishIdParam,
        response: {
          200: ZWallWish.extend({
            timeline: z.array(ZWishEvent),
            claimDays: z.number().int().describe('认领后实现期限（天），按该心愿所属工会的设置'),
          }),
        },
      },
    },
    async (req) => getWallWish(req.server.deps.database.db, req.params.id),
  );
  app.get(
    '/wall/:id/photo',
    { schema: { tags, summary: '心愿墙上心愿的照片（公开）', params: ZWishIdParam } },
    async (req, reply) => {
      const f = await wishPhotoFile(ctxOf(req), req.params.id, true);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path.join(filesRoot(req.server.deps), f.storageKey)));
    },
  );
  app.get(
    '/thanks',
    {
      schema: {
        tags,
        summary: '感谢榜（公开：愿意公开的爱心人士、爱心企业及其实现的心愿数）',
        response: {
          200: z.object({
            items: z.array(
              z.object({ name: z.string(), kind: z.enum(donorKinds), fulfilled: z.number().int() }),
            ),
          }),
        },
      },
    },
    async (req) => listThanks(req.server.deps.database.db),
  );

  // ---- worker
  app.get(
    '/mine',
    {
      schema: {
        tags,
        summary: '我的微心愿（职工本人），以及现在能否发布新心愿、原因和价值上限',
        response: {
          200: z.object({
            items: z.array(ZWish),
            canPost: z.boolean(),
            reason: z.string().nullable(),
            valueCapFen: z.number().int(),
          }),
        },
      },
    },
    async (req) => listMyWishes(ctxOf(req)),
  );
  app.post(
    '/',
    {
      schema: {
        tags,
        summary: '发布微心愿（在档困难职工本人；每份档案进行中的心愿数有上限）',
        body: ZWishInput,
        response: { 201: ZWish },
      },
    },
    async (req, reply) => reply.status(201).send(await postWish(ctxOf(req), req.body)),
  );
  app.put(
    '/:id',
    {
      schema: {
        tags,
        summary: '修改心愿（待审核或退回修改时；退回的心愿修改后重新提交审核）',
        params: ZWishIdParam,
        body: ZWishInput,
        response: { 200: ZWish },
      },
    },
    async (req) => updateWish(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回心愿（尚未被认领时；职工本人或工会）',
        params: ZWishIdParam,
        body: ZWithdrawInput.optional(),
        response: { 200: ZWish },
      },
    },
    async (req) => withdrawWish(ctxOf(req), req.params.id, req.body?.note),
  );
  app.post(
    '/:id/confirm',
    {
      schema: {
        tags,
        summary: '确认收到，心愿实现（职工本人或工会干部）',
        params: ZWishIdParam,
        body: ZConfirmReceiptInput.optional(),
        response: { 200: ZWish },
      },
    },
    async (req) => confirmReceipt(ctxOf(req), req.params.id, req.body ?? {}),
  );
  app.post(
    '/:id/thanks',
    {
      schema: {
        tags,
        summary: '给爱心人士留下感谢（职工本人，心愿实现后）',
        params: ZWishIdParam,
        body: ZThanksInput,
        response: { 200: ZWish },
      },
    },
    async (req) => thankDonor(ctxOf(req), req.params.id, req.body.thanks),
  );

  // ---- union
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '微心愿列表（本级及下级工会；按状态、类别筛选，按标题或职工姓名查找）',
        querystring: ZListWishesQuery,
        response: { 200: ZWishPage },
      },
    },
    async (req) => listWishes(ctxOf(req), req.query),
  );
  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: '查询某组织的微心愿设置（本级未设置时取最近上级，否则取默认值）',
        querystring: ZOrgQuery,
        response: { 200: ZWishSettings },
      },
    },
    async (req) => getWishSettings(ctxOf(req), req.query.orgId),
  );
  app.put(
    '/settings',
    {
      schema: {
        tags,
        summary: '设置本组织的心愿价值上限、每份档案进行中心愿数、认领期限（管理员）',
        querystring: ZOrgQuery,
        body: ZSetWishSettingsInput,
        response: { 200: ZWishSettings },
      },
    },
    async (req) => setWishSettings(ctxOf(req), req.query.orgId, req.body),
  );
  app.post(
    '/on-behalf',
    {
      schema: {
        tags,
        summary: '工会干部代在档职工发布微心愿',
        body: ZCadreWishInput,
        response: { 201: ZWish },
      },
    },
    async (req, reply) => reply.status(201).send(await postWishOnBehalf(ctxOf(req), req.body)),
  );
  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: '心愿详情（工会、职工本人、认领的爱心人士可见；含进度和可执行的操作）',
        params: ZWishIdParam,
        response: { 200: ZWish },
      },
    },
    async (req) => getWish(ctxOf(req), req.params.id),
  );
  app.get(
    '/:id/photo',
    { schema: { tags, summary: '心愿照片（能查看该心愿的人）', params: ZWishIdParam } },
    async (req, reply) => {
      const f = await wishPhotoFile(ctxOf(req), req.params.id, false);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path.join(filesRoot(req.server.deps), f.storageKey)));
    },
  );
  app.post(
    '/:id/approve',
    {
      schema: {
        tags,
        summary: '审核通过，发布到心愿墙',
        params: ZWishIdParam,
        body: ZReviewNoteInput.optional(),
        response: { 200: ZWish },
      },
    },
    async (req) => reviewWish(ctxOf(req), req.params.id, 'approve', req.body?.note),
  );
  app.post(
    '/:id/return',
    {
      schema: {
        tags,
        summary: '退回修改（须说明需要修改的地方）',
        params: ZWishIdParam,
        body: ZReturnWishInput,
        response: { 200: ZWish },
      },
    },
    async (req) => reviewWish(ctxOf(req), req.params.id, 'return', req.body.note),
  );
  app.post(
    '/:id/reject',
    {
      schema: {
        tags,
        summary: '审核不通过（须填写理由）',
        params: ZWishIdParam,
        body: ZRejectWishInput,
        response: { 200: ZWish },
      },
    },
    async (req) => reviewWish(ctxOf(req), req.params.id, 'reject', req.body.reason),
  );
};
