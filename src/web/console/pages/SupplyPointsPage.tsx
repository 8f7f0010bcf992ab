import { PhoneOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
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
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  isOneOf,
  type Page,
  POINTS_API,
  type PointKind,
  pointKinds,
  pointsKey,
  supplyPerm,
  type TPoint,
  useSupplyLabels,
} from './supplies/catalogue-model.ts';
import { PointFormModal } from './supplies/pointsForm.tsx';
import { OrgSelect } from './users/OrgSelect.tsx';
import './hardship/hardship.css';
import './supplies/catalogue.css';

interface Filters {
  orgId?: number | undefined;
  kind?: PointKind | undefined;
  q?: string | undefined;
  active?: 'true' | 'false' | undefined;
}

const isKind = isOneOf(pointKinds);

function readParams(params: URLSearchParams) {
  const orgId = Number(params.get('orgId'));
  const q = params.get('q')?.trim();
  const active = params.get('active');
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const filters: Filters = {
    orgId: Number.isInteger(orgId) && orgId > 0 ? orgId : undefined,
    kind: isKind(params.get('kind')) ? (params.get('kind') as PointKind) : undefined,
    q: q ? q.slice(0, 40) : undefined,
    active: active === 'true' || active === 'false' ? active : undefined,
  };
  return { filters, page, pageSize: PAGE_SIZES.includes(size) ? size : 20 };
}

