/*
 * 转治理平台 (/referrals) and 工会交办事项 (/referrals/assigned, the governance partner's own view): appeals
 * referred to a grassroots-governance platform, by state, 仅看超期; delivery attempts, next retry and the
 * last error for 接口推送, the deadline, the answer time. Union admins get the 对接配置 tab.
 * Selectors for browser tests:
 *   referrals-table, referral-row-<id> (the code link), referral-filter-state, referral-filter-overdue,
 *   referral-tab-list, referral-tab-config (then `appeals/endpoints.tsx`).
 */
import { WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Card,
  Checkbox,
  Grid,
  Select,
  Space,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { DEFAULT_PAGE_SIZE, listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { useSession } from '../session.tsx';
import { EndpointsTab } from './appeals/endpoints.tsx';
import {
  appealPerm,
  isReferralState,
  type Page,
  REFERRALS,
  type ReferralState,
  referralStateColor,
  referralsKey,
  type TReferral,
  useAppealLabels,
  useEnumOptions,
} from './appeals/model.ts';
import './hardship/hardship.css';

export default function ReferralsPage({ scope = 'union' }: { scope?: 'union' | 'partner' }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab =
    params.get('tab') === 'config' && scope === 'union' && can(appealPerm.config) ? 'config' : 'list';
  const partner = scope === 'partner';

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {partner ? t('appealWork.referral.titlePartner') : t('appealWork.referral.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {partner ? t('appealWork.referral.subtitlePartner') : t('appealWork.referral.subtitle')}
      </Typography.Paragraph>
      {scope === 'union' && can(appealPerm.config) ? (
        <Card size="small" styles={{ body: { paddingTop: 4 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) =>
              setParams(k === 'config' ? new URLSearchParams({ tab: 'config' }) : new URLSearchParams())
            }
            items={[
              {
                key: 'list',
                label: <span data-testid="referral-tab-list">{t('appealWork.referral.tabList')}</span>,
                children: <ReferralList scope={scope} />,
              },
              {
                key: 'config',
                label: <span data-testid="referral-tab-config">{t('appealWork.referral.tabConfig')}</span>,
                children: <EndpointsTab />,
              },
            ]}
          />
        </Card>
      ) : (
        <Card size="small">
          <ReferralList scope={scope} />
        </Card>
      )}
    </div>
  );
}

function ReferralList({ scope }: { scope: 'union' | 'partner' }) {
  const { t, i18n } = useTranslation();
  const label = useAppealLabels();
  const options = useEnumOptions();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const lang = i18n.language;
  const base = scope === 'partner' ? '/referrals/assigned' : '/referrals';
  const rawState = params.get('state');
  const state: ReferralState | undefined = isReferralState(rawState) ? rawState : undefined;
  const overdue = params.get('overdue') === 'true' ? ('true' as const) : undefined;
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
  const apply = (next: { state?: string | undefined; overdue?: string | undefined }, p = 1, s = pageSize) =>
    setParams(listSearchParams(next, p, s));

  const list = useQuery({
    queryKey: [...referralsKey, 'list', scope, state, overdue, page, pageSize],
    queryFn: () => api.get<Page<TReferral>>(REFERRALS, { state, overdue, page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const columns: TableColumnsType<TReferral> = [
    {
      key: 'code',
      title: t('appealWork.referral.code'),
      width: 150,
      fixed: screens.md ? ('left' as const) : undefined,
      render: (_, r) => (
        <Link to={`${base}/${r.id}`} className="nj-hs-mono" data-testid={`referral-row-${r.id}`}>
          {r.code}
        </Link>
      ),
    },
    {
      key: 'appeal',
      title: t('appealWork.referral.appeal'),
      width: 180,
      render: (_, r) => (
        <div>
          {scope === 'union' ? (
            <Link to={`/appeals/${r.appeal.id}`} className="nj-hs-mono">
              {r.appeal.code}
            </Link>
          ) : (
            <span className="nj-hs-mono">{r.appeal.code}</span>
          )}
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.appeal.title }} style={{ margin: 0 }}>
            {r.appeal.title}
          </Typography.Paragraph>
        </div>
      ),
    },
    {
      key: 'partner',
      title: scope === 'partner' ? t('appealWork.detail.union') : t('appealWork.referral.partner'),
      width: 130,
      render: (_, r) => (scope === 'partner' ? r.org.name : r.partner.name),
    },
    {
      key: 'mode',
      title: t('appealWork.referral.mode'),
      width: 90,
      render: (_, r) => <Tag color={r.mode === 'api' ? 'blue' : 'default'}>{label('mode', r.mode)}</Tag>,
    },
    {
      key: 'state',
      title: t('appealWork.referral.state'),
      width: 120,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={referralStateColor[r.state]} style={{ marginInlineEnd: 0 }}>
            {label('referralState', r.state)}
          </Tag>
          {r.overdue ? (
            <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('appealWork.referral.overdue')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'attempts',
      title: t('appealWork.referral.attempts'),
      width: 110,
      render: (_, r) =>
        r.mode === 'api' ? (
          <div>
            <span className="nj-hs-mono">
              {t('appealWork.referral.attemptsN', { count: r.attemptCount })}
            </span>
            {r.nextAttemptAt && r.state === 'queued' ? (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('appealWork.referral.nextAttempt', { time: formatDateTime(r.nextAttemptAt, lang) })}
                </Typography.Text>
              </div>
            ) : null}
            {r.lastError ? (
              <Typography.Paragraph
                type="danger"
                ellipsis={{ rows: 1, tooltip: r.lastError }}
                style={{ margin: 0, fontSize: 12 }}
              >
                {r.lastError}
              </Typography.Paragraph>
            ) : null}
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      key: 'due',
      title: t('appealWork.referral.due'),
      width: 120,
      render: (_, r) => (
        <Typography.Text className="nj-hs-mono" type={r.overdue ? 'danger' : undefined}>
          {formatDate(r.dueAt, lang)}
        </Typography.Text>
      ),
    },
    {
      key: 'answered',
      title: t('appealWork.referral.answeredAt'),
      width: 120,
      render: (_, r) =>
        r.answeredAt ? (
          <Tooltip title={r.answer}>
            <span className="nj-hs-mono">{formatDate(r.answeredAt, lang)}</span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      key: 'actions',
      title: t('appealWork.col.actions'),
      width: 60,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, r) => <Link to={`${base}/${r.id}`}>{t('appealWork.referral.open')}</Link>,
    },
  ];

  return (
    <>
      <div className="nj-hs-toolbar">
        <Space wrap>
          <Select<string>
            allowClear
            placeholder={t('appealWork.referral.state')}
            value={state}
            onChange={(v) => apply({ state: v, overdue })}
            options={options('referralState')}
            style={{ width: 160 }}
            data-testid="referral-filter-state"
          />
          <Checkbox
            checked={overdue === 'true'}
            onChange={(e) => apply({ state, overdue: e.target.checked ? 'true' : undefined })}
            data-testid="referral-filter-overdue"
          >
            {t('appealWork.referral.overdueOnly')}
          </Checkbox>
        </Space>
        <Typography.Text type="secondary" aria-live="polite">
          {list.data ? t('appealWork.list.total', { count: list.data.total }) : ''}
        </Typography.Text>
      </div>
      <ServerTable<TReferral>
        list={list}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={(p, s) => apply({ state, overdue }, p, s)}
        filtered={state !== undefined || overdue !== undefined}
        onClearFilters={() => apply({})}
        testId="referrals-table"
        text={{
          loadFailed: t('appealWork.referral.loadFailed'),
          empty: t('appealWork.referral.empty'),
          emptyFiltered: t('appealWork.referral.emptyFiltered'),
          clearFilters: t('appealWork.referral.clearFilters'),
        }}
      />
    </>
  );
}
