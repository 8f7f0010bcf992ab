import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIntId } from '../../../shared/common.ts';
import {
  ZAwardInput,
  ZDutyRecord,
  ZDutyRecordPage,
  ZIdleQuery,
  ZIdleRepresentative,
  ZListDutyRecordsQuery,
  ZManualRecordInput,
  ZRejectInput,
  ZVoidInput,
} from '../../../shared/duty.ts';
import { ctxOf } from '../../platform/http/http.ts';
import './duty.jobs.ts';
import {
  awardRecord,
  createManualRecord,
  getRecord,
  listIdle,
  listRecords,
  transitionRecord,
} from './records.service.ts';

const tags = ['履职评价 duty'];
const ZIdParam = z.object({ id: ZIntId });

/**
 * 履职记录 (issue #9): automatic records come from platform events (duty.subscribers.ts); representatives
 * enter their own with evidence, cadres review, award and void; idle representatives are listed and
 * reminded (duty.jobs.ts).
 */
export const recordsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/records',
    {
      schema: {
        tags,
        summary: '履职记录列表（干部：本工会及下级；代表：本人的记录）',
        querystring: ZListDutyRecordsQuery,
        response: { 200: ZDutyRecordPage },
      },
    },
    async (req) => listRecords(ctxOf(req), req.query),
  );
  app.post(
    '/records',
    {
      schema: {
        tags,
        summary: '代表填报履职记录（待审核；证明材料上传到 duty.record/<id>）',
        body: ZManualRecordInput,
        response: { 201: ZDutyRecord },
      },
    },
    async (req, reply) => reply.status(201).send(await createManualRecord(ctxOf(req), req.body)),
  );
  app.post(
    '/records/award',
    {
      schema: {
        tags,
        summary: '工会认定加分或减分',
        body: ZAwardInput,
        response: { 201: ZDutyRecord },
      },
    },
    async (req, reply) => reply.status(201).send(await awardRecord(ctxOf(req), req.body)),
  );
  app.get(
    '/records/:id',
    { schema: { tags, summary: '履职记录详情', params: ZIdParam, response: { 200: ZDutyRecord } } },
    async (req) => getRecord(ctxOf(req), req.params.id),
  );
  app.post(
    '/records/:id/approve',
    { schema: { tags, summary: '审核通过', params: ZIdParam, response: { 200: ZDutyRecord } } },
    async (req) => transitionRecord(ctxOf(req), req.params.id, 'approve'),
  );
  app.post(
    '/records/:id/reject',
    {
      schema: {
        tags,
        summary: '驳回（须写明理由）',
        params: ZIdParam,
        body: ZRejectInput,
        response: { 200: ZDutyRecord },
      },
    },
    async (req) => transitionRecord(ctxOf(req), req.params.id, 'reject', req.body.reason),
  );
  app.post(
    '/records/:id/withdraw',
    { schema: { tags, summary: '代表撤回待审核的记录', params: ZIdParam, response: { 200: ZDutyRecord } } },
    async (req) => transitionRecord(ctxOf(req), req.params.id, 'withdraw'),
  );
  app.post(
    '/records/:id/void',
    {
      schema: {
        tags,
        summary: '作废（须写明理由）',
        params: ZIdParam,
        body: ZVoidInput,
        response: { 200: ZDutyRecord },
      },
    },
    async (req) => transitionRecord(ctxOf(req), req.params.id, 'void', req.body.reason),
  );
  app.get(
    '/congresses/:id/idle',
    {
      schema: {
        tags,
        summary: '长期未履职的代表（默认按方案的提醒天数）',
        params: ZIdParam,
        querystring: ZIdleQuery,
        response: { 200: z.array(ZIdleRepresentative) },
      },
    },
    async (req) => listIdle(ctxOf(req), req.params.id, req.query.days),
  );
};
