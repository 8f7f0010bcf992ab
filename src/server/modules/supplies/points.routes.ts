import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZListPointsQuery, ZPoint, ZPointInput, ZPointPage } from '../../../shared/supplies.ts';
import { ctxOf } from '../../platform/http/http.ts';
import { createPoint, getPoint, listPoints, setPointActive, updatePoint } from './points.service.ts';

const tags = ['服务热线平台 supplies'];
const ZIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** 服务热线平台 配送点位（supplies-points）. */
export const pointRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/points',
    {
      schema: {
        tags,
        summary: '配送点位（本单位及下级单位的定点医院、方舱医院、驻地等；合作单位不可查看）',
        querystring: ZListPointsQuery,
        response: { 200: ZPointPage },
      },
    },
    async (req) => listPoints(ctxOf(req), req.query),
  );
  app.post(
    '/points',
    {
      schema: {
        tags,
        summary: '新增配送点位（所属单位须为本单位或下级需求单位；联系电话加密保存）',
        body: ZPointInput,
        response: { 201: ZPoint },
      },
    },
    async (req, reply) => reply.status(201).send(await createPoint(ctxOf(req), req.body)),
  );
  app.get(
    '/points/:id',
    { schema: { tags, summary: '配送点位详情', params: ZIdParam, response: { 200: ZPoint } } },
    async (req) => getPoint(ctxOf(req), req.params.id),
  );
  app.patch(
    '/points/:id',
    {
      schema: {
        tags,
        summary: '修改配送点位（任意字段）',
        params: ZIdParam,
        body: ZPointInput.partial(),
        response: { 200: ZPoint },
      },
    },
    async (req) => updatePoint(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/points/:id/deactivate',
    {
      schema: {
        tags,
        summary: '停用配送点位（不能再选作新需求的配送点）',
        params: ZIdParam,
        response: { 200: ZPoint },
      },
    },
    async (req) => setPointActive(ctxOf(req), req.params.id, false),
  );
  app.post(
    '/points/:id/activate',
    { schema: { tags, summary: '恢复使用配送点位', params: ZIdParam, response: { 200: ZPoint } } },
    async (req) => setPointActive(ctxOf(req), req.params.id, true),
  );
};
