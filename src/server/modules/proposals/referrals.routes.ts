import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  REFERRAL_SIGNATURE_HEADER,
  REFERRAL_TIMESTAMP_HEADER,
  referralStates,
  ZEndpoint,
  ZEndpointInput,
  ZListReferralsQuery,
  ZReferralDetail,
  ZReferralPage,
  ZReferralStatusInput,
} from '../../../shared/appeals.ts';
import { ctxOf } from '../../platform/http/http.ts';
import './referrals.jobs.ts';
import {
  getReferral,
  handleReferralCallback,
  listEndpoints,
  listReferrals,
  putEndpoint,
  recordManualStatus,
  retryReferral,
  switchToManual,
} from './referrals.service.ts';

const tags = ['云履职 referrals'];
const ZIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const ZPartnerParam = z.object({ partnerOrgId: z.coerce.number().int().positive().max(2_147_483_647) });
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** 转基层治理平台 (issue #8). */
export const referralRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/referrals/endpoints',
    {
      schema: {
        tags,
        summary: '基层治理平台对接配置（本单位及下级的治理平台；密钥只写不读）',
        response: { 200: z.array(ZEndpoint) },
      },
    },
    async (req) => listEndpoints(ctxOf(req)),
  );
  app.put(
    '/referrals/endpoints/:partnerOrgId',
    {
      schema: {
        tags,
        summary: '设置治理平台对接方式：接口推送（地址 + HMAC 密钥，密钥加密保存）或人工交办（管理员）',
        params: ZPartnerParam,
        body: ZEndpointInput,
        response: { 200: ZEndpoint },
      },
    },
    async (req) => putEndpoint(ctxOf(req), req.params.partnerOrgId, req.body),
  );
  app.get(
    '/referrals',
    {
      schema: {
        tags,
        summary: '转治理平台事项（工会：本单位及下级；治理平台账号：转给本平台的）',
        querystring: ZListReferralsQuery,
        response: { 200: ZReferralPage },
      },
    },
    async (req) => listReferrals(ctxOf(req), req.query),
  );
  app.get(
    '/referrals/:id',
    {
      schema: {
        tags,
        summary: '转办详情：推送内容、每次推送记录、平台状态',
        params: ZIdParam,
        response: { 200: ZReferralDetail },
      },
    },
    async (req) => getReferral(ctxOf(req), req.params.id),
  );
  app.post(
    '/referrals/:id/retry',
    {
      schema: {
        tags,
        summary: '立即重新推送（待推送或推送失败的接口事项）',
        params: ZIdParam,
        response: { 200: ZReferralDetail },
      },
    },
    async (req) => retryReferral(ctxOf(req), req.params.id),
  );
  app.post(
    '/referrals/:id/manual',
    {
      schema: {
        tags,
        summary: '改为人工交办（推送不成功时）',
        params: ZIdParam,
        response: { 200: ZReferralDetail },
      },
    },
    async (req) => switchToManual(ctxOf(req), req.params.id),
  );
  app.post(
    '/referrals/:id/status',
    {
      schema: {
        tags,
        summary: '人工交办：工会干部或治理平台账号登记受理、办理中、办结答复',
        params: ZIdParam,
        body: ZReferralStatusInput,
        response: { 200: ZReferralDetail },
      },
    },
    async (req) => recordManualStatus(ctxOf(req), req.params.id, req.body),
  );

  // The platform's callback is verified over the exact bytes it signed: this child context alone reads
  // JSON bodies as raw text (the signature check parses them itself).
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, body),
    );
    raw.post(
      '/referrals/callback',
      {
        schema: {
          tags,
          summary:
            '治理平台回调（无需登录）：X-Niangjia-Timestamp + X-Niangjia-Signature: sha256=HMAC(密钥, 时间戳 + "." + 原始请求体)',
          response: {
            200: z.object({ referral: z.string(), status: z.enum(referralStates), changed: z.boolean() }),
          },
        },
      },
      async (req) =>
        handleReferralCallback(ctxOf(req), typeof req.body === 'string' ? req.body : '', {
          timestamp: header(req.headers[REFERRAL_TIMESTAMP_HEADER]),
          signature: header(req.headers[REFERRAL_SIGNATURE_HEADER]),
        }),
    );
  });
};
