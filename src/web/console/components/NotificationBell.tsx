import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TNotification } from '../../../shared/notifications.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';

interface Inbox {
  items: TNotification[];
  total: number;
  unreadCount: number;
}

/** The bell in the header: unread count, the latest messages, mark read. Polls once a minute. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const inbox = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api.get<Inbox>('/api/v1/notifications', { pageSize: 8 }),
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: number) => api.post(`/api/v1/notifications/${id}/read`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const markAll = useMutation({
    mutationFn: () => api.post('/api/v1/notifications/read-all'),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = inbox.data?.unreadCount ?? 0;

  const content = (
    <div style={{ width: 340, maxWidth: '80vw' }}>
      {inbox.data && inbox.data.items.length > 0 ? (
        <List
          size="small"
          dataSource={inbox.data.items}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: n.readAt ? 0.6 : 1 }}
              onClick={() => {
                if (!n.readAt) markRead.mutate(n.id);
                if (n.link) navigate(n.link);
              }}
            >
              <List.Item.Meta
                title={
                  <span>
                    {n.readAt ? null : <Badge status="error" style={{ marginRight: 6 }} />}
                    {n.title}
                  </span>
                }
                description={
                  <>
                    {n.body ? <div>{n.body}</div> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(n.createdAt, i18n.language)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('bell.title')}</span>
          <Button size="small" type="link" disabled={unread === 0} onClick={() => markAll.mutate()}>
            {t('bell.readAll')}
          </Button>
        </div>
      }
      content={content}
    >
      <Button
        type="text"
        aria-label={t('bell.aria', { count: unread })}
        icon={
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
