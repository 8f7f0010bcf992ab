import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIntId } from '../../../shared/common.ts';
import {
  ZCongress,
  ZCongressInput,
  ZCongressSession,
  ZCongressSessionInput,
  ZCongressUpdate,
  ZContactMessageInput,
  ZContactThread,
  ZContactThreadInput,
  ZContactThreadPage,
  ZListCongressesQuery,
  ZListContactThreadsQuery,
  ZListRepresentativesQuery,
  ZRepresentative,
  ZRepresentativeInput,
  ZRepresentativePage,
  ZRepresentativeUpdate,
} from '../../../shared/proposals.ts';
import { ctxOf } from '../../platform/http/http.ts';
import {
  addRepresentative,
  createCongress,
  createSession,
  getCongress,
  getRepresentative,
  listCongresses,
  listRepresentatives,
  listSessions,
  mySeats,
  updateCongress,
  updateRepresentative,
} from './congress.service.ts';
import { closeThread, getThread, listThreads, postMessage, startThread } from './contact.service.ts';

const tags = ['云履职 congress'];
const ZIdParam = z.object({ id: ZIntId });

/** 会员代表大会, 会员代表名录, 联系服务 (issue #8). */
export const congressRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/congresses',
    {
      schema: {
        tags,
        summary: '会员代表大会列表（干部：本单位及下级；职工和代表：所在工会的）',
        querystring: ZListCongressesQuery,
        response: { 200: z.array(ZCongress) },
      },
    },
    async (req) => listCongresses(ctxOf(req), req.query),
  );
  app.post(
    '/congresses',
    {
      schema: {
        tags,
        summary: '新建一届会员代表大会（含联名附议人数、各环节期限）',
        body: ZCongressInput,
        response: { 201: ZCongress },
      },
    },
    async (req, reply) => reply.status(201).send(await createCongress(ctxOf(req), req.body)),
  );
  app.get(
    '/congresses/:id',
    { schema: { tags, summary: '会员代表大会详情', params: ZIdParam, response: { 200: ZCongress } } },
    async (req) => getCongress(ctxOf(req), req.params.id),
  );
  app.patch(
    '/congresses/:id',
    {
      schema: {
        tags,
        summary: '修改会员代表大会（名称、任期、附议人数、期限）',
        params: ZIdParam,
        body: ZCongressUpdate,
        response: { 200: ZCongress },
      },
    },
    async (req) => updateCongress(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/congresses/:id/sessions',
    {
      schema: {
        tags,
        summary: '大会会议列表',
        params: ZIdParam,
        response: { 200: z.array(ZCongressSession) },
      },
    },
    async (req) => listSessions(ctxOf(req), req.params.id),
  );
  app.post(
    '/congresses/:id/sessions',
    {
      schema: {
        tags,
        summary: '新建大会会议',
        params: ZIdParam,
        body: ZCongressSessionInput,
        response: { 201: ZCongressSession },
      },
    },
    async (req, reply) => reply.status(201).send(await createSession(ctxOf(req), req.params.id, req.body)),
  );
  app.post(
    '/congresses/:id/representatives',
    {
      schema: {
        tags,
        summary: '登记会员代表（没有会员代表角色的职工自动获得该角色）',
        params: ZIdParam,
        body: ZRepresentativeInput,
        response: { 201: ZRepresentative },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addRepresentative(ctxOf(req), req.params.id, req.body)),
  );

  app.get(
    '/representatives',
    {
      schema: {
        tags,
        summary: '会员代表名录（按大会、界别、代表小组、姓名或单位筛选；手机号仅本工会干部可见全号）',
        querystring: ZListRepresentativesQuery,
        response: { 200: ZRepresentativePage },
      },
    },
    async (req) => listRepresentatives(ctxOf(req), req.query),
  );
  app.get(
    '/representatives/me',
    {
      schema: {
        tags,
        summary: '我的代表席位（当前用户在各届大会的代表身份）',
        response: { 200: z.array(ZRepresentative) },
      },
    },
    async (req) => mySeats(ctxOf(req)),
  );
  app.get(
    '/representatives/:id',
    { schema: { tags, summary: '会员代表详情', params: ZIdParam, response: { 200: ZRepresentative } } },
    async (req) => getRepresentative(ctxOf(req), req.params.id),
  );
  app.patch(
    '/representatives/:id',
    {
      schema: {
        tags,
        summary: '修改会员代表信息或停用',
        params: ZIdParam,
        body: ZRepresentativeUpdate,
        response: { 200: ZRepresentative },
      },
    },
    async (req) => updateRepresentative(ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/contact/threads',
    {
      schema: {
        tags,
        summary: '联系服务留言（mine：职工自己的或代表收到的；org：本工会全部，干部）',
        querystring: ZListContactThreadsQuery,
        response: { 200: ZContactThreadPage },
      },
    },
    async (req) => listThreads(ctxOf(req), req.query),
  );
  app.post(
    '/contact/threads',
    {
      schema: {
        tags,
        summary: '职工联系代表（给所在工会的会员代表留言）',
        body: ZContactThreadInput,
        response: { 201: ZContactThread },
      },
    },
    async (req, reply) => reply.status(201).send(await startThread(ctxOf(req), req.body)),
  );
  app.get(
    '/contact/threads/:id',
    { schema: { tags, summary: '留言详情', params: ZIdParam, response: { 200: ZContactThread } } },
    async (req) => getThread(ctxOf(req), req.params.id),
  );
  app.post(
    '/contact/threads/:id/messages',
    {
      schema: {
        tags,
        summary: '在留言中回复或追问（职工本人或代表本人）',
        params: ZIdParam,
        body: ZContactMessageInput,
        response: { 200: ZContactThread },
      },
    },
    async (req) => postMessage(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/contact/threads/:id/close',
    { schema: { tags, summary: '结束留言', params: ZIdParam, response: { 200: ZContactThread } } },
    async (req) => closeThread(ctxOf(req), req.params.id),
  );
};
