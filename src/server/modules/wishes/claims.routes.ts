import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, ZPageQuery } from '../../../shared/common.ts';
import {
  ZClaim,
  ZClaimInput,
  ZDonorProfile,
  ZEventClaimsInput,
  ZMarkSentInput,
  ZReleaseClaimInput,
  ZUpdateDonorProfileInput,
  ZWish,
  ZWishActivity,
  ZWishEventInput,
  ZWishIdParam,
} from '../../../shared/wishes.ts';
import { ctxOf } from '../../platform/http/http.ts';
import { createActivity, getActivity, listActivities, recordEventClaims } from './activities.service.ts';
import './claims.jobs.ts';
import { claimWish, markSent, releaseClaim } from './claims.service.ts';
import { getDonorProfile, listDonorClaims, updateDonorProfile } from './donors.service.ts';

const tags = ['微心愿 认领 wish claims'];

/** 认领与实现: claims, fulfilment, donors, activities (wishes-claims). */
export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  // ---- donors
  app.get(
    '/donor/profile',
    {
      schema: {
        tags,
        summary: '我的爱心人士资料（个人或企业、是否上感谢榜、认领数）',
        response: { 200: ZDonorProfile },
      },
    },
    async (req) => getDonorProfile(ctxOf(req)),
  );
  app.put(
    '/donor/profile',
    {
      schema: {
        tags,
        summary: '修改爱心人士资料（企业须填写企业名称）',
        body: ZUpdateDonorProfileInput,
        response: { 200: ZDonorProfile },
      },
    },
    async (req) => updateDonorProfile(ctxOf(req), req.body),
  );
  app.get(
    '/donor/claims',
    {
      schema: {
        tags,
        summary: '我的认领：认领过的心愿及其状态、进度',
        response: { 200: z.object({ items: z.array(ZWish) }) },
      },
    },
    async (req) => listDonorClaims(ctxOf(req)),
  );

  // ---- claim and fulfilment
  app.post(
    '/:id/claim',
    {
      schema: {
        tags,
        summary: '认领心愿（爱心人士；同一心愿只有一人能认领成功，其余返回 409 WISH_ALREADY_CLAIMED）',
        params: ZWishIdParam,
        body: ZClaimInput.optional(),
        response: { 201: ZWish },
      },
    },
    async (req, reply) => reply.status(201).send(await claimWish(ctxOf(req), req.params.id, req.body ?? {})),
  );
  app.post(
    '/:id/release',
    {
      schema: {
        tags,
        summary: '放弃认领（须填写原因；心愿回到心愿墙）',
        params: ZWishIdParam,
        body: ZReleaseClaimInput,
        response: { 200: ZWish },
      },
    },
    async (req) => releaseClaim(ctxOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/:id/sent',
    {
      schema: {
        tags,
        summary:
          '登记已寄出：交工会转交 / 直接寄送（填快递单号）/ 捐款由工会代购；工会干部可代登记转交和捐款',
        params: ZWishIdParam,
        body: ZMarkSentInput,
        response: { 200: ZWish },
      },
    },
    async (req) => markSent(ctxOf(req), req.params.id, req.body),
  );

  // ---- events (解忧超市, 认领活动)
  app.get(
    '/activities',
    {
      schema: {
        tags,
        summary: '认领活动列表（本单位及下级）',
        querystring: ZPageQuery,
        response: { 200: pageOf(ZWishActivity) },
      },
    },
    async (req) => listActivities(ctxOf(req), req.query),
  );
  app.post(
    '/activities',
    {
      schema: {
        tags,
        summary: '创建认领活动（解忧超市等），属于本人所在单位',
        body: ZWishEventInput,
        response: { 201: ZWishActivity },
      },
    },
    async (req, reply) => reply.status(201).send(await createActivity(ctxOf(req), req.body)),
  );
  app.get(
    '/activities/:id',
    {
      schema: {
        tags,
        summary: '认领活动详情及现场认领记录',
        params: ZWishIdParam,
        response: {
          200: ZWishActivity.extend({ claims: z.array(ZClaim.extend({ wishTitle: z.string() })) }),
        },
      },
    },
    async (req) => getActivity(ctxOf(req), req.params.id),
  );
  app.post(
    '/activities/:id/claims',
    {
      schema: {
        tags,
        summary: '批量录入活动现场认领（全部成功或全部不保存；出错时指明第几行）',
        params: ZWishIdParam,
        body: ZEventClaimsInput,
        response: { 200: z.object({ created: z.number().int() }) },
      },
    },
    async (req) => recordEventClaims(ctxOf(req), req.params.id, req.body),
  );
};
