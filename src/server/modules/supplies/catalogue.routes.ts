import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPageQuery } from '../../../shared/common.ts';
import {
  ZAdjustStockInput,
  ZItem,
  ZItemInput,
  ZItemPage,
  ZListItemsQuery,
  ZReceiveStockInput,
  ZStockEntryPage,
} from '../../../shared/supplies.ts';
import { filesRoot } from '../../platform/files/files.service.ts';
import { ctxOf, sendXlsx, todayStamp, XLSX } from '../../platform/http/http.ts';
import {
  adjustStock,
  createItem,
  exportItems,
  getItem,
  itemPhotoFile,
  listItemLedger,
  listItems,
  receiveStock,
  setItemState,
  updateItem,
} from './catalogue.service.ts';

const tags = ['服务热线平台 supplies'];
/** PATCH: any subset of the item's fields (the window is checked against the stored values). */
const ZIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const ZItemPatch = z.object(ZItemInput.shape).partial();

/** 服务热线平台 物资目录、库存台账（supplies-catalogue）. */
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/items',
    {
      schema: {
        tags,
        summary:
          '物资目录（工会：本级及下级枢纽的目录和上级枢纽的目录；供应商/爱心企业：本单位提供的物资），库存取自台账',
        querystring: ZListItemsQuery,
        response: { 200: ZItemPage },
      },
    },
    async (req) => listItems(ctxOf(req), req.query),
  );
  app.get(
    '/items/export',
    {
      schema: {
        tags,
        summary: '导出筛选后的物资目录（Excel，含在库、已预留、可用库存；记入审计）',
        querystring: ZListItemsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const buffer = await exportItems(ctxOf(req), req.query);
      const stamp = todayStamp();
      return sendXlsx(reply, buffer, `supply-items-${stamp}.xlsx`, `物资目录-${stamp}.xlsx`);
    },
  );
  app.post(
    '/items',
    {
      schema: {
        tags,
        summary: '上架物资（供应商/爱心企业上架本单位提供的物资；枢纽工会干部上架供应商物资或工会采购物资）',
        body: ZItemInput,
        response: { 201: ZItem },
      },
    },
    async (req, reply) => reply.status(201).send(await createItem(ctxOf(req), req.body)),
  );
  app.get(
    '/items/:id',
    {
      schema: { tags, summary: '物资详情（含台账库存）', params: ZIdParam, response: { 200: ZItem } },
    },
    async (req) => getItem(ctxOf(req), req.params.id),
  );
  app.patch(
    '/items/:id',
    {
      schema: {
        tags,
        summary: '修改物资信息（枢纽工会或该物资的供应商；库存不能在此修改）',
        params: ZIdParam,
        body: ZItemPatch,
        response: { 200: ZItem },
      },
    },
    async (req) => updateItem(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/items/:id/deactivate',
    {
      schema: {
        tags,
        summary: '下架物资（不能再申领；已审核的需求照常配送）',
        params: ZIdParam,
        response: { 200: ZItem },
      },
    },
    async (req) => setItemState(ctxOf(req), req.params.id, 'inactive'),
  );
  app.post(
    '/items/:id/activate',
    {
      schema: { tags, summary: '重新上架物资', params: ZIdParam, response: { 200: ZItem } },
    },
    async (req) => setItemState(ctxOf(req), req.params.id, 'active'),
  );
  app.post(
    '/items/:id/receive',
    {
      schema: {
        tags,
        summary: '入库（该物资的供应商或枢纽工会；记一笔“入库”台账）',
        params: ZIdParam,
        body: ZReceiveStockInput,
        response: { 200: ZItem },
      },
    },
    async (req) => receiveStock(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/items/:id/adjust',
    {
      schema: {
        tags,
        summary: '盘点调整（枢纽工会；须填写原因；调整后在库不能少于已预留数量）',
        params: ZIdParam,
        body: ZAdjustStockInput,
        response: { 200: ZItem },
      },
    },
    async (req) => adjustStock(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/items/:id/ledger',
    {
      schema: {
        tags,
        summary: '库存台账（只增不改，最新在前；每笔含变动后的在库、预留、可用）',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZStockEntryPage },
      },
    },
    async (req) => listItemLedger(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/items/:id/photo',
    { schema: { tags, summary: '物资照片（能查看该物资的人）', params: ZIdParam } },
    async (req, reply) => {
      const f = await itemPhotoFile(ctxOf(req), req.params.id);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path.join(filesRoot(req.server.deps), f.storageKey)));
    },
  );
};