/** 配送点位: the delivery points of the requesting units in the caller's subtree. */
export default function SupplyPointsPage() {
  const { t } = useTranslation();
  const { can, me } = useSession();
  const label = useSupplyLabels();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const { filters, page, pageSize } = readParams(params);
  const [form] = Form.useForm<Filters>();
  const [editing, setEditing] = useState<TPoint | 'new' | null>(null);
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const canManage = can(supplyPerm.pointsManage) && me.active?.role !== 'partner';

  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL string stands for the filters
  useEffect(() => {
    form.setFieldsValue({ orgId: undefined, kind: undefined, q: undefined, active: undefined, ...filters });
  }, [search, form]);

  const list = useQuery({
    queryKey: [...pointsKey, 'list', filters, page, pageSize],
    queryFn: () => api.get<Page<TPoint>>(POINTS_API, { ...filters, page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const apply = (next: Filters, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ ...next }, nextPage, nextSize));
  const reset = () => {
    form.resetFields();
    apply({});
  };

  const toggle = (p: TPoint) => {
    const next = p.active ? 'deactivate' : 'activate';
    modal.confirm({
      title: t(`supplyLogistics.point.${next}Confirm`, { name: p.name }),
      content: p.active ? t('supplyLogistics.point.deactivateHint') : undefined,
      okText: t(`supplyLogistics.point.${next}`),
      okButtonProps: { danger: p.active },
      cancelText: t('action.cancel'),
      onOk: async () => {
        try {
          await api.post<TPoint>(`${POINTS_API}/${p.id}/${next}`);
          message.success(t(`supplyLogistics.point.${next}Done`, { name: p.name }));
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          await client.invalidateQueries({ queryKey: pointsKey });
        }
      },
    });
  };

  const columns: TableColumnsType<TPoint> = [
    { key: 'org', title: t('supplyLogistics.col.unit'), width: 170, render: (_, p) => p.org.name },
    {
      key: 'name',
      title: t('supplyLogistics.col.pointName'),
      width: 180,
      render: (_, p) => <Typography.Text strong>{p.name}</Typography.Text>,
    },
    {
      key: 'kind',
      title: t('supplyLogistics.col.pointKind'),
      width: 100,
      render: (_, p) => <Tag style={{ marginInlineEnd: 0 }}>{label('pointKind', p.kind)}</Tag>,
    },
    { key: 'address', title: t('supplyLogistics.col.address'), width: 210, render: (_, p) => p.address },
    { key: 'contact', title: t('supplyLogistics.col.contact'), width: 90, render: (_, p) => p.contactName },
    {
      key: 'phone',
      title: t('supplyLogistics.col.phone'),
      width: 140,
      render: (_, p) =>
        p.contactPhone.includes('*') ? (
          <span className="nj-hs-mono">{p.contactPhone}</span>
        ) : (
          <a href={`tel:${p.contactPhone}`} className="nj-hs-mono">
            <PhoneOutlined /> {p.contactPhone}
          </a>
        ),
    },
    {
      key: 'active',
      title: t('supplyLogistics.col.active'),
      width: 80,
      render: (_, p) => (
        <Tag color={p.active ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
          {p.active ? t('supplyLogistics.point.active') : t('supplyLogistics.point.inactive')}
        </Tag>
      ),
    },
    ...(canManage
      ? [
          {
            key: 'actions',
            title: t('supplyLogistics.col.actions'),
            width: 110,
            fixed: screens.md ? ('right' as const) : undefined,
            render: (_: unknown, p: TPoint) => (
              <Space size={10}>
                <Typography.Link onClick={() => setEditing(p)} data-testid={`point-edit-${p.id}`}>
                  {t('action.edit')}
                </Typography.Link>
                <Typography.Link
                  type={p.active ? 'danger' : undefined}
                  onClick={() => toggle(p)}
                  data-testid={`point-toggle-${p.id}`}
                >
                  {p.active ? t('supplyLogistics.point.deactivate') : t('supplyLogistics.point.activate')}
                </Typography.Link>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('supplyLogistics.points.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('supplyLogistics.points.subtitle')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <search aria-label={t('supplyLogistics.filter.aria')}>
          <Form<Filters>
            name="supplyPointFilter"
            form={form}
            layout="inline"
            className="nj-hs-filter"
            onFinish={(v) => apply(v)}
            style={{ rowGap: 12 }}
          >
            <Form.Item name="orgId" label={t('supplyLogistics.filter.unit')}>
              <OrgSelect
                allowClear
                placeholder={t('supplyLogistics.filter.unitPlaceholder')}
                className="nj-hs-f-wide"
              />
            </Form.Item>
            <Form.Item name="kind" label={t('supplyLogistics.filter.pointKind')}>
              <Select<PointKind>
                allowClear
                placeholder={t('supplyLogistics.filter.all')}
                className="nj-hs-f-mid"
                options={pointKinds.map((k) => ({ value: k, label: label('pointKind', k) }))}
              />
            </Form.Item>
            <Form.Item name="active" label={t('supplyLogistics.filter.state')}>
              <Select<'true' | 'false'>
                allowClear
                placeholder={t('supplyLogistics.filter.all')}
                className="nj-hs-f-narrow"
                options={[
                  { value: 'true', label: t('supplyLogistics.point.active') },
                  { value: 'false', label: t('supplyLogistics.point.inactive') },
                ]}
              />
            </Form.Item>
            <Form.Item name="q" label={t('supplyLogistics.filter.q')}>
              <Input
                allowClear
                maxLength={40}
                placeholder={t('supplyLogistics.filter.pointPlaceholder')}
                className="nj-hs-f-wide"
                data-testid="point-search"
              />
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  {t('supplyLogistics.filter.query')}
                </Button>
                <Button onClick={reset} icon={<ReloadOutlined />}>
                  {t('supplyLogistics.filter.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Form>
        </search>
      </Card>

      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <div role="toolbar" aria-label={t('supplyLogistics.points.toolbar')} className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {list.data ? t('supplyLogistics.points.total', { count: list.data.total }) : ''}
          </Typography.Text>
          {canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="point-new"
            >
              {t('supplyLogistics.point.new')}
            </Button>
          ) : null}
        </div>
        <ServerTable<TPoint>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, size) => apply(filters, p, size)}
          filtered={filtered}
          onClearFilters={reset}
          testId="point-table"
          text={{
            loadFailed: t('supplyLogistics.points.loadFailed'),
            empty: t('supplyLogistics.points.empty'),
            emptyFiltered: t('supplyLogistics.points.emptyFiltered'),
            clearFilters: t('supplyLogistics.filter.clear'),
          }}
        />
      </Card>

      <PointFormModal
        open={editing !== null}
        point={editing === 'new' ? null : editing}
        defaultOrg={me.active ? { id: me.active.org.id, name: me.active.org.name } : undefined}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
