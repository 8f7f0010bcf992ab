import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZPageQuery } from '../../../shared/common.ts';
import {
  ZCancelErrandInput,
  ZDeclineErrandInput,
  ZDeliverErrandInput,
  ZDispatchErrandInput,
  ZErrand,
  ZErrandPage,
  ZHotlineErrandInput,
  ZListErrandsQuery,
  ZMergeErrandInput,
  ZWorkerErrandInput,
} from '../../../shared/errands.ts';
import { filesRoot } from '../../platform/files/files.service.ts';
import { ctxOf, sendXlsx, todayStamp } from '../../platform/http/http.ts';
import {
  acceptErrand,
  cancelErrand,
  declineErrand,
  deliverErrand,
  dispatchErrand,
  errandPhotoFile,
  exportErrands,
  getCourierErrand,
  getErrand,
  getMyErrand,
  listCourierErrands,
  listCourierOrgs,
  listErrands,
  listMyErrands,
  mergeErrand,
  pickUpErrand,
  recordCall,
  requestErrand,
} from './errands.service.ts';

const tags = ['及时送 errands'];
const ZCourierOrgs = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) });

/** 及时送 工单登记、派单、快递员接单送达（errands-core）. */
export const errandRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      schema: {
        tags,
        summary: '热线登记及时送工单（值班干部）',
        body: ZHotlineErrandInput,
        response: { 201: ZErrand },
      },
    },
    async (req, reply) => reply.status(201).send(await recordCall(ctxOf(req), req.body)),
  );
  app.post(
    '/mine',
    {
      schema: {
        tags,
        summary: '职工网上申请及时送（归属最近的开通热线的工会）',
        body: ZWorkerErrandInput,
        response: { 201: ZErrand },
      },
    },
    async (req, reply) => reply.status(201).send(await requestErrand(ctxOf(req), req.body)),
  );
  app.get(
    '/mine',
    { schema: { tags, summary: '我的及时送申请', querystring: ZPageQuery, response: { 200: ZErrandPage } } },
    async (req) => listMyErrands(ctxOf(req), req.query),
  );
  app.get(
    '/mine/:id',
    { schema: { tags, summary: '我的及时送申请详情', params: ZIdParam, response: { 200: ZErrand } } },
    async (req) => getMyErrand(ctxOf(req), req.params.id),
  );
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '及时送工单列表（本工会及下级）',
        querystring: ZListErrandsQuery,
        response: { 200: ZErrandPage },
      },
    },
    async (req) => listErrands(ctxOf(req), req.query),
  );
  app.get(
    '/export',
    {
      schema: {
        tags,
        summary: '导出及时送工单（含各环节时间和用时）',
        querystring: ZListErrandsQuery,
      },
    },
    async (req, reply) => {
      const buf = await exportErrands(ctxOf(req), req.query);
      const stamp = todayStamp();
      return sendXlsx(reply, buf, `errands-${stamp}.xlsx`, `及时送工单-${stamp}.xlsx`);
    },
  );
  app.get(
    '/couriers',
    {
      schema: {
        tags,
        summary: '可派单的快递合作单位',
        querystring: z.object({ orgId: z.coerce.number().int().positive().optional() }),
        response: { 200: ZCourierOrgs },
      },
    },
    async (req) => listCourierOrgs(ctxOf(req), req.query.orgId),
  );
  app.get(
    '/courier',
    {
      schema: {
        tags,
        summary: '快递员待办（派给本单位待接的、本人接的、近 7 天本人送达的）',
        querystring: ZPageQuery,
        response: { 200: ZErrandPage },
      },
    },
    async (req) => listCourierErrands(ctxOf(req), req.query),
  );
  app.get(
    '/courier/:id',
    { schema: { tags, summary: '快递员查看工单', params: ZIdParam, response: { 200: ZErrand } } },
    async (req) => getCourierErrand(ctxOf(req), req.params.id),
  );
  app.get(
    '/:id',
    { schema: { tags, summary: '及时送工单详情', params: ZIdParam, response: { 200: ZErrand } } },
    async (req) => getErrand(ctxOf(req), req.params.id),
  );
  app.get('/:id/photo', { schema: { tags, summary: '送达照片', params: ZIdParam } }, async (req, reply) => {
    const f = await errandPhotoFile(ctxOf(req), req.params.id);
    return reply
      .header('content-type', f.mime)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(path.join(filesRoot(req.server.deps), f.storageKey)));
  });
  app.post(
    '/:id/dispatch',
    {
      schema: {
        tags,
        summary: '派单给快递合作单位',
        params: ZIdParam,
        body: ZDispatchErrandInput,
        response: { 200: ZErrand },
      },
    },
    async (req) => dispatchErrand(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/cancel',
    {
      schema: {
        tags,
        summary: '取消工单',
        params: ZIdParam,
        body: ZCancelErrandInput,
        response: { 200: ZErrand },
      },
    },
    async (req) => cancelErrand(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/merge',
    {
      schema: {
        tags,
        summary: '重复来电合并到其他工单',
        params: ZIdParam,
        body: ZMergeErrandInput,
        response: { 200: ZErrand },
      },
    },
    async (req) => mergeErrand(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/accept',
    { schema: { tags, summary: '快递员接单', params: ZIdParam, response: { 200: ZErrand } } },
    async (req) => acceptErrand(ctxOf(req), req.params.id),
  );
  app.post(
    '/:id/decline',
    {
      schema: {
        tags,
        summary: '快递员无法接单，退回派单',
        params: ZIdParam,
        body: ZDeclineErrandInput,
        response: { 200: ZErrand },
      },
    },
    async (req) => declineErrand(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/pickup',
    { schema: { tags, summary: '快递员取件', params: ZIdParam, response: { 200: ZErrand } } },
    async (req) => pickUpErrand(ctxOf(req), req.params.id),
  );
  app.post(
    '/:id/deliver',
    {
      schema: {
        tags,
        summary: '送达（签收人、照片）',
        params: ZIdParam,
        body: ZDeliverErrandInput,
        response: { 200: ZErrand },
      },
    },
    async (req) => deliverErrand(ctxOf(req), req.params.id, req.body),
  );
};
