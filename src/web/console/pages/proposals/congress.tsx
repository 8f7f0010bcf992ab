/**
 * The parts of the 代表大会与代表 page (issue #8): the congress's settings form (also the 新建 dialog),
 * its sessions, the representative directory (add from the accounts of the subtree, edit, deactivate)
 * and the 联系服务 threads of the union.
 * Selectors: congress-settings-form, congress-name, congress-threshold, congress-save, congress-sessions,
 * congress-session-add, session-title, session-day, session-from, session-to, session-venue, session-ok; congress-reps,
 * rep-search, rep-filter-sector, rep-filter-active, rep-add, rep-user, rep-org, rep-sector,
 * rep-delegation, rep-title, rep-mobile, rep-ok, rep-edit-<id>, rep-toggle-<id>, rep-row-<id>;
 * congress-threads, thread-row-<id>, thread-drawer.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_COSIGN_THRESHOLD,
  DEFAULT_COSIGN_WINDOW_DAYS,
  DEFAULT_FEEDBACK_DAYS,
  DEFAULT_GRACE_DAYS,
  DEFAULT_HANDLE_DAYS,
  DEFAULT_REVIEW_DAYS,
  DEFAULT_SUPERVISE_DAYS,
  type RepSector,
  repSectorLabels,
  repSectors,
  type TCongressSession,
  type TContactThread,
  type TRepresentative,
} from '../../../../shared/proposals.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { fromBeijingWall } from '../../beijingClock.ts';
import { errorMessage, numberRange, showFieldErrors, useOpenings } from '../../forms.ts';
import { registerCongressWorkStrings } from '../congresses.i18n.ts';
import { congressesKey, dayOf, type Page, PROPOSALS_API, type TCongress, useOrgSearch } from './model.ts';

registerCongressWorkStrings();

export const congressKey = (id: number) => [...congressesKey, 'one', id] as const;

function useSectorLabel() {
  const { t, i18n } = useTranslation();
  return (s: RepSector) =>
    i18n.language.startsWith('zh') ? repSectorLabels[s] : t(`congressWork.sector.${s}`, repSectorLabels[s]);
}

// ------------------------------------------------------------------ settings

const settingKeys = [
  'cosignThreshold',
  'cosignWindowDays',
  'reviewDays',
  'handleDays',
  'superviseDays',
  'feedbackDays',
  'graceDays',
] as const;
const settingRange: Record<(typeof settingKeys)[number], [number, number]> = {
  cosignThreshold: [0, 100],
  cosignWindowDays: [1, 60],
  reviewDays: [1, 90],
  handleDays: [1, 365],
  superviseDays: [1, 60],
  feedbackDays: [1, 60],
  graceDays: [1, 30],
};

interface SettingsValues {
  orgId?: number;
  name?: string;
  termNo?: number;
  term?: [Dayjs, Dayjs];
  cosignThreshold?: number;
  cosignWindowDays?: number;
  reviewDays?: number;
  handleDays?: number;
  superviseDays?: number;
  feedbackDays?: number;
  graceDays?: number;
}

const toInput = (v: SettingsValues) => ({
  name: v.name?.trim(),
  termStart: v.term?.[0]?.format('YYYY-MM-DD'),
  termEnd: v.term?.[1]?.format('YYYY-MM-DD'),
  ...Object.fromEntries(settingKeys.map((k) => [k, v[k]])),
});

function SettingsFields({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const req = (field: string) => [{ required: true, message: t('msg.required', { field }) }];
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item
            name="name"
            label={t('congressWork.settings.name')}
            rules={req(t('congressWork.settings.name'))}
          >
            <Input
              maxLength={60}
              disabled={!editable}
              placeholder={t('congressWork.settings.namePlaceholder')}
              data-testid="congress-name"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            name="term"
            label={`${t('congressWork.settings.termStart')} – ${t('congressWork.settings.termEnd')}`}
            rules={req(t('congressWork.settings.term'))}
          >
            <DatePicker.RangePicker disabled={!editable} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
        {t('congressWork.settings.deadlines')}
      </Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('congressWork.settings.deadlinesHint')}
      </Typography.Paragraph>
      <Row gutter={16}>
        {settingKeys.map((k) => (
          <Col xs={12} md={8} xl={6} key={k}>
            <Form.Item
              name={k}
              label={t(`congressWork.settings.${k}`)}
              rules={[
                ...req(t(`congressWork.settings.${k}`)),
                numberRange(t, t(`congressWork.settings.${k}`), ...settingRange[k]),
              ]}
            >
              <InputNumber
                precision={0}
                disabled={!editable}
                style={{ width: '100%' }}
                data-testid={k === 'cosignThreshold' ? 'congress-threshold' : `congress-${k}`}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** 大会设置: name, term and the deadlines; cadres of the union save, others read. */
