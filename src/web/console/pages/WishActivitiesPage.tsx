import { ArrowLeftOutlined, FormOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { errorMessage, showFieldErrors } from '../forms.ts';
import { useSession } from '../session.tsx';
import { BulkClaims } from './wishes/BulkClaims.tsx';
import {
  type ActivityDetail,
  type ActivityPage,
  API,
  activitiesKey,
  claimStateColor,
  type EventClaim,
  type TWishActivity,
  useWishLabels,
  wishPerm,
} from './wishes/model.ts';
import './hardship/hardship.css';

/** 认领活动 (`/wishes/activities`) and one event (`/wishes/activities/:id`). */
export default function WishActivitiesPage() {
  const { id } = useParams();
  return id === undefined ? <ActivityList /> : <ActivityView id={Number(id)} />;
}

function ActivityList() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(size) ? size : 20;
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...activitiesKey, 'list', page, pageSize],
    queryFn: () => api.get<ActivityPage>(`${API}/activities`, { page, pageSize }),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<TWishActivity> = [
    {
      key: 'title',
      title: t('wishes.activities.col.title'),
      width: 240,
      render: (_, a) => <Link to={`/wishes/activities/${a.id}`}>{a.title}</Link>,
    },
    {
      key: 'heldOn',
      title: t('wishes.activities.col.heldOn'),
      width: 120,
      render: (_, a) => <span className="nj-hs-mono">{a.heldOn}</span>,
    },
    { key: 'place', title: t('wishes.activities.col.place'), width: 200, render: (_, a) => a.place },
    { key: 'org', title: t('wishes.activities.col.org'), width: 180, render: (_, a) => a.org.name },
    {
      key: 'claims',
      title: t('wishes.activities.col.claims'),
      width: 100,
      align: 'right',
      render: (_, a) => a.claimCount,
    },
    {
      key: 'actions',
      title: t('wishes.activities.col.actions'),
      width: 80,
      fixed: screens.md ? ('right' as const) : undefined,
      render: (_, a) => <Link to={`/wishes/activities/${a.id}`}>{t('wishes.activities.open')}</Link>,
    },
  ];

  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('wishes.activities.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('wishes.activities.subtitle')}</Typography.Paragraph>
      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12 } }}>
        <div className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {list.data ? t('wishes.activities.total', { count: list.data.total }) : ''}
          </Typography.Text>
          {can(wishPerm.events) ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="activity-create"
            >
              {t('wishes.activities.create')}
            </Button>
          ) : null}
        </div>
        <ServerTable<TWishActivity>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, s) => setParams(listSearchParams({}, p, s))}
          filtered={false}
          onClearFilters={() => setParams({})}
          scrollX={920}
          testId="activity-table"
          text={{
            loadFailed: t('wishes.activities.loadFailed'),
            empty: t('wishes.activities.empty'),
            emptyFiltered: t('wishes.activities.emptyFiltered'),
            clearFilters: t('wishes.activities.clearFilters'),
          }}
        />
      </Card>
      <CreateActivityModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(a) => {
          setCreating(false);
          navigate(`/wishes/activities/${a.id}`);
        }}
      />
    </div>
  );
}

interface ActivityValues {
  title?: string;
  heldOn?: Dayjs;
  place?: string;
  note?: string;
}

function CreateActivityModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (a: TWishActivity) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ActivityValues>();
  const [saving, setSaving] = useState(false);
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });

  const submit = async (v: ActivityValues) => {
    setSaving(true);
    try {
      const a = await api.post<TWishActivity>(`${API}/activities`, {
        title: v.title?.trim(),
        heldOn: v.heldOn?.format('YYYY-MM-DD'),
        place: v.place?.trim(),
        note: v.note?.trim() || null,
      });
      await client.invalidateQueries({ queryKey: activitiesKey });
      message.success(t('wishes.activities.created'));
      onCreated(a);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('wishes.activities.createTitle')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.create')}
      okButtonProps={{ 'data-testid': 'activity-create-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Form<ActivityValues>
        name="wishActivity"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ heldOn: dayjs() }}
      >
        <Form.Item
          name="title"
          label={t('wishes.activities.name')}
          rules={[required(t('wishes.activities.name')), { min: 2, max: 60 }]}
        >
          <Input maxLength={60} placeholder={t('wishes.activities.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="heldOn"
          label={t('wishes.activities.heldOn')}
          rules={[{ required: true, message: t('msg.required', { field: t('wishes.activities.heldOn') }) }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('wishes.activities.place')}
          rules={[required(t('wishes.activities.place')), { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="note" label={t('wishes.activities.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActivityView({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const label = useWishLabels();
  const [entering, setEntering] = useState(false);
  const valid = Number.isInteger(id) && id > 0 && id <= 2_147_483_647;
  const activity = useQuery({
    queryKey: [...activitiesKey, 'one', id],
    queryFn: () => api.get<ActivityDetail>(`${API}/activities/${id}`),
    enabled: valid,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
  const back = (
    <Link to="/wishes/activities">
      <ArrowLeftOutlined /> {t('wishes.activities.back')}
    </Link>
  );
  if (!valid || (activity.error instanceof ApiError && activity.error.status < 500)) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Empty
            description={activity.error ? errorMessage(activity.error) : t('wishes.activities.notFound')}
          />
        </Card>
      </div>
    );
  }
  if (activity.isError) {
    return (
      <div className="nj-hs">
        {back}
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={errorMessage(activity.error)}
          action={
            <Button size="small" onClick={() => void activity.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      </div>
    );
  }
  if (activity.isPending) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Skeleton active />
        </Card>
      </div>
    );
  }
  const a = activity.data;
  const columns: TableColumnsType<EventClaim> = [
    {
      key: 'wish',
      title: t('wishes.activities.claimCol.wish'),
      render: (_, c) => <Link to={`/wishes/${c.wishId}`}>{c.wishTitle}</Link>,
    },
    { key: 'donor', title: t('wishes.activities.claimCol.donor'), width: 200, render: (_, c) => c.donorName },
    {
      key: 'kind',
      title: t('wishes.activities.claimCol.kind'),
      width: 110,
      render: (_, c) => label('kind', c.donorKind),
    },
    {
      key: 'state',
      title: t('wishes.activities.claimCol.state'),
      width: 110,
      render: (_, c) => (
        <Tag color={claimStateColor[c.state]} style={{ marginInlineEnd: 0 }}>
          {label('claimState', c.state)}
        </Tag>
      ),
    },
    {
      key: 'claimedAt',
      title: t('wishes.activities.claimCol.claimedAt'),
      width: 170,
      render: (_, c) => (
        <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.claimedAt, i18n.language)}</span>
      ),
    },
  ];

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }}>
        <div className="nj-hs-head">
          <Typography.Title level={2} style={{ fontSize: 20 }} data-testid="activity-title">
            {a.title}
          </Typography.Title>
          {can(wishPerm.events) && !entering ? (
            <Button
              type="primary"
              icon={<FormOutlined />}
              onClick={() => setEntering(true)}
              data-testid="activity-bulk"
            >
              {t('wishes.bulk.button')}
            </Button>
          ) : null}
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('wishes.activities.heldOn')}>{a.heldOn}</Descriptions.Item>
          <Descriptions.Item label={t('wishes.activities.place')}>{a.place}</Descriptions.Item>
          <Descriptions.Item label={t('wishes.activities.col.org')}>{a.org.name}</Descriptions.Item>
          {a.note ? (
            <Descriptions.Item label={t('wishes.activities.note')} span={3}>
              {a.note}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {entering ? (
        <Card
          title={t('wishes.bulk.title')}
          style={{ marginTop: 16 }}
          extra={
            <Button type="link" onClick={() => setEntering(false)}>
              {t('action.cancel')}
            </Button>
          }
        >
          <BulkClaims activityId={a.id} onDone={() => setEntering(false)} />
        </Card>
      ) : null}
      <Card title={t('wishes.activities.claimsTitle', { count: a.claims.length })} style={{ marginTop: 16 }}>
        <Table<EventClaim>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={a.claims}
          pagination={a.claims.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 760 }}
          data-testid="activity-claims"
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wishes.activities.claimsEmpty')} />
            ),
          }}
        />
      </Card>
    </div>
  );
}
