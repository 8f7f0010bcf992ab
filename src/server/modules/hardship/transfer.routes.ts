import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZArchiveIdParam } from '../../../shared/hardship.ts';
import {
  ZDecideTransferInput,
  ZListTransfersQuery,
  ZProposeTransferInput,
  ZTransfer,
  ZTransferIdParam,
  ZTransferPage,
  ZTransferTarget,
  ZTransferTargetsQuery,
} from '../../../shared/hardship-transfer.ts';
import { ctxOf } from '../../platform/http/http.ts';
import {
  acceptTransfer,
  cancelTransfer,
  declineTransfer,
  listArchiveTransfers,
  listTransfers,
  proposeTransfer,
  searchTransferTargets,
} from './transfer.service.ts';

const tags = ['困难职工帮扶 hardship'];

/** 档案移交 (行走式数据链): propose, accept, decline, cancel; the receiving org’s inbox. */
export const transferRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/archives/:id/transfers',
    {
      schema: {
        tags,
        summary: '发起档案移交（在档或尚未入户核查的档案；接收单位为平台上任一工会；每档至多一项待接收）',
        params: ZArchiveIdParam,
        body: ZProposeTransferInput,
        response: { 201: ZTransfer },
      },
    },
    async (req, reply) => reply.status(201).send(await proposeTransfer(ctxOf(req), req.params.id, req.body)),
  );
  app.get(
    '/archives/:id/transfers',
    {
      schema: {
        tags,
        summary: '档案的移交记录（新的在前）',
        params: ZArchiveIdParam,
        response: { 200: z.object({ items: z.array(ZTransfer) }) },
      },
    },
    async (req) => ({ items: await listArchiveTransfers(ctxOf(req), req.params.id) }),
  );
  app.get(
    '/transfers',
    {
      schema: {
        tags,
        summary: '移交收发箱：incoming 移交给本级及下级工会的，outgoing 本级及下级工会发起的',
        querystring: ZListTransfersQuery,
        response: { 200: ZTransferPage },
      },
    },
    async (req) => listTransfers(ctxOf(req), req.query),
  );
  app.get(
    '/transfer-targets',
    {
      schema: {
        tags,
        summary: '可接收档案的工会（全平台，按名称搜索；只含名称与上级路径）',
        querystring: ZTransferTargetsQuery,
        response: { 200: z.object({ items: z.array(ZTransferTarget) }) },
      },
    },
    async (req) => ({ items: await searchTransferTargets(ctxOf(req), req.query) }),
  );
  const decisions = [
    {
      path: 'accept',
      run: acceptTransfer,
      summary: '接收移交：档案、附件转入本单位，原结对责任人解除，二维码不变',
    },
    { path: 'decline', run: declineTransfer, summary: '不接收移交（须填写理由）' },
    { path: 'cancel', run: cancelTransfer, summary: '撤回移交（发起方）' },
  ] as const;
  for (const d of decisions) {
    app.post(
      `/transfers/:id/${d.path}`,
      {
        schema: {
          tags,
          summary: d.summary,
          params: ZTransferIdParam,
          body: ZDecideTransferInput,
          response: { 200: ZTransfer },
        },
      },
      async (req) => d.run(ctxOf(req), req.params.id, req.body),
    );
  }
};
