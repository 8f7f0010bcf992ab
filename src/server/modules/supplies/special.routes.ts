import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParam } from '../../../shared/common.ts';
import {
  ZConvertSpecialInput,
  ZDeclineSpecialInput,
  ZListSpecialRequestsQuery,
  ZSourcingInput,
  ZSpecialRequest,
  ZSpecialRequestInput,
  ZSpecialRequestPage,
} from '../../../shared/supplies.ts';
import { ctxOf } from '../../platform/http/http.ts';
import {
  convertSpecialRequest,
  declineSpecialRequest,
  fileSpecialRequest,
  getSpecialRequest,
  listSpecialRequests,
  sourceSpecialRequest,
} from './special.service.ts';

const tags = ['服务热线平台 supplies'];

/** 服务热线平台 特殊需求（supplies-requests）. */
export const specialRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/special-requests',
    {
      schema: {
        tags,
        summary: '提报特殊需求（目录外物资，如生日礼盒、晾衣绳；由枢纽工会寻源）',
        body: ZSpecialRequestInput,
        response: { 201: ZSpecialRequest },
      },
    },
    async (req, reply) => reply.status(201).send(await fileSpecialRequest(ctxOf(req), req.body)),
  );
  app.get(
    '/special-requests',
    {
      schema: {
        tags,
        summary: '特殊需求列表（本级及下级单位提报的、或本级枢纽处理的）',
        querystring: ZListSpecialRequestsQuery,
        response: { 200: ZSpecialRequestPage },
      },
    },
    async (req) => listSpecialRequests(ctxOf(req), req.query),
  );
  app.get(
    '/special-requests/:id',
    {
      schema: {
        tags,
        summary: '特殊需求详情（含处理进度）',
        params: ZIdParam,
        response: { 200: ZSpecialRequest },
      },
    },
    async (req) => getSpecialRequest(ctxOf(req), req.params.id),
  );
  app.post(
    '/special-requests/:id/source',
    {
      schema: {
        tags,
        summary: '开始寻源（枢纽工会，填写寻源情况）',
        params: ZIdParam,
        body: ZSourcingInput,
        response: { 200: ZSpecialRequest },
      },
    },
    async (req) => sourceSpecialRequest(ctxOf(req), req.params.id, req.body.note),
  );
  app.post(
    '/special-requests/:id/convert',
    {
      schema: {
        tags,
        summary: '转为物资需求（物资已上架目录：按所选目录物资生成待审核的需求，两者互相关联）',
        params: ZIdParam,
        body: ZConvertSpecialInput,
        response: { 200: ZSpecialRequest },
      },
    },
    async (req) => convertSpecialRequest(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/special-requests/:id/decline',
    {
      schema: {
        tags,
        summary: '无法提供（枢纽工会，填写原因）',
        params: ZIdParam,
        body: ZDeclineSpecialInput,
        response: { 200: ZSpecialRequest },
      },
    },
    async (req) => declineSpecialRequest(ctxOf(req), req.params.id, req.body.reason),
  );
};
