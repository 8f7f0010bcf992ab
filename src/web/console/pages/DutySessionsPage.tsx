/*
 * 会议签到 (/duty/sessions?congress=<id>): the term's congress sessions and meetings with their check-in
 * counts (已签到 / 请假 / 缺席 / 未签到); a cadre creates one (new-session modal) and opens it to show the
 * QR code and mark attendance.
 * Test ids: duty-congress-select, duty-session-new, duty-session-ok, duty-sessions-table, duty-session-<id>.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { sessionKindLabels, sessionTiming, type TDutySession } from '../../../shared/duty.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { StatsHeader } from '../components/StatsToolbar.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { DUTY, sessionsKey, useDutyCongress } from './duty/api.ts';
import { CongressGate, CongressPicker } from './duty/CongressPicker.tsx';
import { SessionModal } from './duty/SessionModal.tsx';
import type { TCongress } from './proposals/model.ts';

export default function DutySessionsPage() {
  const { t } = useTranslation();
  const state = useDutyCongress();
  return (
    <div className="nj-hs">
      <StatsHeader title={t('dutyPages.sessions.title')} subtitle={t('dutyPages.sessions.subtitle')}>
        <CongressPicker state={state} />
      </StatsHeader>
      <CongressGate state={state}>{(c) => <Sessions congress={c} />}</CongressGate>
    </div>
  );
}

const timingColor = { closed: 'default', ongoing: 'green', upcoming: 'blue', ended: 'orange' } as const;

function Sessions({ congress }: { congress: TCongress }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const sessions = useQuery({
    queryKey: sessionsKey(congress.id),
    queryFn: () => api.get<TDutySession[]>(`${DUTY}/congresses/${congress.id}/sessions`),
  });
  const mayManage = can('duty.manage') && congress.state === 'active';
  const lang = i18n.language;
  const columns: TableColumnsType<TDutySession> = [
    {
      title: t('dutyPages.sessions.name'),
      key: 'title',
      render: (_: unknown, s) => (
        <div>
          <Link to={`/duty/sessions/${s.id}`} data-testid={`duty-session-${s.id}`}>
            {s.title}
          </Link>
          <div>
            <Tag bordered={false}>{sessionKindLabels[s.kind]}</Tag>
            <Tag color={timingColor[sessionTiming(s)]}>
              {t(`dutyPages.sessions.timing.${sessionTiming(s)}`)}
            </Tag>
          </div>
        </div>
      ),
    },
    {
      title: t('dutyPages.sessions.time'),
      key: 'time',
      width: 230,
      render: (_: unknown, s) => (
        <div>
          <div>{formatDateTime(s.startsAt, lang)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dutyPages.sessions.until', { at: formatDateTime(s.endsAt, lang) })}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('dutyPages.sessions.venue'), dataIndex: 'venue', width: 200 },
    {
      title: t('dutyPages.sessions.expected'),
      key: 'expected',
      width: 80,
      align: 'right',
      render: (_: unknown, s) => s.counts.expected,
    },
    {
      title: t('dutyPages.sessions.present'),
      key: 'present',
      width: 80,
      align: 'right',
      render: (_: unknown, s) => <span style={{ color: '#389e0d' }}>{s.counts.present}</span>,
    },
    {
      title: t('dutyPages.sessions.leave'),
      key: 'leave',
      width: 70,
      align: 'right',
      render: (_: unknown, s) => s.counts.leave,
    },
    {
      title: t('dutyPages.sessions.absent'),
      key: 'absent',
      width: 70,
      align: 'right',
      render: (_: unknown, s) => (
        <span style={{ color: s.counts.absent ? '#cf1322' : undefined }}>{s.counts.absent}</span>
      ),
    },
    {
      title: t('dutyPages.sessions.unmarked'),
      key: 'unmarked',
      width: 80,
      align: 'right',
      render: (_: unknown, s) => s.counts.unmarked,
    },
    {
      title: t('dutyPages.sessions.rate'),
      key: 'rate',
      width: 90,
      align: 'right',
      // No rate before the meeting: 0% of a meeting that has not started says nothing.
      render: (_: unknown, s) =>
        s.counts.expected && sessionTiming(s) !== 'upcoming'
          ? `${((s.counts.present / s.counts.expected) * 100).toFixed(1)}%`
          : '—',
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        {mayManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="duty-session-new"
          >
            {t('dutyPages.sessions.new')}
          </Button>
        ) : null}
        <Button icon={<ReloadOutlined />} onClick={() => void sessions.refetch()}>
          {t('dutyPages.common.reload')}
        </Button>
        <Typography.Text type="secondary">{t('dutyPages.sessions.hint')}</Typography.Text>
      </Space>
      {sessions.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('dutyPages.sessions.loadFailed')}
          description={errorMessage(sessions.error)}
          action={
            <Button size="small" onClick={() => void sessions.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : null}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<TDutySession>
          data-testid="duty-sessions-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sessions.data ?? []}
          loading={sessions.isFetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 1000 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dutyPages.sessions.empty')} />
            ),
          }}
        />
      </Card>
      {mayManage ? (
        <SessionModal
          open={creating}
          congressId={congress.id}
          onClose={() => setCreating(false)}
          onSaved={(s) => {
            setCreating(false);
            navigate(`/duty/sessions/${s.id}`);
          }}
        />
      ) : null}
    </Space>
  );
}
