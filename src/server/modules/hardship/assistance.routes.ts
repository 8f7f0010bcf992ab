import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZArchiveIdParam,
  ZAssistance,
  ZAssistanceInput,
  ZAssistanceList,
  ZBulkAssistanceInput,
} from '../../../shared/hardship.ts';
import { ctxOf } from '../../platform/http/http.ts';
import { addAssistance, addAssistanceInBulk, listAssistance } from './assistance.service.ts';

const tags = ['困难职工帮扶 hardship'];

/** 帮扶救助 endpoints, mounted with the module under `/api/v1/hardship`. */
export const assistanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/archives/:id/assistance',
    {
      schema: {
        tags,
        summary: '帮扶救助记录（含合计与按年合计）',
        params: ZArchiveIdParam,
        response: { 200: ZAssistanceList },
      },
    },
    async (req) => listAssistance(ctxOf(req), req.params.id),
  );
  app.post(
    '/archives/:id/assistance',
    {
      schema: {
        tags,
        summary: '登记帮扶救助（在档档案；金额以分计，和/或物品；工会干部、管理员）',
        params: ZArchiveIdParam,
        body: ZAssistanceInput,
        response: { 201: ZAssistance },
      },
    },
    async (req, reply) => reply.status(201).send(await addAssistance(ctxOf(req), req.params.id, req.body)),
  );
  app.post(
    '/assistance/bulk',
    {
      schema: {
        tags,
        summary: '送温暖批量登记：同一笔帮扶发给多份在档档案（全部成功或全部不登记）',
        body: ZBulkAssistanceInput,
        response: { 201: z.object({ count: z.number(), batchId: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await addAssistanceInBulk(ctxOf(req), req.body)),
  );
};
