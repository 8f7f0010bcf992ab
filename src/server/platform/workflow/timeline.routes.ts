import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../http/http.ts';
import { getTimeline } from './workflow.ts';

const ZTimelineEvent = z.object({
  id: z.number(),
  event: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  actorUserId: z.number().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  note: z.string().nullable(),
  at: z.date(),
});

export const timelineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:entityType/:id',
    {
      schema: {
        tags: ['流程 workflow'],
        summary: '记录的办理进度（时间线）',
        params: z.object({
          entityType: z.string().regex(/^[a-z][a-z0-9_.]{1,40}$/),
          id: z.string().min(1).max(64),
        }),
        response: { 200: z.object({ items: z.array(ZTimelineEvent) }) },
      },
    },
    async (req) => {
      const rows = await getTimeline(ctxOf(req), req.params.entityType, req.params.id);
      return { items: rows.map(({ entityType: _t, entityId: _i, ...e }) => e) };
    },
  );
};