export function SettingsPanel({ congress: c, editable }: { congress: TCongress; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const [saving, setSaving] = useState(false);
  const save = async (v: SettingsValues) => {
    setSaving(true);
    try {
      await api.patch<TCongress>(`${PROPOSALS_API}/congresses/${c.id}`, toInput(v));
      message.success(t('congressWork.settings.saved'));
      await client.invalidateQueries({ queryKey: congressesKey });
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form<SettingsValues>
      key={c.id}
      form={form}
      layout="vertical"
      data-testid="congress-settings-form"
      initialValues={{
        name: c.name,
        term: [dayjs(c.termStart), dayjs(c.termEnd)],
        ...Object.fromEntries(settingKeys.map((k) => [k, c[k]])),
      }}
      onFinish={(v) => void save(v)}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'org', label: t('congressWork.settings.org'), children: c.org.name },
          { key: 'term', label: t('congressWork.settings.termNo'), children: c.termNo },
          {
            key: 'span',
            label: t('congressWork.settings.termStart'),
            children: `${dayOf(c.termStart, i18n.language)} – ${dayOf(c.termEnd, i18n.language)}`,
          },
        ]}
      />
      {editable ? null : (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('congressWork.settings.readOnly')}
        />
      )}
      <SettingsFields editable={editable} />
      {editable ? (
        <Button type="primary" htmlType="submit" loading={saving} data-testid="congress-save">
          {t('congressWork.settings.save')}
        </Button>
      ) : null}
    </Form>
  );
}

/** 新建代表大会: the union (default the caller's org), name, term and the deadlines. */
export function CreateCongressModal({
  open,
  rootOrgId,
  onClose,
  onCreated,
}: {
  open: boolean;
  rootOrgId: number;
  onClose: () => void;
  onCreated: (c: TCongress) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const [saving, setSaving] = useState(false);
  const orgs = useOrgSearch(rootOrgId, '', open);
  const unions = (orgs.data?.items ?? []).filter(
    (o) => !['governance', 'donor', 'supplier', 'logistics'].includes(o.type),
  );
  const save = async (v: SettingsValues) => {
    setSaving(true);
    try {
      const c = await api.post<TCongress>(`${PROPOSALS_API}/congresses`, {
        orgId: v.orgId,
        termNo: v.termNo,
        ...toInput(v),
      });
      message.success(t('congressWork.settings.created', { name: c.name }));
      await client.invalidateQueries({ queryKey: congressesKey });
      onCreated(c);
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const year = dayjs().startOf('year');
  return (
    <Modal
      open={open}
      title={t('congressWork.create')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'congress-create-ok' } as Record<string, string>}
      cancelText={t('action.cancel')}
      width={760}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<SettingsValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          orgId: rootOrgId,
          termNo: 1,
          term: [year, year.add(5, 'year').subtract(1, 'day')],
          cosignThreshold: DEFAULT_COSIGN_THRESHOLD,
          cosignWindowDays: DEFAULT_COSIGN_WINDOW_DAYS,
          reviewDays: DEFAULT_REVIEW_DAYS,
          handleDays: DEFAULT_HANDLE_DAYS,
          superviseDays: DEFAULT_SUPERVISE_DAYS,
          feedbackDays: DEFAULT_FEEDBACK_DAYS,
          graceDays: DEFAULT_GRACE_DAYS,
        }}
        onFinish={(v) => void save(v)}
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="orgId"
              label={t('congressWork.settings.org')}
              rules={[
                { required: true, message: t('msg.required', { field: t('congressWork.settings.org') }) },
              ]}
            >
              <Select<number>
                showSearch
                optionFilterProp="label"
                loading={orgs.isFetching}
                options={unions.map((o) => ({ value: o.id, label: o.name }))}
                data-testid="congress-org"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="termNo"
              label={t('congressWork.settings.termNo')}
              rules={[
                { required: true, message: t('msg.required', { field: t('congressWork.settings.termNo') }) },
                numberRange(t, t('congressWork.settings.termNo'), 1, 99),
              ]}
            >
              <InputNumber precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <SettingsFields editable />
      </Form>
    </Modal>
  );
}

