/*
 * 督办看板 (/proposals/board): proposals, appeals and referrals whose current step is due within 24 hours
 * or past its deadline, in the union's subtree: counts (即将到期 / 已超期 / 已升级督办, each a filter), then
 * one row per item with the step, the org that must act, the deadline and days over, reminders sent and
 * where it was escalated. Refreshes every minute.
 * Selectors for browser tests:
 *   board-count-<due_soon|overdue|escalated>, board-filter-subject, board-table, board-row-<subject>-<id>.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { superviseSubjects } from '../../../shared/proposals.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { columnsWidth } from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  appealPerm,
  BOARD,
  boardKey,
  boardStatusColor,
  type TBoard,
  type TBoardItem,
  useAppealLabels,
  useEnumOptions,
} from './appeals/model.ts';
import './hardship/hardship.css';

type Status = TBoardItem['status'];
const statuses: readonly Status[] = ['due_soon', 'overdue', 'escalated'];
const countKey: Record<Status, keyof TBoard['counts']> = {
  due_soon: 'dueSoon',
  overdue: 'overdue',
  escalated: 'escalated',
};
const statusTone: Record<Status, string> = { due_soon: '#d48806', overdue: '#cf1322', escalated: '#ad2102' };

export default function SuperviseBoardPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useAppealLabels();
  const options = useEnumOptions();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const lang = i18n.language;
  const rawSubject = params.get('subject');
  const subject = (superviseSubjects as readonly string[]).includes(rawSubject ?? '')
    ? (rawSubject as TBoardItem['subject'])
    : undefined;
  const rawStatus = params.get('status');
  const status = (statuses as readonly string[]).includes(rawStatus ?? '')
    ? (rawStatus as Status)
    : undefined;
  const set = (next: { subject?: string | undefined; status?: string | undefined }) => {
    const p = new URLSearchParams();
    if (next.subject) p.set('subject', next.subject);
    if (next.status) p.set('status', next.status);
    setParams(p);
  };

  const board = useQuery({
    queryKey: [...boardKey, subject, status],
    queryFn: () => api.get<TBoard>(BOARD, { subject, status }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  // The counts stay those of the whole board (for the subject), whichever status is picked.
  const totals = useQuery({
    queryKey: [...boardKey, 'counts', subject],
    queryFn: () => api.get<TBoard>(BOARD, { subject }),
    refetchInterval: 60_000,
  });

  const linkOf = (r: TBoardItem): string | null => {
    if (r.subject === 'proposal') return `/proposals/${r.id}`;
    if (r.subject === 'appeal') return `/appeals/${r.id}`;
    return can(appealPerm.referrals) ? `/referrals/${r.id}` : null;
  };

  const columns: TableColumnsType<TBoardItem> = [
    {
      key: 'status',
      title: t('appealWork.board.status'),
      width: 100,
      render: (_, r) => (
        <Tag color={boardStatusColor[r.status]} style={{ marginInlineEnd: 0 }}>
          {label('boardStatus', r.status)}
        </Tag>
      ),
    },
    {
      key: 'item',
      title: t('appealWork.board.subject'),
      width: 240,
      render: (_, r) => {
        const to = linkOf(r);
        return (
          <div data-testid={`board-row-${r.subject}-${r.id}`}>
            <Space size={6}>
              <Tag style={{ marginInlineEnd: 0 }}>{label('subject', r.subject)}</Tag>
              {to ? (
                <Link to={to} className="nj-hs-mono">
                  {r.code}
                </Link>
              ) : (
                <span className="nj-hs-mono">{r.code}</span>
              )}
            </Space>
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.title }} style={{ margin: 0 }}>
              {r.title}
            </Typography.Paragraph>
          </div>
        );
      },
    },
    { key: 'step', title: t('appealWork.board.step'), width: 100, render: (_, r) => label('step', r.step) },
    { key: 'handler', title: t('appealWork.board.handler'), width: 150, render: (_, r) => r.handler.name },
    {
      key: 'due',
      title: t('appealWork.board.dueAt'),
      width: 150,
      render: (_, r) => <span className="nj-hs-mono">{formatDateTime(r.dueAt, lang)}</span>,
    },
    {
      key: 'over',
      title: t('appealWork.board.overdueDays'),
      width: 100,
      align: 'right',
      sorter: (a, b) => a.overdueDays - b.overdueDays,
      render: (_, r) =>
        r.status === 'due_soon' ? (
          <Typography.Text type="warning">{t('appealWork.board.dueToday')}</Typography.Text>
        ) : (
          <Typography.Text type="danger" strong className="nj-hs-mono">
            {t('appealWork.board.overdueDaysN', { count: r.overdueDays })}
          </Typography.Text>
        ),
    },
    {
      key: 'reminders',
      title: t('appealWork.board.reminders'),
      width: 90,
      render: (_, r) =>
        r.remindersSent > 0 ? (
          <Tooltip
            title={
              r.lastReminderAt
                ? t('appealWork.board.lastReminder', { time: formatDateTime(r.lastReminderAt, lang) })
                : undefined
            }
          >
            <span className="nj-hs-mono">{t('appealWork.board.remindersN', { count: r.remindersSent })}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'escalated',
      title: t('appealWork.board.escalatedTo'),
      width: 150,
      render: (_, r) =>
        r.escalatedTo ? (
          <Typography.Text type="danger">{r.escalatedTo.name}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  const counts = totals.data?.counts;
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('appealWork.board.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('appealWork.board.subtitle')}</Typography.Paragraph>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {statuses.map((s) => (
          <Col xs={24} sm={8} key={s}>
            <Card
              size="small"
              hoverable
              onClick={() => set({ subject, status: status === s ? undefined : s })}
              style={{ borderColor: status === s ? statusTone[s] : undefined, cursor: 'pointer' }}
              data-testid={`board-count-${s}`}
              aria-pressed={status === s}
            >
              <Statistic
                title={label('boardStatus', s)}
                value={counts ? counts[countKey[s]] : '—'}
                styles={{ content: { color: statusTone[s] } }}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <Card size="small">
        <div className="nj-hs-toolbar">
          <Space wrap>
            <Select<string>
              allowClear
              placeholder={t('appealWork.board.subjectAll')}
              value={subject}
              onChange={(v) => set({ subject: v, status })}
              options={options('subject')}
              style={{ width: 180 }}
              data-testid="board-filter-subject"
            />
            <Select<string>
              allowClear
              placeholder={t('appealWork.board.statusAll')}
              value={status}
              onChange={(v) => set({ subject, status: v })}
              options={options('boardStatus')}
              style={{ width: 180 }}
            />
          </Space>
          <Space>
            <Typography.Text type="secondary" aria-live="polite">
              {board.data ? t('appealWork.board.total', { count: board.data.items.length }) : ''}
            </Typography.Text>
            <Button
              icon={<ReloadOutlined spin={board.isFetching} />}
              onClick={() => {
                void board.refetch();
                void totals.refetch();
              }}
              aria-label={t('appealWork.board.refresh')}
            />
          </Space>
        </div>
        {board.isError && !board.data ? (
          <Alert
            type="error"
            showIcon
            title={t('appealWork.board.loadFailed')}
            description={errorMessage(board.error)}
            action={
              <Button size="small" onClick={() => void board.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : (
          <Table<TBoardItem>
            data-testid="board-table"
            rowKey={(r) => `${r.subject}-${r.id}-${r.step}`}
            size="middle"
            columns={columns}
            dataSource={board.data?.items ?? []}
            loading={board.isFetching && board.isPending}
            scroll={{ x: columnsWidth(columns) }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, size: screens.sm ? 'medium' : 'small' }}
            locale={{
              emptyText: board.isPending ? (
                <div style={{ height: 120 }} />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    subject || status ? t('appealWork.board.emptyFiltered') : t('appealWork.board.empty')
                  }
                />
              ),
            }}
          />
        )}
      </Card>
    </div>
  );
}
