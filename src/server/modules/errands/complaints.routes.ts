import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAnswerComplaintInput,
  ZComplaint,
  ZComplaintInput,
  ZComplaintPage,
  ZListComplaintsQuery,
} from '../../../shared/errands.ts';
import { ctxOf } from '../../platform/http/http.ts';
import { answerComplaint, listComplaints, lodgeComplaint } from './complaints.service.ts';

const tags = ['及时送 errands'];
const ZIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** 及时送 投诉（errands-complaints）. */
export const complaintRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/complaints',
    {
      schema: {
        tags,
        summary:
          '登记投诉：干部按工单 id 登记；公众在手机端凭工单编号、姓名和来电人或收件人手机号投诉（无需登录）',
        body: ZComplaintInput,
        response: { 201: ZComplaint },
      },
    },
    async (req, reply) => reply.status(201).send(await lodgeComplaint(ctxOf(req), req.body)),
  );
  app.get(
    '/complaints',
    {
      schema: {
        tags,
        summary: '投诉列表（本单位及下级，按状态筛选）',
        querystring: ZListComplaintsQuery,
        response: { 200: ZComplaintPage },
      },
    },
    async (req) => listComplaints(ctxOf(req), req.query),
  );
  app.post(
    '/complaints/:id/answer',
    {
      schema: {
        tags,
        summary: '答复投诉并记录处理结果（只能答复一次）',
        params: ZIdParam,
        body: ZAnswerComplaintInput,
        response: { 200: ZComplaint },
      },
    },
    async (req) => answerComplaint(ctxOf(req), req.params.id, req.body),
  );
};
