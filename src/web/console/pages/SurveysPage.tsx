/*
 * 问卷评价 (/surveys): the surveys of the union's subtree — 会员评家, 会员评议代表 and 工会评价代表 — with
 * their time window, 测评率 and 满意度; filters (status, purpose, title) kept in the URL; 新建问卷 for cadres.
 * The status tag is the state read with the window (`surveyStatusOf`): a published survey whose window
 * has not opened is 未开始, not 进行中. A draft can be deleted (删除, confirmed).
 * Selectors for browser tests:
 *   surveys-table, survey-new, survey-row-link-<id>, survey-state-<id> (data-status), survey-edit-<id>,
 *   survey-delete-<id>, survey-delete-ok, survey-filter-state, survey-filter-purpose.
 */
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Input,
  Popconfirm,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  measurementRateDefinition,
  satisfactionDefinition,
  surveyPurposes,
  surveyStatuses,
} from '../../../shared/surveys.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import {
  DEFAULT_PAGE_SIZE,
  listSearchParams,
  type PageData,
  ServerTable,
} from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  pct,
  purposeColor,
  SURVEYS,
  type SurveyPurpose,
  type SurveyStatus,
  statusColor,
  surveyListKey,
  surveysKey,
  type TSurvey,
  useSurveyLabels,
} from './surveys/model.ts';
import './hardship/hardship.css';

const isStatus = (v: string | null): v is SurveyStatus =>
  (surveyStatuses as readonly string[]).includes(v ?? '');
const isPurpose = (v: string | null): v is SurveyPurpose =>
  (surveyPurposes as readonly string[]).includes(v ?? '');

