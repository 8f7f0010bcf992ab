import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TAuditEntry } from '../../../shared/audit.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { ActionSelect, actionName, entityName } from './audit/ActionSelect.tsx';
import { AuditDetail } from './audit/AuditDetail.tsx';
import {
  type AuditFilters,
  type AuditResult,
  auditResultList,
  readFilters,
  readPage,
  toParams,
} from './audit/auditFilters.ts';
import { DateRangeField, type DayRange } from './audit/DateRangeField.tsx';
import './audit/audit.css';

const PAGE_SIZE = 20;
const DAY = 'YYYY-MM-DD';

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

interface FormValues {
  range: DayRange;
  action: string | undefined;
  actor: string;
  result: AuditResult | undefined;
  ip: string;
}

const resultColors: Record<AuditResult, string> = { success: 'green', failure: 'orange', denied: 'red' };

const toForm = (f: AuditFilters): FormValues => ({
  range: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null,
  action: f.action,
  actor: f.actor ?? '',
  result: f.result,
  ip: f.ip ?? '',
});

const fromForm = (v: FormValues): AuditFilters => ({
  from: v.range?.[0]?.format(DAY),
  to: v.range?.[1]?.format(DAY),
  action: v.action,
  actor: v.actor,
  result: v.result,
  ip: v.ip,
});

/** 审计日志: who did what, where and when, in the caller's subtree. Filters live in the URL. */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [expanded, setExpanded] = useState<number[]>([]);
  const [exporting, setExporting] = useState(false);
  const search = params.toString();
  const filters = readFilters(params);
  const page = readPage(params);
  const query = toParams(filters).toString();

  // Back/forward and pasted links put their filters into the form.
  useEffect(() => {
    form.setFieldsValue(toForm(readFilters(new URLSearchParams(query))));
  }, [query, form]);

  const list = useQuery({
    queryKey: ['audit', 'list', query, page],
    queryFn: () => api.get<Page<TAuditEntry>>('/api/v1/audit', { ...filters, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const apply = (next: AuditFilters, nextPage = 1) => {
    const nextSearch = toParams(next, nextPage).toString();
    setExpanded([]);
    if (nextSearch === search) void list.refetch();
    else setParams(nextSearch);
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const stamp = dayjs().format('YYYYMMDD');
      await api.download('/api/v1/audit/export', { ...filters }, `audit-${stamp}.xlsx`);
      message.success(t('audit.exported'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const toggle = (id: number) =>
    setExpanded((prev) => (prev.includes(id) ? prev.filter((k) => k !== id) : [...prev, id]));

  const columns: TableColumnsType<TAuditEntry> = [
    {
      key: 'at',
      title: t('audit.col.at'),
      dataIndex: 'at',
      width: 160,
      render: (at: string) => formatDateTime(at, i18n.language),
    },
    {
      key: 'actor',
      title: t('audit.col.actor'),
      dataIndex: 'actorName',
      width: 130,
      ellipsis: true,
      render: (name: string | null) =>
        name ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    {
      key: 'action',
      title: t('audit.col.action'),
      dataIndex: 'action',
      width: 190,
      render: (code: string, e) => (
        <Tooltip title={code}>
          <span className="nj-audit-action">{actionName(t, code, e.actionLabel)}</span>
        </Tooltip>
      ),
    },
    {
      key: 'entity',
      title: t('audit.col.entity'),
      width: 130,
      render: (_: unknown, e) =>
        e.entityType ? (
          <Tooltip title={e.entityId ? `${e.entityType}#${e.entityId}` : e.entityType}>
            <span className="nj-audit-entity">
              {entityName(t, e.entityType)}
              {e.entityId ? ` #${e.entityId}` : ''}
            </span>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    {
      key: 'org',
      title: t('audit.col.org'),
      dataIndex: 'orgName',
      ellipsis: { showTitle: true },
      render: (name: string | null) => name ?? '—',
    },
    {
      key: 'result',
      title: t('audit.col.result'),
      dataIndex: 'result',
      width: 90,
      render: (r: AuditResult) => <Tag color={resultColors[r]}>{t(`audit.result.${r}`)}</Tag>,
    },
    {
      key: 'ip',
      title: t('audit.col.ip'),
      dataIndex: 'ip',
      width: 130,
      render: (ip: string | null) => ip ?? '—',
    },
    {
      key: 'detail',
      title: t('audit.col.detail'),
      width: 80,
      // Kept in view while the table scrolls sideways; this also keeps the opened details inside the visible width.
      fixed: 'right',
      render: (_: unknown, e) =>
        e.detail ? (
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            aria-expanded={expanded.includes(e.id)}
            onClick={() => toggle(e.id)}
          >
            {expanded.includes(e.id) ? t('audit.hideDetail') : t('audit.showDetail')}
          </Button>
        ) : (
          <Typography.Text type="secondary" aria-label={t('audit.noDetail')}>
            —
          </Typography.Text>
        ),
    },
  ];

  return (
    <div className="nj-audit-page">
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>

      <Card style={{ marginBottom: 16 }}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={toForm(filters)}
          onFinish={(v) => apply(fromForm(v))}
          className="nj-audit-filters"
        >
          <Row gutter={[16, 0]}>
            <Col xs={24} sm={12} xl={8}>
              <Form.Item name="range" label={t('audit.filter.date')}>
                <DateRangeField />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} xl={8}>
              <Form.Item name="action" label={t('audit.filter.action')}>
                <ActionSelect />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} xl={8}>
              <Form.Item name="actor" label={t('audit.filter.actor')}>
                <Input allowClear maxLength={64} placeholder={t('audit.filter.actorPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={12} xl={8}>
              <Form.Item name="result" label={t('audit.filter.result')}>
                <Select
                  allowClear
                  placeholder={t('audit.filter.resultPlaceholder')}
                  options={auditResultList.map((r) => ({ value: r, label: t(`audit.result.${r}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={12} xl={8}>
              <Form.Item name="ip" label={t('audit.filter.ip')}>
                <Input allowClear maxLength={64} placeholder={t('audit.filter.ipPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} xl={8} className="nj-audit-buttons">
              <Form.Item label=" " colon={false}>
                <Space wrap>
                  <Button
                    type="primary"
                    htmlType="submit"
                    icon={<SearchOutlined />}
                    data-testid="audit-search"
                  >
                    {t('audit.filter.query')}
                  </Button>
                  <Button
                    icon={<ReloadOutlined />}
                    onClick={() => {
                      form.setFieldsValue(toForm({}));
                      apply({});
                    }}
                    data-testid="audit-reset"
                  >
                    {t('action.reset')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <Card
        title={list.data ? t('audit.total', { count: list.data.total }) : t('audit.title')}
        extra={
          can('audit.export') && (
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="audit-export"
            >
              {t('action.export')}
            </Button>
          )
        }
        className="nj-audit-card"
      >
        {list.isError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('audit.loadFailed')}
            description={errorMessage(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        )}
        <div data-testid="audit-table" hidden={list.isError && !list.data}>
          <Table<TAuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 1060 }}
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
            expandable={{
              showExpandColumn: false,
              expandedRowKeys: expanded,
              rowExpandable: (e) => e.detail !== null,
              expandedRowRender: (e) => <AuditDetail entry={e} />,
            }}
            pagination={{
              current: list.data?.page ?? page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => apply(filters, p),
            }}
          />
        </div>
      </Card>
    </div>
  );
}
