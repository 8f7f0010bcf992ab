import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIntId } from '../../../shared/common.ts';
import {
  ZCheckinInput,
  ZCheckinView,
  ZDutySession,
  ZDutySessionDetail,
  ZDutySessionInput,
  ZMarkAttendanceInput,
} from '../../../shared/duty.ts';
import { ctxOf } from '../../platform/http/http.ts';
import {
  checkIn,
  closeSession,
  createDutySession,
  deleteDutySession,
  getCheckin,
  getDutySession,
  getSessionQr,
  listDutySessions,
  markAttendance,
  rotateSessionToken,
  updateDutySession,
} from './sessions.service.ts';

const tags = ['履职评价 sessions'];
const ZIdParam = z.object({ id: ZIntId });

/** Where the check-in QR points: PUBLIC_URL when configured, else the host the request came to. */
const baseUrlOf = (req: FastifyRequest) =>
  req.server.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

/** 会议签到与出勤 (issue #9): sessions, the venue QR, attendance marking, closing, and QR check-in. */
export const sessionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/congresses/:id/sessions',
    {
      schema: {
        tags,
        summary: '本届会议列表（含签到设置与出勤统计）',
        params: ZIdParam,
        response: { 200: z.array(ZDutySession) },
      },
    },
    async (req) => listDutySessions(ctxOf(req), req.params.id),
  );
  app.post(
    '/congresses/:id/sessions',
    {
      schema: {
        tags,
        summary: '新建会议（生成签到二维码）',
        params: ZIdParam,
        body: ZDutySessionInput,
        response: { 201: ZDutySession },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createDutySession(ctxOf(req), req.params.id, req.body)),
  );
  app.get(
    '/sessions/:id',
    {
      schema: {
        tags,
        summary: '会议详情与每位代表的出勤',
        params: ZIdParam,
        response: { 200: ZDutySessionDetail },
      },
    },
    async (req) => getDutySession(ctxOf(req), req.params.id),
  );
  app.patch(
    '/sessions/:id',
    {
      schema: {
        tags,
        summary: '修改会议（结束签到前；已标记的出勤记录随之更新）',
        params: ZIdParam,
        body: ZDutySessionInput,
        response: { 200: ZDutySessionDetail },
      },
    },
    async (req) => updateDutySession(ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/sessions/:id',
    {
      schema: {
        tags,
        summary: '删除会议（其出勤记录作废并重新计分）',
        params: ZIdParam,
        response: { 200: z.object({ voided: z.number().int() }) },
      },
    },
    async (req) => deleteDutySession(ctxOf(req), req.params.id),
  );
  app.get(
    '/sessions/:id/qr',
    {
      schema: {
        tags,
        summary: '现场签到二维码（链接与 SVG）',
        params: ZIdParam,
        response: { 200: z.object({ url: z.string(), svg: z.string() }) },
      },
    },
    async (req) => getSessionQr(ctxOf(req), req.params.id, baseUrlOf(req)),
  );
  app.post(
    '/sessions/:id/rotate-token',
    {
      schema: {
        tags,
        summary: '更换签到二维码（旧码立即失效）',
        params: ZIdParam,
        response: { 200: ZDutySession },
      },
    },
    async (req) => rotateSessionToken(ctxOf(req), req.params.id),
  );
  app.put(
    '/sessions/:id/attendance/:representativeId',
    {
      schema: {
        tags,
        summary: '登记或更正代表出勤（出席、请假、缺席）',
        params: z.object({ id: ZIntId, representativeId: ZIntId }),
        body: ZMarkAttendanceInput,
        response: { 200: ZDutySessionDetail },
      },
    },
    async (req) => markAttendance(ctxOf(req), req.params.id, req.params.representativeId, req.body),
  );
  app.post(
    '/sessions/:id/close',
    {
      schema: {
        tags,
        summary: '结束签到（未签到且未请假的代表记为无故缺席）',
        params: ZIdParam,
        response: { 200: ZDutySessionDetail },
      },
    },
    async (req) => closeSession(ctxOf(req), req.params.id),
  );
  app.get(
    '/checkin/:token',
    {
      schema: {
        tags,
        summary: '扫码后查看签到信息（不能签到时说明原因）',
        params: z.object({ token: z.string().max(100) }),
        response: { 200: ZCheckinView },
      },
    },
    async (req) => getCheckin(ctxOf(req), req.params.token),
  );
  app.post(
    '/checkin',
    {
      schema: {
        tags,
        summary: '会员代表扫码签到',
        body: ZCheckinInput,
        response: { 200: ZCheckinView },
      },
    },
    async (req) => checkIn(ctxOf(req), req.body.token),
  );
};
