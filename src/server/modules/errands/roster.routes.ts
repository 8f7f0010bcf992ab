import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZDutyNow,
  ZErrandSettings,
  ZHotline,
  ZHotlineInput,
  ZListShiftsQuery,
  ZNearestDuty,
  ZOverdueBoard,
  ZSetErrandSettingsInput,
  ZShift,
  ZShiftInput,
} from '../../../shared/errands.ts';
import { ctxOf } from '../../platform/http/http.ts';
import './alerts.jobs.ts';
import {
  createHotline,
  createShift,
  deleteShift,
  dutyNow,
  getErrandSettings,
  listHotlines,
  listShifts,
  nearestDuty,
  overdueBoard,
  setErrandSettings,
  updateHotline,
} from './roster.service.ts';

const tags = ['及时送 errands'];
const ZId = z.coerce.number().int().positive().max(2_147_483_647);
const ZIdParam = z.object({ id: ZId });
/** The org the request is about; default the caller's own. */
const ZOrgQuery = z.object({ orgId: ZId.optional() });
const ZHotlinePatch = z.object({
  label: ZHotlineInput.shape.label.optional(),
  number: ZHotlineInput.shape.number.optional(),
  kind: ZHotlineInput.shape.kind.optional(),
  allDay: z.boolean().optional(),
  active: z.boolean().optional(),
});

/** 及时送 值守电话、值班表、超时提醒设置与超时看板（errands-roster）. */
export const rosterRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/duty',
    {
      schema: {
        tags,
        summary: '值守信息（公开，无需登录）：工会的值守电话和当前值班人员（匿名访问只显示姓氏）',
        querystring: z.object({ orgId: ZId }),
        response: { 200: ZDutyNow },
      },
    },
    async (req) => dutyNow(ctxOf(req), req.query.orgId),
  );
  app.get(
    '/duty/nearest',
    {
      schema: {
        tags,
        summary:
          '为某单位职工服务的及时送（公开）：本单位或最近的开通了值守电话的上级工会的值守信息；都未开通时 duty 为 null',
        querystring: z.object({ orgId: ZId }),
        response: { 200: ZNearestDuty },
      },
    },
    async (req) => ({ duty: await nearestDuty(ctxOf(req), req.query.orgId) }),
  );

  app.get(
    '/hotlines',
    {
      schema: {
        tags,
        summary: '值守电话（本单位及下级）',
        querystring: ZOrgQuery,
        response: { 200: z.object({ items: z.array(ZHotline) }) },
      },
    },
    async (req) => listHotlines(ctxOf(req), req.query.orgId),
  );
  app.post(
    '/hotlines',
    {
      schema: {
        tags,
        summary: '新增值守电话（默认本单位）',
        querystring: ZOrgQuery,
        body: ZHotlineInput,
        response: { 201: ZHotline },
      },
    },
    async (req, reply) => reply.status(201).send(await createHotline(ctxOf(req), req.body, req.query.orgId)),
  );
  app.patch(
    '/hotlines/:id',
    {
      schema: {
        tags,
        summary: '修改值守电话（号码、名称、用途、是否 24 小时、是否启用）',
        params: ZIdParam,
        body: ZHotlinePatch,
        response: { 200: ZHotline },
      },
    },
    async (req) => updateHotline(ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/shifts',
    {
      schema: {
        tags,
        summary: '值班表（按北京时间日期，默认今天起 7 天）',
        querystring: ZListShiftsQuery,
        response: { 200: z.object({ items: z.array(ZShift) }) },
      },
    },
    async (req) => listShifts(ctxOf(req), req.query),
  );
  app.post(
    '/shifts',
    {
      schema: {
        tags,
        summary: '排班（值班人员须为本单位干部或管理员；同一人班次不能重叠）',
        querystring: ZOrgQuery,
        body: ZShiftInput,
        response: { 201: ZShift },
      },
    },
    async (req, reply) => reply.status(201).send(await createShift(ctxOf(req), req.body, req.query.orgId)),
  );
  app.delete(
    '/shifts/:id',
    { schema: { tags, summary: '删除班次', params: ZIdParam } },
    async (req, reply) => {
      await deleteShift(ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: '超时提醒设置（本单位未设置时沿用上级，否则默认 15 分钟接单、180 分钟送达）',
        querystring: ZOrgQuery,
        response: { 200: ZErrandSettings },
      },
    },
    async (req) => getErrandSettings(ctxOf(req), req.query.orgId),
  );
  app.put(
    '/settings',
    {
      schema: {
        tags,
        summary: '设置超时提醒（管理员；对下级单位同样有效，除非下级自行设置）',
        querystring: ZOrgQuery,
        body: ZSetErrandSettingsInput,
        response: { 200: ZErrandSettings },
      },
    },
    async (req) => setErrandSettings(ctxOf(req), req.body, req.query.orgId),
  );

  app.get(
    '/overdue',
    {
      schema: {
        tags,
        summary: '超时看板：超过或接近（剩余不足 20%）接单、送达时限的进行中工单',
        querystring: ZOrgQuery,
        response: { 200: ZOverdueBoard },
      },
    },
    async (req) => overdueBoard(ctxOf(req), req.query.orgId),
  );
};