export default function SurveysPage() {
  const { t, i18n } = useTranslation();
  const label = useSurveyLabels();
  const { can } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [deleting, setDeleting] = useState<number | null>(null);
  const [params, setParams] = useSearchParams();
  const lang = i18n.language;
  const statusParam = params.get('status');
  const purposeParam = params.get('purpose');
  const filters = {
    status: isStatus(statusParam) ? statusParam : undefined,
    purpose: isPurpose(purposeParam) ? purposeParam : undefined,
    q: params.get('q')?.trim() || undefined,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE;
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const mayManage = can('surveys.manage');

  const list = useQuery({
    queryKey: [...surveyListKey, filters, page, pageSize],
    queryFn: () => api.get<PageData<TSurvey>>(SURVEYS, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const apply = (next: typeof filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));

  const remove = async (s: TSurvey) => {
    setDeleting(s.id);
    try {
      await api.delete(`${SURVEYS}/${s.id}`);
      message.success(t('surveyWork.results.deleted'));
      await client.invalidateQueries({ queryKey: surveysKey });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDeleting(null);
    }
  };

  const columns: TableColumnsType<TSurvey> = [
    {
      key: 'title',
      title: t('surveyWork.col.title'),
      width: 220,
      fixed: 'left',
      render: (_, s) => (
        <div>
          <Link to={`/surveys/${s.id}`} data-testid={`survey-row-link-${s.id}`}>
            <Typography.Text strong>{s.title}</Typography.Text>
          </Link>
          {s.congress ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.congress.name}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: 'purpose',
      title: t('surveyWork.col.purpose'),
      width: 130,
      render: (_, s) => <Tag color={purposeColor[s.purpose]}>{label('purpose', s.purpose)}</Tag>,
    },
    { key: 'org', title: t('surveyWork.col.org'), width: 130, render: (_, s) => s.org.name },
    {
      key: 'state',
      title: t('surveyWork.col.state'),
      width: 80,
      render: (_, s) => (
        <Tag color={statusColor[s.status]} data-testid={`survey-state-${s.id}`} data-status={s.status}>
          {label('status', s.status)}
        </Tag>
      ),
    },
    {
      key: 'window',
      title: t('surveyWork.col.window'),
      width: 170,
      render: (_, s) => (
        <Typography.Text style={{ fontSize: 12 }}>
          {formatDateTime(s.opensAt, lang)}
          <br />
          {formatDateTime(s.closesAt, lang)}
        </Typography.Text>
      ),
    },
    {
      key: 'rate',
      title: <Tooltip title={measurementRateDefinition}>{t('surveyWork.col.rate')}</Tooltip>,
      width: 120,
      align: 'right',
      render: (_, s) => (
        <div>
          <span className="nj-hs-mono">{pct(s.measurementRate)}</span>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('surveyWork.col.responses', { responses: s.responses, eligible: s.eligible })}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'satisfaction',
      title: <Tooltip title={satisfactionDefinition}>{t('surveyWork.col.satisfaction')}</Tooltip>,
      width: 100,
      align: 'right',
      render: (_, s) => <span className="nj-hs-mono">{pct(s.satisfaction)}</span>,
    },
    {
      key: 'actions',
      title: t('surveyWork.col.actions'),
      width: 130,
      fixed: 'right',
      render: (_, s) => (
        <Space size={4}>
          <Link to={`/surveys/${s.id}`}>{t('surveyWork.col.results')}</Link>
          {mayManage && s.state === 'draft' ? (
            <Link to={`/surveys/${s.id}/edit`} data-testid={`survey-edit-${s.id}`}>
              {t('surveyWork.col.edit')}
            </Link>
          ) : null}
          {mayManage && s.state === 'draft' ? (
            <Popconfirm
              title={t('surveyWork.results.deleteConfirm')}
              okText={t('surveyWork.col.delete')}
              okButtonProps={{ danger: true, 'data-testid': 'survey-delete-ok' }}
              onConfirm={() => remove(s)}
            >
              <Button
                type="link"
                danger
                size="small"
                style={{ padding: 0, height: 'auto' }}
                loading={deleting === s.id}
                data-testid={`survey-delete-${s.id}`}
              >
                {t('surveyWork.col.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div className="nj-hs">
      <div className="nj-hs-head">
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
            {t('surveyWork.list.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('surveyWork.list.subtitle')}
          </Typography.Paragraph>
        </div>
        <div className="nj-hs-actions">
          {mayManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/surveys/new')}
              data-testid="survey-new"
            >
              {t('surveyWork.list.create')}
            </Button>
          ) : null}
        </div>
      </div>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<SurveyStatus | ''>
            aria-label={t('surveyWork.list.state')}
            data-testid="survey-filter-state"
            value={filters.status ?? ''}
            style={{ width: 140 }}
            onChange={(v) => apply({ ...filters, status: v || undefined })}
            options={[
              { value: '', label: `${t('surveyWork.list.state')}：${t('surveyWork.list.all')}` },
              ...surveyStatuses.map((s) => ({ value: s, label: label('status', s) })),
            ]}
          />
          <Select<SurveyPurpose | ''>
            aria-label={t('surveyWork.list.purpose')}
            data-testid="survey-filter-purpose"
            value={filters.purpose ?? ''}
            style={{ width: 230 }}
            onChange={(v) => apply({ ...filters, purpose: v || undefined })}
            options={[
              { value: '', label: `${t('surveyWork.list.purpose')}：${t('surveyWork.list.all')}` },
              ...surveyPurposes.map((p) => ({ value: p, label: label('purpose', p) })),
            ]}
          />
          <Input.Search
            key={filters.q ?? ''}
            allowClear
            defaultValue={filters.q}
            placeholder={t('surveyWork.list.q')}
            aria-label={t('surveyWork.list.q')}
            style={{ width: 220 }}
            onSearch={(q) => apply({ ...filters, q: q.trim() || undefined })}
          />
        </Space>
        <ServerTable<TSurvey>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => apply(filters, p, size)}
          filtered={filtered}
          onClearFilters={() => apply({ status: undefined, purpose: undefined, q: undefined })}
          testId="surveys-table"
          text={{
            loadFailed: t('surveyWork.list.loadFailed'),
            empty: t('surveyWork.list.empty'),
            emptyFiltered: t('surveyWork.list.emptyFiltered'),
            clearFilters: t('surveyWork.list.clearFilters'),
          }}
        />
      </Card>
    </div>
  );
}
