/*
 * 投诉 (/errands/complaints; `?state=open|answered`, `?new=1&errandId=<id>` opens 登记投诉 for an errand):
 * complaints lodged against errands (on the complaint line or on the H5), answered with an outcome.
 * Selectors for browser tests:
 *   errand-complaints-table, errand-complaint-state-<open|answered|all>, errand-complaint-new,
 *   errand-complaint-answer-<id>, errand-complaint-answer, errand-complaint-outcome-<outcome>,
 *   errand-complaint-answer-ok, errand-complaint-{errand,name,mobile,content,lodge-ok},
 *   errand-complaint-errand-<id> (link to the errand).
 */
import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Empty,
  Grid,
  Pagination,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { complaintStates } from '../../../shared/errands.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { DEFAULT_PAGE_SIZE, listSearchParams, PAGE_SIZES } from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { ComplaintCards } from './errands/complaintsCards.tsx';
import { AnswerModal, LodgeModal } from './errands/complaintsDialogs.tsx';
import {
  COMPLAINTS_API,
  type ComplaintState,
  complaintsKey,
  ERRANDS_API,
  errandPerm,
  maskMobile,
  outcomeColor,
  type Page,
  type TComplaint,
  useRosterLabels,
} from './errands/roster.model.ts';
import './hardship/hardship.css';
import './errands/roster.css';

const isState = (s: string | null): s is ComplaintState =>
  s !== null && (complaintStates as readonly string[]).includes(s);

