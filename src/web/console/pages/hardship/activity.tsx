/** Paired helper (with history), home visits and the workflow timeline of an archive. */
import { PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Skeleton,
  Spin,
  Table,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TVisit } from '../../../../shared/hardship.ts';
import type { TUser } from '../../../../shared/users.ts';
import { api, request } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { chooseRule, requiredRule } from './fields.tsx';
import { archiveKey, hardshipKey, type TArchive, todayCst, useLabels } from './model.ts';
import { VisitPhotos } from './VisitPhotos.tsx';

function LoadFailed({ error, onRetry, title }: { error: unknown; onRetry: () => void; title: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={errorMessage(error)}
      action={
        <Button size="small" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      }
    />
  );
}

// ---------------------------------------------------------------- 结对帮扶责任人

interface HelperChange {
  id: number;
  helper: { userId: number; name: string; phone: string | null; orgName: string | null } | null;
  reason: string | null;
  changedBy: string | null;
  at: string;
}

/** Cadres and admins of the caller's subtree (the server checks the choice again). */
function HelperSelect(props: { id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['users', 'helpers', q],
    queryFn: async () => {
      const pages = await Promise.all(
        (['cadre', 'admin'] as const).map((role) =>
          api.get<{ items: TUser[] }>('/api/v1/users', {
            role,
            state: 'active',
            q: q || undefined,
            pageSize: 30,
          }),
        ),
      );
      const seen = new Set<number>();
      return pages.flatMap((p) => p.items).filter((u) => !seen.has(u.id) && seen.add(u.id));
    },
    staleTime: 60_000,
  });
  return (
    <Select<number>
      {...props}
      onChange={(v) => {
        setText('');
        props.onChange?.(v);
      }}
      placeholder={t('hardship.helper.userPick')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={results.isFetching}
      notFoundContent={results.isFetching ? <Spin size="small" /> : t('msg.empty')}
      options={(results.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.org.name}）` }))}
    />
  );
}

export function HelperSection({ archive, canAssign }: { archive: TArchive; canAssign: boolean }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ userId?: number; reason?: string }>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const history = useQuery({
    queryKey: [...archiveKey(archive.id), 'helpers'],
    queryFn: () => api.get<{ items: HelperChange[] }>(`/api/v1/hardship/archives/${archive.id}/helpers`),
  });
  const h = archive.helper;

  const submit = async (v: { userId?: number; reason?: string }) => {
    if (!v.userId) return;
    setSaving(true);
    try {
      const next = await request<TArchive>('PUT', `/api/v1/hardship/archives/${archive.id}/helper`, {
        userId: v.userId,
        reason: v.reason?.trim() || undefined,
      });
      client.setQueryData(archiveKey(archive.id), next);
      await client.invalidateQueries({ queryKey: hardshipKey });
      message.success(t('hardship.helper.done', { name: next.helper?.name ?? '' }));
      setOpen(false);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {canAssign ? (
        <div className="nj-hs-section-bar">
          <Button icon={<SwapOutlined />} onClick={() => setOpen(true)} data-testid="hardship-helper-change">
            {h ? t('hardship.helper.change') : t('hardship.helper.assign')}
          </Button>
        </div>
      ) : null}
      {h ? (
        <Descriptions bordered size="small" column={{ xs: 1, sm: 3 }}>
          <Descriptions.Item label={t('hardship.helper.user')}>{h.name}</Descriptions.Item>
          <Descriptions.Item label={t('hardship.helper.phone')}>
            <span className="nj-hs-mono">{h.phone ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('hardship.helper.org')}>{h.orgName ?? '—'}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.helper.none')} />
      )}
      <Typography.Title level={3} style={{ fontSize: 15, margin: '20px 0 8px' }}>
        {t('hardship.helper.history')}
      </Typography.Title>
      {history.isError ? (
        <LoadFailed
          error={history.error}
          onRetry={() => void history.refetch()}
          title={t('hardship.detail.loadFailed')}
        />
      ) : (
        <Table<HelperChange>
          size="small"
          rowKey="id"
          loading={history.isPending}
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={history.data?.items ?? []}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.helper.historyEmpty')} />
            ),
          }}
          columns={[
            {
              key: 'at',
              title: t('hardship.helper.at'),
              width: 160,
              render: (_, c) => (
                <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.at, i18n.language)}</span>
              ),
            },
            {
              key: 'helper',
              title: t('hardship.helper.user'),
              render: (_, c) =>
                c.helper ? `${c.helper.name}${c.helper.orgName ? `（${c.helper.orgName}）` : ''}` : '—',
            },
            { key: 'reason', title: t('hardship.helper.reason'), render: (_, c) => c.reason ?? '—' },
            { key: 'by', title: t('hardship.helper.by'), render: (_, c) => c.changedBy ?? '—' },
          ]}
        />
      )}
      <Modal
        title={t('hardship.helper.title')}
        open={open}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={saving}
        okText={t('action.save')}
        cancelText={t('action.cancel')}
        mask={{ closable: false }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="userId"
            label={t('hardship.helper.user')}
            rules={[chooseRule(t, t('hardship.helper.user'))]}
          >
            <HelperSelect />
          </Form.Item>
          <Form.Item name="reason" label={t('hardship.helper.reason')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

// ---------------------------------------------------------------- 入户核查

interface VisitValues {
  visitDate?: Dayjs;
  visitors?: string;
  findings?: string;
}

export function VisitsSection({ archive, canVisit }: { archive: TArchive; canVisit: boolean }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<VisitValues>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const visits = useQuery({
    queryKey: [...archiveKey(archive.id), 'visits'],
    queryFn: () => api.get<{ items: TVisit[] }>(`/api/v1/hardship/archives/${archive.id}/visits`),
  });

  const submit = async (v: VisitValues) => {
    setSaving(true);
    try {
      await api.post<TVisit>(`/api/v1/hardship/archives/${archive.id}/visits`, {
        visitDate: v.visitDate?.format('YYYY-MM-DD'),
        visitors: v.visitors?.trim(),
        findings: v.findings?.trim(),
      });
      await client.invalidateQueries({ queryKey: archiveKey(archive.id) });
      message.success(t('hardship.visits.done'));
      setOpen(false);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const items = visits.data?.items ?? [];
  return (
    <>
      <div className="nj-hs-section-bar">
        {canVisit ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
            data-testid="hardship-visit-add"
          >
            {t('hardship.visits.add')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('hardship.visits.notNow')}</Typography.Text>
        )}
      </div>
      {visits.isError ? (
        <LoadFailed
          error={visits.error}
          onRetry={() => void visits.refetch()}
          title={t('hardship.detail.loadFailed')}
        />
      ) : visits.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.visits.empty')} />
      ) : (
        <List
          dataSource={items}
          data-testid="hardship-visits"
          renderItem={(v) => (
            <List.Item key={v.id}>
              <List.Item.Meta
                title={`${v.visitDate} · ${v.visitors}`}
                description={
                  <>
                    <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                      {v.findings}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('hardship.visits.recordedBy')}：{v.recordedBy ?? '—'} ·{' '}
                      {formatDateTime(v.createdAt, i18n.language)}
                    </Typography.Text>
                    <div style={{ marginTop: 6 }}>
                      <VisitPhotos visitId={v.id} canUpload={canVisit} />
                    </div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <Modal
        title={`${t('hardship.visits.title')} · ${archive.basic.name}`}
        open={open}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={saving}
        okText={t('action.save')}
        cancelText={t('action.cancel')}
        mask={{ closable: false }}
        destroyOnHidden
      >
        <Form<VisitValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          preserve={false}
          initialValues={{ visitDate: dayjs(todayCst()) }}
        >
          <Form.Item
            name="visitDate"
            label={t('hardship.visits.date')}
            rules={[
              requiredRule(t, t('hardship.visits.date')),
              {
                validator: async (_, v: Dayjs | undefined) => {
                  if (v && v.format('YYYY-MM-DD') > todayCst()) throw new Error(t('hardship.visits.future'));
                },
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="visitors"
            label={t('hardship.visits.visitors')}
            rules={[{ ...requiredRule(t, t('hardship.visits.visitors')), whitespace: true }, { max: 200 }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="findings"
            label={t('hardship.visits.findings')}
            rules={[{ ...requiredRule(t, t('hardship.visits.findings')), whitespace: true }, { max: 2000 }]}
          >
            <Input.TextArea rows={5} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** How many visits the archive has (for the 提交审核 hint); shares the visits query. */
export function useVisitCount(archiveId: number): number | undefined {
  const visits = useQuery({
    queryKey: [...archiveKey(archiveId), 'visits'],
    queryFn: () => api.get<{ items: TVisit[] }>(`/api/v1/hardship/archives/${archiveId}/visits`),
  });
  return visits.data?.items.length;
}

// ---------------------------------------------------------------- 流程记录

interface TimelineEvent {
  id: number;
  event: string;
  fromState: string | null;
  toState: string;
  actorName: string | null;
  actorRole: string | null;
  note: string | null;
  at: string;
}

export function TimelineSection({ archive }: { archive: TArchive }) {
  const { t, i18n } = useTranslation();
  const label = useLabels();
  const tl = useQuery({
    queryKey: [...archiveKey(archive.id), 'timeline', archive.state, archive.updatedAt],
    queryFn: () => api.get<{ items: TimelineEvent[] }>(`/api/v1/timeline/hardship.archive/${archive.id}`),
  });
  if (tl.isError)
    return (
      <LoadFailed
        error={tl.error}
        onRetry={() => void tl.refetch()}
        title={t('hardship.timeline.loadFailed')}
      />
    );
  if (tl.isPending) return <Skeleton active />;
  const items = tl.data.items;
  if (items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.timeline.empty')} />;
  return (
    <Timeline
      data-testid="hardship-timeline"
      style={{ marginTop: 8 }}
      items={[...items].reverse().map((e) => ({
        key: e.id,
        color: e.toState === 'rejected' ? 'red' : e.toState === 'filed' ? 'green' : 'blue',
        content: (
          <div>
            <Typography.Text strong>{label('event', e.event)}</Typography.Text>
            <Typography.Text type="secondary">
              {' → '}
              {label('state', e.toState)}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at, i18n.language)} · {e.actorName ?? '—'}
                {e.actorRole ? `（${t(`role.${e.actorRole}`)}）` : ''}
              </Typography.Text>
            </div>
            {e.note ? (
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                {e.note}
              </Typography.Paragraph>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
