import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, ZIdParam } from '../../../shared/common.ts';
import {
  orgTypes,
  ZCreateOrgInput,
  ZListOrgsQuery,
  ZMoveOrgInput,
  ZOrg,
  ZOrgStateInput,
  ZUpdateOrgInput,
} from '../../../shared/orgs.ts';
import { ctxOf } from '../http/http.ts';
import {
  changeOrgState,
  createOrg,
  getOrg,
  listOrgs,
  moveOrg,
  searchUnionDirectory,
  updateOrg,
} from './orgs.service.ts';

const tags = ['组织架构 orgs'];

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '本级及下级组织列表',
        querystring: ZListOrgsQuery,
        response: { 200: pageOf(ZOrg) },
      },
    },
    async (req) => listOrgs(ctxOf(req), req.query),
  );
  app.get(
    '/directory',
    {
      schema: {
        tags,
        summary: '工会名录（注册时选择所属工会，无需登录）',
        querystring: z.object({ q: z.string().trim().min(1, '请输入工会名称关键字').max(60) }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number(), name: z.string(), type: z.enum(orgTypes) })),
          }),
        },
      },
    },
    async (req) => ({ items: await searchUnionDirectory(ctxOf(req).db, req.query.q) }),
  );
  app.get(
    '/:id',
    { schema: { tags, summary: '组织详情', params: ZIdParam, response: { 200: ZOrg } } },
    async (req) => getOrg(ctxOf(req), req.params.id),
  );
  app.post(
    '/',
    { schema: { tags, summary: '新建下级组织', body: ZCreateOrgInput, response: { 201: ZOrg } } },
    async (req, reply) => reply.status(201).send(await createOrg(ctxOf(req), req.body)),
  );
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: '重命名或修改行政区划代码',
        params: ZIdParam,
        body: ZUpdateOrgInput,
        response: { 200: ZOrg },
      },
    },
    async (req) => updateOrg(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/:id/move',
    {
      schema: {
        tags,
        summary: '移动组织（连同下级）',
        params: ZIdParam,
        body: ZMoveOrgInput,
        response: { 200: ZOrg },
      },
    },
    async (req) => moveOrg(ctxOf(req), req.params.id, req.body.parentId),
  );
  app.post(
    '/:id/deactivate',
    {
      schema: {
        tags,
        summary: '停用组织',
        params: ZIdParam,
        body: ZOrgStateInput.optional(),
        response: { 200: ZOrg },
      },
    },
    async (req) => changeOrgState(ctxOf(req), req.params.id, 'deactivate', req.body?.note),
  );
  app.post(
    '/:id/activate',
    {
      schema: {
        tags,
        summary: '重新启用组织',
        params: ZIdParam,
        body: ZOrgStateInput.optional(),
        response: { 200: ZOrg },
      },
    },
    async (req) => changeOrgState(ctxOf(req), req.params.id, 'activate', req.body?.note),
  );
};
