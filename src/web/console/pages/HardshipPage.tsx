import { PlusOutlined, PrinterOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Form,
  Grid,
  Input,
  Select,
  Space,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { useSession } from '../session.tsx';
import { BulkAssistanceButton } from './hardship/AssistanceParts.tsx';
import { CreateArchiveModal } from './hardship/CreateArchiveModal.tsx';
import { DibaoSettingsButton } from './hardship/DibaoSettings.tsx';
import { ExportArchives } from './hardship/ExportArchives.tsx';
import { ImportArchives } from './hardship/ImportArchives.tsx';
import {
  type ArchivePage,
  type ArchiveState,
  archiveStates,
  categoryColor,
  type HardshipCategory,
  type HardshipCause,
  hardshipCategories,
  hardshipCauses,
  hardshipKey,
  isCategory,
  isCause,
  isState,
  stateColor,
  type TArchiveListItem,
  useLabels,
} from './hardship/model.ts';
import { openQrCards } from './hardship/QrPanel.tsx';
import { OrgSelect } from './users/OrgSelect.tsx';
import './hardship/hardship.css';
import { registerHardshipImportStrings } from './hardship-import.i18n.ts';

registerHardshipImportStrings();

/** 年度复核: filed archives whose yearly review is overdue, or due within 30 days. */
type ReviewDue = 'overdue' | 'within30';

interface Filters {
  orgId?: number | undefined;
  state?: ArchiveState | undefined;
  category?: HardshipCategory | undefined;
  mainCause?: HardshipCause | undefined;
  secondaryCause?: HardshipCause | undefined;
  helperUserId?: number | undefined;
  reviewDue?: ReviewDue | undefined;
  q?: string | undefined;
}

/** Filters and paging as kept in the URL (`?orgId=&state=&category=&mainCause=&secondaryCause=&q=&page=&pageSize=`). */
function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const state = params.get('state');
  const category = params.get('category');
  const mainCause = params.get('mainCause');
  const secondaryCause = params.get('secondaryCause');
  const helper = Number(params.get('helperUserId'));
  const reviewDue = params.get('reviewDue');
  const q = params.get('q')?.trim();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    state: isState(state) ? state : undefined,
    category: isCategory(category) ? category : undefined,
    mainCause: isCause(mainCause) ? mainCause : undefined,
    secondaryCause: isCause(secondaryCause) ? secondaryCause : undefined,
    helperUserId: Number.isInteger(helper) && helper > 0 ? helper : undefined,
    reviewDue: reviewDue === 'overdue' || reviewDue === 'within30' ? reviewDue : undefined,
    q: q ? q.slice(0, 40) : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

/** 困难帮扶: the hardship archives of the caller's subtree. */
export default function HardshipPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const label = useLabels();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<Filters>();
  const [creating, setCreating] = useState(false);
  // Filed archives ticked for 送温暖 or for their QR cards, kept across pages and filters.
  const [ticked, setTicked] = useState<number[]>([]);
  const canTick = can('hardship.assist') || can('hardship.qrPrint');
  const filtered = Object.values(filters).some((v) => v !== undefined);

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({
      orgId: undefined,
      state: undefined,
      category: undefined,
      mainCause: undefined,
      secondaryCause: undefined,
      helperUserId: undefined,
      reviewDue: undefined,
      q: undefined,
      ...filters,
    });
  }, [search, form]);

  // 主要 and 次要致困原因 filter with the same list.
  const causeSelect = (
    <Select<HardshipCause>
      allowClear
      placeholder={t('hardship.filter.causePlaceholder')}
      className="nj-hs-f-mid"
      options={hardshipCauses.map((c) => ({ value: c, label: label('cause', c) }))}
      popupMatchSelectWidth={false}
    />
  );

  const list = useQuery({
    queryKey: [...hardshipKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<ArchivePage>('/api/v1/hardship/archives', { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));

  const reset = () => {
    form.resetFields();
    apply({});
  };

  const columns: TableColumnsType<TArchiveListItem> = [
    {
      // The masked ID sits under the name: a column of its own pushed the list past a 1366-px screen.
      key: 'name',
      title: t('hardship.col.nameAndId'),
      width: 168,
      render: (_, a) => (
        <div>
          <Link to={`/hardship/${a.id}`}>{a.name}</Link>
          <div className="nj-hs-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
            {a.idCard}
          </div>
        </div>
      ),
    },
    { key: 'org', title: t('hardship.col.org'), width: 150, render: (_, a) => a.org.name },
    {
      key: 'category',
      title: t('hardship.col.category'),
      width: 104,
      render: (_, a) =>
        a.category ? (
          <Tag color={categoryColor[a.category]} style={{ marginInlineEnd: 0 }}>
            {label('category', a.category)}
          </Tag>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.suggestedCategory
              ? t('hardship.suggested', { label: label('category', a.suggestedCategory) })
              : t('hardship.unconfirmed')}
          </Typography.Text>
        ),
    },
    {
      key: 'mainCause',
      title: t('hardship.col.mainCause'),
      width: 128,
      render: (_, a) => label('cause', a.mainCause),
    },
    {
      key: 'state',
      title: t('hardship.col.state'),
      width: 144,
      render: (_, a) => (
        <Tag color={stateColor[a.state]} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
          {label('state', a.state)}
        </Tag>
      ),
    },
    {
      key: 'helper',
      title: t('hardship.col.helper'),
      width: 116,
      render: (_, a) => a.helperName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      key: 'updated',
      title: t('hardship.col.updated'),
      width: 172,
      render: (_, a) => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.updatedAt, i18n.language)}</span>
      ),
    },
    {
      key: 'actions',
      title: t('hardship.col.actions'),
      width: 70,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, a) => (
        <Link to={`/hardship/${a.id}`} aria-label={`${t('hardship.open')} ${a.name}`}>
          {t('hardship.open')}
        </Link>
      ),
    },
  ];

  const data = list.data;

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('hardship.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('hardship.subtitle')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('hardship.filter.aria')}>
          <Form<Filters>
            name="hardshipFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={(v) => apply(v)}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="orgId" label={t('hardship.filter.org')}>
              <OrgSelect
                allowClear
                placeholder={t('hardship.filter.orgPlaceholder')}
                className="nj-hs-f-wide"
              />
            </Form.Item>
            <Form.Item name="state" label={t('hardship.filter.state')}>
              <Select<ArchiveState>
                allowClear
                placeholder={t('hardship.filter.statePlaceholder')}
                className="nj-hs-f-mid"
                options={archiveStates.map((s) => ({ value: s, label: label('state', s) }))}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item name="category" label={t('hardship.filter.category')}>
              <Select<HardshipCategory>
                allowClear
                placeholder={t('hardship.filter.categoryPlaceholder')}
                className="nj-hs-f-narrow"
                options={hardshipCategories.map((c) => ({ value: c, label: label('category', c) }))}
              />
            </Form.Item>
            <Form.Item name="mainCause" label={t('hardship.filter.cause')}>
              {causeSelect}
            </Form.Item>
            <Form.Item name="secondaryCause" label={t('hardship.filter.secondaryCause')}>
              {causeSelect}
            </Form.Item>
            <Form.Item name="q" label={t('hardship.filter.q')}>
              <Input
                allowClear
                placeholder={t('hardship.filter.qPlaceholder')}
                maxLength={40}
                className="nj-hs-f-search"
                data-testid="hardship-search"
              />
            </Form.Item>
            <Form.Item name="reviewDue" label={t('hardship.filter.reviewDue')}>
              <Select<ReviewDue>
                allowClear
                placeholder={t('hardship.filter.reviewDueAny')}
                className="nj-hs-f-narrow"
                options={[
                  { value: 'overdue', label: t('hardship.filter.overdue') },
                  { value: 'within30', label: t('hardship.filter.within30') },
                ]}
                popupMatchSelectWidth={false}
                data-testid="hardship-review-due"
              />
            </Form.Item>
            <Form.Item
              name="helperUserId"
              valuePropName="checked"
              getValueProps={(v: number | undefined) => ({ checked: v !== undefined })}
              normalize={(checked: boolean) => (checked ? me.user.id : undefined)}
            >
              <Checkbox data-testid="hardship-mine">{t('hardship.filter.mine')}</Checkbox>
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('hardship.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('hardship.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <div role="toolbar" aria-label={t('hardship.toolbar.aria')} className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {data ? t('hardship.total', { count: data.total }) : ''}
          </Typography.Text>
          <Space wrap>
            {can('hardship.create') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="hardship-create"
              >
                {t('hardship.create.button')}
              </Button>
            ) : null}
            {can('hardship.import') ? (
              <ImportArchives orgId={filters.orgId} ownOrgName={me.active?.org.name ?? ''} />
            ) : null}
            {can('hardship.view') ? (
              <ExportArchives filters={{ ...filters }} canUnmask={can('hardship.viewPii')} />
            ) : null}
            {can('hardship.qrPrint') && me.active ? (
              <Button
                icon={<PrinterOutlined />}
                onClick={() =>
                  ticked.length > 0
                    ? openQrCards({ ids: ticked })
                    : openQrCards({ orgId: filters.orgId ?? me.active?.org.id ?? 0 })
                }
                data-testid="hardship-qr-print-all"
              >
                {ticked.length > 0
                  ? t('hardship.qr.printTicked', { count: ticked.length })
                  : t('hardship.qr.printAll')}
              </Button>
            ) : null}
            {can('hardship.assist') ? (
              <BulkAssistanceButton archiveIds={ticked} onDone={() => setTicked([])} />
            ) : null}
            {can('hardship.settings') && me.active ? (
              <DibaoSettingsButton defaultOrg={me.active.org} />
            ) : null}
          </Space>
        </div>

        <ServerTable<TArchiveListItem>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => apply(filters, p, size)}
          filtered={filtered}
          onClearFilters={reset}
          testId="hardship-table"
          rowSelection={
            canTick
              ? {
                  selectedRowKeys: ticked,
                  preserveSelectedRowKeys: true,
                  onChange: (keys) => setTicked(keys.map(Number)),
                  getCheckboxProps: (r) => ({
                    disabled: r.state !== 'filed',
                    title: r.state !== 'filed' ? t('hardship.assist.selectHint') : undefined,
                  }),
                }
              : undefined
          }
          text={{
            loadFailed: t('hardship.loadFailed'),
            empty: t('hardship.empty'),
            // ID numbers and mobiles are found by their blind index: only a whole number matches.
            emptyFiltered:
              filters.q && /^[\dXx]+$/.test(filters.q) && ![11, 18].includes(filters.q.length)
                ? t('hardship.emptyPartialNumber')
                : t('hardship.emptyFiltered'),
            clearFilters: t('hardship.clearFilters'),
          }}
        />
      </Card>

      <CreateArchiveModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(a) => {
          setCreating(false);
          navigate(`/hardship/${a.id}`);
        }}
      />
    </div>
  );
}
