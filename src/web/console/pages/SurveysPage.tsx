/*
 * 问卷评价 (/surveys): the surveys of the union's subtree — 会员评家, 会员评议代表 and 工会评价代表 — with
 * their time window, 测评率 and 满意度; filters (state, purpose, title) kept in the URL; 新建问卷 for cadres.
 * Selectors for browser tests:
 *   surveys-table, survey-new, survey-row-link-<id>, survey-filter-state, survey-filter-purpose.
 */
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  measurementRateDefinition,
  satisfactionDefinition,
  surveyPurposes,
  surveyStates,
} from '../../../shared/surveys.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import {
  DEFAULT_PAGE_SIZE,
  listSearchParams,
  type PageData,
  ServerTable,
} from '../components/ServerTable.tsx';
import { useSession } from '../session.tsx';
import {
  pct,
  purposeColor,
  SURVEYS,
  type SurveyPurpose,
  type SurveyState,
  stateColor,
  surveyListKey,
  type TSurvey,
  useSurveyLabels,
} from './surveys/model.ts';
import './hardship/hardship.css';

const isState = (v: string | null): v is SurveyState => (surveyStates as readonly string[]).includes(v ?? '');
const isPurpose = (v: string | null): v is SurveyPurpose =>
  (surveyPurposes as readonly string[]).includes(v ?? '');

export default function SurveysPage() {
  const { t, i18n } = useTranslation();
  const label = useSurveyLabels();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const lang = i18n.language;
  const stateParam = params.get('state');
  const purposeParam = params.get('purpose');
  const filters = {
    state: isState(stateParam) ? stateParam : undefined,
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
      width: 150,
      render: (_, s) => <Tag color={purposeColor[s.purpose]}>{label('purpose', s.purpose)}</Tag>,
    },
    { key: 'org', title: t('surveyWork.col.org'), width: 140, render: (_, s) => s.org.name },
    {
      key: 'state',
      title: t('surveyWork.col.state'),
      width: 80,
      render: (_, s) => (
        <Tag color={stateColor[s.state]} data-testid={`survey-state-${s.id}`}>
          {label('state', s.state)}
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
      width: 100,
      fixed: 'right',
      render: (_, s) => (
        <Space size={4}>
          <Link to={`/surveys/${s.id}`}>{t('surveyWork.col.results')}</Link>
          {mayManage && s.state === 'draft' ? (
            <Link to={`/surveys/${s.id}/edit`} data-testid={`survey-edit-${s.id}`}>
              {t('surveyWork.col.edit')}
            </Link>
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
          <Select<SurveyState | ''>
            aria-label={t('surveyWork.list.state')}
            data-testid="survey-filter-state"
            value={filters.state ?? ''}
            style={{ width: 140 }}
            onChange={(v) => apply({ ...filters, state: v || undefined })}
            options={[
              { value: '', label: `${t('surveyWork.list.state')}：${t('surveyWork.list.all')}` },
              ...surveyStates.map((s) => ({ value: s, label: label('state', s) })),
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
          onClearFilters={() => apply({ state: undefined, purpose: undefined, q: undefined })}
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