// ------------------------------------------------------------------ sessions

interface SessionValues {
  title?: string;
  day?: Dayjs;
  from?: Dayjs;
  to?: Dayjs;
  venue?: string;
}

/** The day's date at the time of `time` (Beijing time, as the console's clock). */
/** A session's day and time as picked, read as Beijing wall-clock time whatever the PC's zone. */
const at = (day: Dayjs | undefined, time: Dayjs | undefined) =>
  day && time
    ? fromBeijingWall(day.hour(time.hour()).minute(time.minute()).second(0).millisecond(0))
    : undefined;

export function SessionsPanel({ congress: c, editable }: { congress: TCongress; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<SessionValues>();
  const key = [...congressKey(c.id), 'sessions'];
  const sessions = useQuery({
    queryKey: key,
    queryFn: () => api.get<TCongressSession[]>(`${PROPOSALS_API}/congresses/${c.id}/sessions`),
  });
  const save = async (v: SessionValues) => {
    setSaving(true);
    try {
      await api.post(`${PROPOSALS_API}/congresses/${c.id}/sessions`, {
        title: v.title?.trim(),
        startsAt: at(v.day, v.from),
        endsAt: at(v.day, v.to),
        venue: v.venue?.trim(),
      });
      message.success(t('congressWork.sessions.saved'));
      setOpen(false);
      await client.invalidateQueries({ queryKey: key });
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const lang = i18n.language;
  const columns: TableColumnsType<TCongressSession> = [
    { key: 'title', title: t('congressWork.sessions.title'), dataIndex: 'title' },
    {
      key: 'time',
      title: t('congressWork.sessions.time'),
      width: 320,
      render: (_, s) => (
        <span className="nj-hs-mono">
          {formatDateTime(s.startsAt, lang)} – {formatDateTime(s.endsAt, lang).replace(/^.* /, '')}
        </span>
      ),
    },
    { key: 'venue', title: t('congressWork.sessions.venue'), dataIndex: 'venue', width: 260 },
  ];
  const req = (field: string) => [{ required: true, message: t('msg.required', { field }) }];
  return (
    <div>
      {editable ? (
        <div className="nj-hs-toolbar">
          <span />
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="congress-session-add">
            {t('congressWork.sessions.add')}
          </Button>
        </div>
      ) : null}
      {sessions.isError ? (
        <Alert type="error" showIcon title={errorMessage(sessions.error)} />
      ) : (
        <Table<TCongressSession>
          data-testid="congress-sessions"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={sessions.data ?? []}
          loading={sessions.isPending}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('congressWork.sessions.empty')} />
            ),
          }}
        />
      )}
      <Modal
        open={open}
        title={t('congressWork.sessions.addTitle')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'session-ok' } as Record<string, string>}
        cancelText={t('action.cancel')}
        destroyOnHidden
        mask={{ closable: false }}
      >
        <Form<SessionValues> form={form} layout="vertical" preserve={false} onFinish={(v) => void save(v)}>
          <Form.Item
            name="title"
            label={t('congressWork.sessions.title')}
            rules={req(t('congressWork.sessions.title'))}
          >
            <Input
              maxLength={60}
              placeholder={t('congressWork.sessions.titlePlaceholder')}
              data-testid="session-title"
            />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item
                name="day"
                label={t('congressWork.sessions.day')}
                rules={req(t('congressWork.sessions.day'))}
              >
                <DatePicker style={{ width: '100%' }} needConfirm={false} data-testid="session-day" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item
                name="from"
                label={t('congressWork.sessions.from')}
                rules={req(t('congressWork.sessions.from'))}
              >
                <TimePicker
                  format="HH:mm"
                  minuteStep={5}
                  needConfirm={false}
                  style={{ width: '100%' }}
                  data-testid="session-from"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item
                name="to"
                label={t('congressWork.sessions.to')}
                dependencies={['from']}
                rules={[
                  ...req(t('congressWork.sessions.to')),
                  ({ getFieldValue }) => ({
                    validator: (_, v: Dayjs | undefined) => {
                      const from = getFieldValue('from') as Dayjs | undefined;
                      return !v || !from || v.hour() * 60 + v.minute() > from.hour() * 60 + from.minute()
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('congressWork.sessions.toAfterFrom')));
                    },
                  }),
                ]}
              >
                <TimePicker
                  format="HH:mm"
                  minuteStep={5}
                  needConfirm={false}
                  style={{ width: '100%' }}
                  data-testid="session-to"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="venue"
            label={t('congressWork.sessions.venue')}
            rules={req(t('congressWork.sessions.venue'))}
          >
            <Input maxLength={100} data-testid="session-venue" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

