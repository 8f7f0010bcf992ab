import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParam } from '../../../shared/common.ts';
import {
  ZApproveInput,
  ZHotlineRequestInput,
  ZListRequestsQuery,
  ZRejectRequestInput,
  ZRequest,
  ZRequestInput,
  ZRequestPage,
  ZRequestTemplate,
  ZReviewPreview,
  ZWithdrawRequestInput,
} from '../../../shared/supplies.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import {
  approveRequest,
  exportRequests,
  getRequest,
  listRequests,
  rejectRequest,
  requestTemplate,
  reviewPreview,
  submitHotlineRequest,
  submitRequest,
  withdrawRequest,
} from './requests.service.ts';

const tags = ['服务热线平台 supplies'];

/** 服务热线平台 物资需求、审核（supplies-requests）. */
export const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary: '提报物资需求（单位为本单位或下级的配送点位提报；物资须在目录中、上架且在可申请时间内）',
        body: ZRequestInput,
        response: { 201: ZRequest },
      },
    },
    async (req, reply) => reply.status(201).send(await submitRequest(ctxOf(req), req.body)),
  );
  app.post(
    '/requests/hotline',
    {
      schema: {
        tags,
        summary: '热线代录需求（枢纽工会热线干部代单位录入电话提报的需求，记录来电人）',
        body: ZHotlineRequestInput,
        response: { 201: ZRequest },
      },
    },
    async (req, reply) => reply.status(201).send(await submitHotlineRequest(ctxOf(req), req.body)),
  );
  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary: '物资需求列表（本级及下级单位提报的、或本级枢纽审核的需求）',
        querystring: ZListRequestsQuery,
        response: { 200: ZRequestPage },
      },
    },
    async (req) => listRequests(ctxOf(req), req.query),
  );
  app.get(
    '/requests/export',
    {
      schema: {
        tags,
        summary: '导出筛选后的物资需求及明细（Excel，记入审计）',
        querystring: ZListRequestsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const buffer = await exportRequests(ctxOf(req), req.query);
      const stamp = todayStamp();
      return sendXlsx(reply, buffer, `supply-requests-${stamp}.xlsx`, `物资需求-${stamp}.xlsx`);
    },
  );
  app.get(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: '物资需求详情（明细的申请/审核/出库/签收数量、配送单、进度时间线、可执行操作）',
        params: ZIdParam,
        response: { 200: ZRequest },
      },
    },
    async (req) => getRequest(ctxOf(req), req.params.id),
  );
  app.post(
    '/requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: '撤回物资需求（审核前）',
        params: ZIdParam,
        body: ZWithdrawRequestInput.optional(),
        response: { 200: ZRequest },
      },
    },
    async (req) => withdrawRequest(ctxOf(req), req.params.id, req.body?.note),
  );
  app.get(
    '/requests/:id/template',
    {
      schema: {
        tags,
        summary: '复制为新需求（已下架或不在可申请时间内的物资不带入，并列出）',
        params: ZIdParam,
        response: { 200: ZRequestTemplate },
      },
    },
    async (req) => requestTemplate(ctxOf(req), req.params.id),
  );
  app.get(
    '/requests/:id/review-preview',
    {
      schema: {
        tags,
        summary: '审核预览：各物资当前可用库存与建议审核数量（枢纽工会）',
        params: ZIdParam,
        response: { 200: ZReviewPreview },
      },
    },
    async (req) => reviewPreview(ctxOf(req), req.params.id),
  );
  app.post(
    '/requests/:id/approve',
    {
      schema: {
        tags,
        summary: '审核通过（可逐行核减，核减须填原因；同时预留库存，库存不足返回 409）',
        params: ZIdParam,
        body: ZApproveInput,
        response: { 200: ZRequest },
      },
    },
    async (req) => approveRequest(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/requests/:id/reject',
    {
      schema: {
        tags,
        summary: '审核不通过（须填理由）',
        params: ZIdParam,
        body: ZRejectRequestInput,
        response: { 200: ZRequest },
      },
    },
    async (req) => rejectRequest(ctxOf(req), req.params.id, req.body.reason),
  );
};
