import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParam } from '../../../shared/common.ts';
import {
  ZListNotificationsQuery,
  ZMarkedRead,
  ZNotificationPage,
  ZUnreadCount,
} from '../../../shared/notifications.ts';
import { ctxOf } from '../http/http.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from './notify.service.ts';

const tags = ['消息通知 notifications'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        summary: '我的消息（新的在前，含未读数）',
        querystring: ZListNotificationsQuery,
        response: { 200: ZNotificationPage },
      },
    },
    async (req) => listNotifications(ctxOf(req), req.query),
  );
  app.get(
    '/unread-count',
    { schema: { tags, summary: '未读消息数（铃铛角标）', response: { 200: ZUnreadCount } } },
    async (req) => unreadCount(ctxOf(req)),
  );
  app.post(
    '/:id/read',
    { schema: { tags, summary: '标记一条消息为已读', params: ZIdParam, response: { 200: ZMarkedRead } } },
    async (req) => markRead(ctxOf(req), req.params.id),
  );
  app.post(
    '/read-all',
    { schema: { tags, summary: '全部标记为已读', response: { 200: ZMarkedRead } } },
    async (req) => markAllRead(ctxOf(req)),
  );
};
