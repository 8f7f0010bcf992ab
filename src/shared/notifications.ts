import { z } from 'zod';
import { ZPageQuery } from './common.ts';

export const ZNotification = z.object({
  id: z.number().int(),
  kind: z.string().describe('e.g. account.roleAdded, hardship.approved'),
  title: z.string(),
  body: z.string(),
  /** In-app path the console or H5 opens, e.g. `/hardship/archives/12`. */
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZListNotificationsQuery = ZPageQuery.extend({
  unread: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true')
    .describe('1 = 只看未读'),
});
export type TListNotificationsQuery = z.infer<typeof ZListNotificationsQuery>;

export const ZNotificationPage = z.object({
  items: z.array(ZNotification),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  unreadCount: z.number().int(),
});

export const ZUnreadCount = z.object({ unreadCount: z.number().int() });
export const ZMarkedRead = z.object({ marked: z.number().int(), unreadCount: z.number().int() });