// ------------------------------------------------------------------ representatives

interface RepValues {
  userId?: number;
  orgId?: number;
  sector?: RepSector;
  delegation?: string;
  title?: string;
  mobile?: string;
}
interface UserOption {
  id: number;
  displayName: string;
  username: string;
  org: { id: number; name: string };
}

function RepModal(props: Parameters<typeof RepModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <RepModalDialog key={useOpenings(props.open)} {...props} />;
}

function RepModalDialog({
  congress: c,
  editing,
  open,
  onClose,
}: {
  congress: TCongress;
  /** null: a new representative. */
  editing: TRepresentative | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const sectorLabel = useSectorLabel();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<RepValues>();
  const [saving, setSaving] = useState(false);
  const [q, setQ] = useState('');
  const orgs = useOrgSearch(c.org.id, '', open);
  const users = useQuery({
    queryKey: ['users', 'pick', c.org.id, q],
    queryFn: () =>
      api.get<Page<UserOption>>('/api/v1/users', {
        orgId: c.org.id,
        q: q.trim() || undefined,
        state: 'active',
        pageSize: 20,
      }),
    enabled: open && editing === null,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const save = async (v: RepValues) => {
    setSaving(true);
    const body = {
      orgId: v.orgId,
      sector: v.sector,
      delegation: v.delegation?.trim(),
      title: v.title?.trim() || null,
      mobile: v.mobile?.trim() || null,
    };
    try {
      if (editing) {
        // A masked number (138****1234) is left as it is.
        const patch = { ...body, mobile: body.mobile?.includes('*') ? undefined : body.mobile };
        await api.patch<TRepresentative>(`${PROPOSALS_API}/representatives/${editing.id}`, patch);
        message.success(t('congressWork.reps.saved'));
      } else {
        const r = await api.post<TRepresentative>(`${PROPOSALS_API}/congresses/${c.id}/representatives`, {
          ...body,
          userId: v.userId,
        });
        message.success(t('congressWork.reps.added', { name: r.user.name }));
      }
      await client.invalidateQueries({ queryKey: congressesKey });
      onClose();
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const req = (field: string) => [{ required: true, message: t('msg.required', { field }) }];
  return (
    <Modal
      open={open}
      title={
        editing
          ? t('congressWork.reps.editTitle', { name: editing.user.name })
          : t('congressWork.reps.addTitle')
      }
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'rep-ok' } as Record<string, string>}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
      width={600}
    >
      <Form<RepValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? {
                orgId: editing.org.id,
                sector: editing.sector,
                delegation: editing.delegation,
                title: editing.title ?? undefined,
                mobile: editing.mobile ?? undefined,
              }
            : { sector: 'frontline' }
        }
        onFinish={(v) => void save(v)}
      >
        {editing ? null : (
          <Form.Item
            name="userId"
            label={t('congressWork.reps.user')}
            extra={t('congressWork.reps.userHint')}
            rules={req(t('congressWork.reps.user'))}
          >
            <Select<number>
              showSearch
              filterOption={false}
              onSearch={setQ}
              placeholder={t('congressWork.reps.userPlaceholder')}
              loading={users.isFetching}
              options={(users.data?.items ?? []).map((u) => ({
                value: u.id,
                label: `${u.displayName}（${u.username} · ${u.org.name}）`,
              }))}
              onChange={(id) => {
                const u = users.data?.items.find((x) => x.id === id);
                if (u && !form.getFieldValue('orgId')) form.setFieldValue('orgId', u.org.id);
              }}
              data-testid="rep-user"
            />
          </Form.Item>
        )}
        <Form.Item name="orgId" label={t('congressWork.reps.org')} rules={req(t('congressWork.reps.org'))}>
          <Select<number>
            showSearch
            optionFilterProp="label"
            placeholder={t('congressWork.reps.orgPlaceholder')}
            loading={orgs.isFetching}
            options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            data-testid="rep-org"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="sector"
              label={t('congressWork.reps.sector')}
              rules={req(t('congressWork.reps.sector'))}
            >
              <Select<RepSector>
                options={repSectors.map((s) => ({ value: s, label: sectorLabel(s) }))}
                data-testid="rep-sector"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="delegation"
              label={t('congressWork.reps.delegation')}
              rules={req(t('congressWork.reps.delegation'))}
            >
              <Input maxLength={30} data-testid="rep-delegation" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('congressWork.reps.title')}>
          <Input maxLength={40} data-testid="rep-title" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('congressWork.reps.mobile')}
          extra={t('congressWork.reps.mobileHint')}
        >
          <Input maxLength={11} inputMode="numeric" data-testid="rep-mobile" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RepsPanel({ congress: c, editable }: { congress: TCongress; editable: boolean }) {
  const { t } = useTranslation();
  const sectorLabel = useSectorLabel();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<{ q?: string; sector?: RepSector; active?: 'true' | 'false' }>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [modal, setModal] = useState<{ open: boolean; editing: TRepresentative | null }>({
    open: false,
    editing: null,
  });
  const reps = useQuery({
    queryKey: [...congressesKey, 'reps', c.id, query, page],
    queryFn: () =>
      api.get<Page<TRepresentative>>(`${PROPOSALS_API}/representatives`, {
        congressId: c.id,
        ...query,
        ...page,
      }),
    placeholderData: keepPreviousData,
  });
  const toggle = async (r: TRepresentative) => {
    try {
      await api.patch(`${PROPOSALS_API}/representatives/${r.id}`, { active: !r.active });
      message.success(
        t(r.active ? 'congressWork.reps.deactivated' : 'congressWork.reps.activated', { name: r.user.name }),
      );
      await client.invalidateQueries({ queryKey: congressesKey });
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const columns: TableColumnsType<TRepresentative> = [
    {
      key: 'name',
      title: t('congressWork.reps.name'),
      width: 150,
      render: (_, r) => (
        <div>
          <Typography.Text strong>{r.user.name}</Typography.Text>
          {r.active ? null : <Tag style={{ marginInlineStart: 6 }}>{t('congressWork.reps.inactive')}</Tag>}
          {r.title ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.title}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    { key: 'org', title: t('congressWork.reps.org'), width: 220, render: (_, r) => r.org.name },
    {
      key: 'sector',
      title: t('congressWork.reps.sector'),
      width: 140,
      render: (_, r) => sectorLabel(r.sector),
    },
    { key: 'delegation', title: t('congressWork.reps.delegation'), width: 130, dataIndex: 'delegation' },
    {
      key: 'mobile',
      title: t('congressWork.reps.mobile'),
      width: 130,
      render: (_, r) => <span className="nj-hs-mono">{r.mobile ?? '—'}</span>,
    },
    {
      key: 'stats',
      title: t('congressWork.reps.stats'),
      width: 140,
      align: 'right',
      render: (_, r) => (
        <span className="nj-hs-mono">
          {r.proposalCount} / {r.cosignCount} / {r.messageCount}
        </span>
      ),
    },
    ...(editable
      ? [
          {
            key: 'actions',
            title: t('congressWork.reps.actions'),
            width: 130,
            render: (_: unknown, r: TRepresentative) => (
              <Space size={4}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setModal({ open: true, editing: r })}
                  data-testid={`rep-edit-${r.id}`}
                >
                  {t('congressWork.reps.edit')}
                </Button>
                {r.active ? (
                  <Popconfirm
                    title={t('congressWork.reps.deactivateConfirm', { name: r.user.name })}
                    onConfirm={() => toggle(r)}
                    okText={t('congressWork.reps.deactivate')}
                    cancelText={t('action.cancel')}
                  >
                    <Button type="link" size="small" danger data-testid={`rep-toggle-${r.id}`}>
                      {t('congressWork.reps.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => void toggle(r)}
                    data-testid={`rep-toggle-${r.id}`}
                  >
                    {t('congressWork.reps.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];
  const data = reps.data;
  return (
    <div>
      <div className="nj-hs-toolbar">
        <Space wrap>
          <Input
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onPressEnter={() => {
              setQuery({ ...query, q: q.trim() || undefined });
              setPage({ ...page, page: 1 });
            }}
            placeholder={t('congressWork.reps.qPlaceholder')}
            prefix={<SearchOutlined />}
            maxLength={30}
            style={{ width: 200 }}
            data-testid="rep-search"
          />
          <Select<RepSector>
            allowClear
            placeholder={t('congressWork.reps.sector')}
            style={{ width: 170 }}
            value={query.sector}
            onChange={(s) => {
              setQuery({ ...query, sector: s });
              setPage({ ...page, page: 1 });
            }}
            options={repSectors.map((s) => ({ value: s, label: sectorLabel(s) }))}
            data-testid="rep-filter-sector"
          />
          <Select<'true' | 'false'>
            allowClear
            placeholder={t('congressWork.reps.state')}
            style={{ width: 120 }}
            value={query.active}
            onChange={(a) => {
              setQuery({ ...query, active: a });
              setPage({ ...page, page: 1 });
            }}
            options={[
              { value: 'true', label: t('congressWork.reps.activeOnly') },
              { value: 'false', label: t('congressWork.reps.inactiveOnly') },
            ]}
            data-testid="rep-filter-active"
          />
          <Button
            icon={<SearchOutlined />}
            onClick={() => {
              setQuery({ ...query, q: q.trim() || undefined });
              setPage({ ...page, page: 1 });
            }}
          >
            {t('congressWork.reps.q')}
          </Button>
        </Space>
        {editable ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setModal({ open: true, editing: null })}
            data-testid="rep-add"
          >
            {t('congressWork.reps.add')}
          </Button>
        ) : null}
      </div>
      {reps.isError && !data ? (
        <Alert type="error" showIcon title={errorMessage(reps.error)} />
      ) : (
        <Table<TRepresentative>
          data-testid="congress-reps"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={reps.isFetching && (reps.isPending || reps.isPlaceholderData)}
          scroll={{ x: 1050 }}
          onRow={(r) => ({ 'data-testid': `rep-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          rowClassName={(r) => (r.active ? '' : 'nj-row-muted')}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('congressWork.reps.empty')} />
            ),
          }}
          pagination={{
            current: data?.page ?? page.page,
            pageSize: data?.pageSize ?? page.pageSize,
            total: data?.total ?? 0,
            showTotal: (total) => t('congressWork.reps.total', { count: total }),
            onChange: (p, size) => setPage({ page: size !== page.pageSize ? 1 : p, pageSize: size }),
          }}
        />
      )}
      <RepModal
        congress={c}
        open={modal.open}
        editing={modal.editing}
        onClose={() => setModal({ open: false, editing: null })}
      />
    </div>
  );
}

// ------------------------------------------------------------------ 联系服务

type ThreadState = TContactThread['state'];
type ThreadSummary = Omit<TContactThread, 'messages'> & { lastMessage: string };
const threadColor: Record<ThreadState, string> = {
  awaiting_reply: 'gold',
  replied: 'green',
  closed: 'default',
};

export function ThreadsPanel() {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<ThreadState | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const lang = i18n.language;
  const threads = useQuery({
    queryKey: [...congressesKey, 'threads', state, page],
    queryFn: () =>
      api.get<Page<ThreadSummary>>(`${PROPOSALS_API}/contact/threads`, { scope: 'org', state, ...page }),
    placeholderData: keepPreviousData,
  });
  const thread = useQuery({
    queryKey: [...congressesKey, 'thread', openId],
    queryFn: () => api.get<TContactThread>(`${PROPOSALS_API}/contact/threads/${openId}`),
    enabled: openId !== null,
  });
  const stateLabel = (s: ThreadState) => t(`congressWork.threads.stateLabel.${s}`);
  const columns: TableColumnsType<ThreadSummary> = [
    {
      key: 'subject',
      title: t('congressWork.threads.subject'),
      width: 260,
      render: (_, r) => (
        <div>
          <Typography.Link onClick={() => setOpenId(r.id)}>{r.subject}</Typography.Link>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ margin: 0, fontSize: 12 }}>
            {r.lastMessage}
          </Typography.Paragraph>
        </div>
      ),
    },
    {
      key: 'worker',
      title: t('congressWork.threads.worker'),
      width: 170,
      render: (_, r) => (
        <div>
          {r.worker.name}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.worker.org}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'rep',
      title: t('congressWork.threads.rep'),
      width: 170,
      render: (_, r) => (
        <div>
          {r.representative.name}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.representative.org}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'state',
      title: t('congressWork.threads.state'),
      width: 110,
      render: (_, r) => <Tag color={threadColor[r.state]}>{stateLabel(r.state)}</Tag>,
    },
    {
      key: 'last',
      title: t('congressWork.threads.last'),
      width: 170,
      render: (_, r) => <span className="nj-hs-mono">{formatDateTime(r.lastMessageAt, lang)}</span>,
    },
  ];
  const data = threads.data;
  return (
    <div>
      <div className="nj-hs-toolbar">
        <Select<ThreadState>
          allowClear
          placeholder={t('congressWork.threads.all')}
          style={{ width: 160 }}
          value={state}
          onChange={(s) => {
            setState(s);
            setPage({ ...page, page: 1 });
          }}
          options={(['awaiting_reply', 'replied', 'closed'] as const).map((s) => ({
            value: s,
            label: stateLabel(s),
          }))}
        />
      </div>
      {threads.isError && !data ? (
        <Alert type="error" showIcon title={errorMessage(threads.error)} />
      ) : (
        <Table<ThreadSummary>
          data-testid="congress-threads"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={threads.isFetching && (threads.isPending || threads.isPlaceholderData)}
          scroll={{ x: 880 }}
          onRow={(r) => ({ 'data-testid': `thread-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('congressWork.threads.empty')} />
            ),
          }}
          pagination={{
            current: data?.page ?? page.page,
            pageSize: data?.pageSize ?? page.pageSize,
            total: data?.total ?? 0,
            onChange: (p, size) => setPage({ page: size !== page.pageSize ? 1 : p, pageSize: size }),
          }}
        />
      )}
      <Drawer
        open={openId !== null}
        onClose={() => setOpenId(null)}
        title={thread.data?.subject ?? t('congressWork.threads.messages')}
        size={520}
        data-testid="thread-drawer"
      >
        {thread.data ? (
          <>
            <Typography.Paragraph type="secondary">
              {thread.data.worker.name}（{thread.data.worker.org}）→ {thread.data.representative.name}（
              {thread.data.representative.org}） ·{' '}
              <Tag color={threadColor[thread.data.state]}>{stateLabel(thread.data.state)}</Tag>
            </Typography.Paragraph>
            <List
              dataSource={thread.data.messages}
              renderItem={(m) => (
                <List.Item key={m.id}>
                  <div style={{ width: '100%' }}>
                    <Space size={8}>
                      <Tag color={m.author === 'representative' ? 'blue' : 'default'}>
                        {m.author === 'representative'
                          ? t('congressWork.threads.fromRep')
                          : t('congressWork.threads.fromWorker')}
                      </Tag>
                      <Typography.Text strong>{m.authorName}</Typography.Text>
                      <Typography.Text type="secondary" className="nj-hs-mono">
                        {formatDateTime(m.createdAt, lang)}
                      </Typography.Text>
                    </Space>
                    <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{m.body}</div>
                  </div>
                </List.Item>
              )}
            />
          </>
        ) : thread.isError ? (
          <Alert type="error" showIcon title={errorMessage(thread.error)} />
        ) : null}
      </Drawer>
    </div>
  );
}
