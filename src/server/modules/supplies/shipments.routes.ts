import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam } from '../../../shared/common.ts';
import {
  requestStates,
  ZCloseLineInput,
  ZDeliverInput,
  ZDepartInput,
  ZDispatchInput,
  ZListShipmentsQuery,
  ZShipment,
  ZShipmentExceptionInput,
  ZShipmentNoteInput,
  ZShipmentPage,
} from '../../../shared/supplies.ts';
import { filesRoot } from '../../platform/files/files.service.ts';
import { ctxOf, sendXlsx } from '../../platform/http/http.ts';
import {
  closeRequestLine,
  deliverShipment,
  departShipment,
  dispatchRequests,
  failShipment,
  getShipment,
  listDispatchPartners,
  listShipments,
  markInTransit,
  restockShipment,
  shipmentManifest,
  shipmentPhotoFile,
} from './shipments.service.ts';

const tags = ['物资保障 supplies'];
const ZLineParams = z.object({
  id: z.coerce.number().int().positive(),
  lineId: z.coerce.number().int().positive(),
});

/** 服务热线平台 派单与配送（supplies-shipments）. */
export const shipmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/shipments/partners',
    {
      schema: {
        tags,
        summary: '可派单的物流合作单位（本工会下在用的物流企业）',
        response: {
          200: z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) }),
        },
      },
    },
    async (req) => listDispatchPartners(ctxOf(req)),
  );
  app.post(
    '/shipments',
    {
      schema: {
        tags,
        summary: '派单：把已审核需求的待配送数量交给物流单位，每个配送点位生成一张配送单',
        body: ZDispatchInput,
        response: { 201: z.object({ shipments: z.array(ZShipment) }) },
      },
    },
    async (req, reply) => reply.status(201).send(await dispatchRequests(ctxOf(req), req.body)),
  );
  app.get(
    '/shipments',
    {
      schema: {
        tags,
        summary: '配送单列表（物流单位只看到派给本单位的配送单）',
        querystring: ZListShipmentsQuery,
        response: { 200: ZShipmentPage },
      },
    },
    async (req) => listShipments(ctxOf(req), req.query),
  );
  app.get(
    '/shipments/:id',
    {
      schema: {
        tags,
        summary: '配送单详情（枢纽工会、收货单位、承运的物流单位）',
        params: ZIdParam,
        response: { 200: ZShipment },
      },
    },
    async (req) => getShipment(ctxOf(req), req.params.id),
  );
  app.post(
    '/shipments/:id/depart',
    {
      schema: {
        tags,
        summary: '出库：登记车牌、司机、司机核酸检测时间（48 小时内）和消杀检查，库存出库',
        params: ZIdParam,
        body: ZDepartInput,
        response: { 200: ZShipment },
      },
    },
    async (req) => departShipment(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/shipments/:id/transit',
    {
      schema: {
        tags,
        summary: '运输中',
        params: ZIdParam,
        body: ZShipmentNoteInput.optional(),
        response: { 200: ZShipment },
      },
    },
    async (req) => markInTransit(ctxOf(req), req.params.id, req.body?.note),
  );
  app.post(
    '/shipments/:id/deliver',
    {
      schema: {
        tags,
        summary: '送达签收：每种物资的签收数量、签收人、照片',
        params: ZIdParam,
        body: ZDeliverInput,
        response: { 200: ZShipment },
      },
    },
    async (req) => deliverShipment(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/shipments/:id/fail',
    {
      schema: {
        tags,
        summary: '配送异常（填写原因；出库前异常的数量可重新派单）',
        params: ZIdParam,
        body: ZShipmentExceptionInput,
        response: { 200: ZShipment },
      },
    },
    async (req) => failShipment(ctxOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/shipments/:id/restock',
    {
      schema: {
        tags,
        summary: '退回入库（枢纽工会；在途异常的物资回到库存，需求可重新派单）',
        params: ZIdParam,
        body: ZShipmentNoteInput,
        response: { 200: ZShipment },
      },
    },
    async (req) => restockShipment(ctxOf(req), req.params.id, req.body.note ?? null),
  );
  app.get(
    '/shipments/:id/manifest.xlsx',
    { schema: { tags, summary: '装车清单（Excel，给司机：物资明细、配送点位、联系人）', params: ZIdParam } },
    async (req, reply) => {
      const { buffer, code } = await shipmentManifest(ctxOf(req), req.params.id);
      return sendXlsx(reply, buffer, `manifest-${code}.xlsx`, `装车清单-${code}.xlsx`);
    },
  );
  app.get(
    '/shipments/:id/photo',
    { schema: { tags, summary: '签收照片', params: ZIdParam } },
    async (req, reply) => {
      const f = await shipmentPhotoFile(ctxOf(req), req.params.id);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(createReadStream(path.join(filesRoot(req.server.deps), f.storageKey)));
    },
  );
  app.post(
    '/requests/:id/lines/:lineId/close',
    {
      schema: {
        tags,
        summary: '关闭需求明细（枢纽工会；填写原因，释放尚未出库的预留库存）',
        params: ZLineParams,
        body: ZCloseLineInput,
        response: {
          200: z.object({
            requestId: z.number().int(),
            lineId: z.number().int(),
            released: z.number().int(),
            requestState: z.enum(requestStates),
          }),
        },
      },
    },
    async (req) => closeRequestLine(ctxOf(req), req.params.id, req.params.lineId, req.body.reason),
  );
};