export default function ErrandComplaintsPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useRosterLabels();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const rawState = params.get('state');
  // Open complaints first: that is the work to do.
  const state: ComplaintState | undefined =
    rawState === 'all' ? undefined : isState(rawState) ? rawState : 'open';
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
  const mayAnswer = can(errandPerm.complaints);
  const presetErrandId = Number(params.get('errandId'));
  const [lodging, setLodging] = useState(params.get('new') === '1' && mayAnswer);
  const [answering, setAnswering] = useState<TComplaint | null>(null);

  const list = useQuery({
    queryKey: [...complaintsKey, 'list', state ?? 'all', page, pageSize],
    queryFn: () => api.get<Page<TComplaint>>(COMPLAINTS_API, { state, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  // How many wait for an answer, on the 待答复 tab whichever tab is shown.
  const openCount = useQuery({
    queryKey: [...complaintsKey, 'open-count'],
    queryFn: () => api.get<Page<TComplaint>>(COMPLAINTS_API, { state: 'open', page: 1, pageSize: 1 }),
    select: (p) => p.total,
  });
  const preset = useQuery({
    queryKey: ['errands', 'one-code', presetErrandId],
    queryFn: () => api.get<{ id: number; code: string }>(`${ERRANDS_API}/${presetErrandId}`),
    enabled: lodging && Number.isInteger(presetErrandId) && presetErrandId > 0,
  });
  const apply = (next: string | undefined, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ state: next }, nextPage, nextSize));

  const lang = i18n.language;
  const columns: TableColumnsType<TComplaint> = [
    {
      key: 'time',
      title: t('errandRoster.complaint.col.time'),
      width: 150,
      render: (_, c) => <span className="nj-hs-mono">{formatDateTime(c.createdAt, lang)}</span>,
    },
    {
      key: 'errand',
      title: t('errandRoster.complaint.col.errand'),
      width: 170,
      render: (_, c) => (
        <Link
          to={`/errands/${c.errandId}`}
          className="nj-hs-mono"
          data-testid={`errand-complaint-errand-${c.id}`}
        >
          {c.errandCode}
        </Link>
      ),
    },
    {
      key: 'who',
      title: t('errandRoster.complaint.col.who'),
      width: 140,
      render: (_, c) => (
        <div>
          <div>{c.name}</div>
          {c.mobile.includes('*') ? (
            <span className="nj-hs-mono" style={{ fontSize: 12 }}>
              {c.mobile}
            </span>
          ) : (
            <a
              href={`tel:${c.mobile}`}
              className="nj-hs-mono"
              style={{ fontSize: 12 }}
              title={t('errandRoster.complaint.callBack')}
            >
              <PhoneOutlined /> {maskMobile(c.mobile)}
            </a>
          )}
        </div>
      ),
    },
    {
      key: 'content',
      title: t('errandRoster.complaint.col.content'),
      width: 260,
      render: (_, c) => (
        <Typography.Paragraph ellipsis={{ rows: 3, tooltip: c.content }} style={{ margin: 0 }}>
          {c.content}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'state',
      title: t('errandRoster.complaint.col.state'),
      width: 80,
      render: (_, c) => (
        <Tag color={c.state === 'open' ? 'gold' : 'green'} style={{ marginInlineEnd: 0 }}>
          {label('complaintState', c.state)}
        </Tag>
      ),
    },
    {
      key: 'answer',
      title: t('errandRoster.complaint.col.answer'),
      width: 280,
      render: (_, c) =>
        c.state === 'answered' ? (
          <div>
            {c.outcome ? (
              <Tag color={outcomeColor[c.outcome]} style={{ marginBottom: 4 }}>
                {label('complaintOutcome', c.outcome)}
              </Tag>
            ) : null}
            {c.answer ? (
              <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.answer }} style={{ margin: 0 }}>
                {c.answer}
              </Typography.Paragraph>
            ) : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('errandRoster.complaint.answeredBy', {
                name: c.answeredBy ?? '—',
                at: formatDateTime(c.answeredAt, lang),
              })}
            </Typography.Text>
          </div>
        ) : mayAnswer ? (
          <Button
            size="small"
            type="primary"
            onClick={() => setAnswering(c)}
            data-testid={`errand-complaint-answer-${c.id}`}
          >
            {t('errandRoster.complaint.answerAction')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('errandRoster.complaint.waiting')}</Typography.Text>
        ),
    },
  ];

  const data = list.data;
  const emptyText =
    state === 'open' ? t('errandRoster.complaints.emptyOpen') : t('errandRoster.complaints.empty');
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('errandRoster.complaints.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('errandRoster.complaints.subtitle')}</Typography.Paragraph>
      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 4 } }}>
        <div className="nj-hs-toolbar" style={{ marginBottom: 0 }}>
          <Tabs
            activeKey={state ?? 'all'}
            onChange={(k) => apply(k === 'open' ? undefined : k)}
            size="small"
            items={[
              ...complaintStates.map((s) => ({
                key: s,
                label: (
                  <span data-testid={`errand-complaint-state-${s}`}>
                    {label('complaintState', s)}
                    {s === 'open' && openCount.data ? (
                      <Badge count={openCount.data} size="small" offset={[6, -2]} color="gold" />
                    ) : null}
                  </span>
                ),
              })),
              {
                key: 'all',
                label: (
                  <span data-testid="errand-complaint-state-all">{t('errandRoster.complaints.all')}</span>
                ),
              },
            ]}
          />
          {mayAnswer ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setLodging(true)}
              data-testid="errand-complaint-new"
            >
              {t('errandRoster.complaint.lodgeTitle')}
            </Button>
          ) : null}
        </div>
        {list.isError && !data ? (
          <Alert
            type="error"
            showIcon
            title={t('errandRoster.complaints.loadFailed')}
            description={errorMessage(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : screens.md ? (
          <Table<TComplaint>
            data-testid="errand-complaints-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching && !list.isPending}
            scroll={{ x: 1080 }}
            locale={{
              emptyText: list.isPending ? (
                <div style={{ height: 120 }} />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    state === 'open'
                      ? t('errandRoster.complaints.emptyOpen')
                      : t('errandRoster.complaints.empty')
                  }
                />
              ),
            }}
            pagination={{
              current: data?.page ?? page,
              pageSize: data?.pageSize ?? pageSize,
              total: data?.total ?? 0,
              showTotal: (total) => t('list.total', { total }),
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              onChange: (p, s) => apply(rawState ?? undefined, s !== pageSize ? 1 : p, s),
              size: screens.sm ? 'medium' : 'small',
            }}
          />
        ) : (
          <>
            <ComplaintCards
              items={data?.items ?? []}
              loading={list.isPending}
              emptyText={emptyText}
              onAnswer={mayAnswer ? setAnswering : undefined}
            />
            {data && data.total > data.pageSize ? (
              <Pagination
                align="center"
                size="small"
                current={data.page}
                pageSize={data.pageSize}
                total={data.total}
                showTotal={(total) => t('list.total', { total })}
                onChange={(p) => apply(rawState ?? undefined, p, pageSize)}
              />
            ) : null}
          </>
        )}
      </Card>
      <AnswerModal complaint={answering} onClose={() => setAnswering(null)} />
      {mayAnswer ? (
        <LodgeModal
          open={lodging && (!(presetErrandId > 0) || !preset.isPending)}
          errand={preset.data ? { id: preset.data.id, code: preset.data.code } : undefined}
          onClose={() => {
            setLodging(false);
            if (params.has('new') || params.has('errandId')) {
              const p = new URLSearchParams(params);
              p.delete('new');
              p.delete('errandId');
              setParams(p, { replace: true });
            }
          }}
        />
      ) : null}
    </div>
  );
}
