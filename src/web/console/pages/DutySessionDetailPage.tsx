/*
 * 会议签到 detail (/duty/sessions/:id): the check-in QR code to show on a projector (全屏展示; 更换二维码
 * invalidates the old one), the live attendance of every active representative (refreshed every 5 s
 * while attendance is open), a cadre's marks (已签到 / 请假 / 缺席 with a note) and 结束签到 (every
 * representative still unmarked becomes absent, which costs the 无故缺席 penalty).
 * Test ids: duty-session-qr, duty-session-fullscreen, duty-session-rotate, duty-attendance-table,
 * duty-mark-<representativeId>, duty-mark-ok, duty-session-close, duty-session-counts.
 */
import {
  ArrowLeftOutlined,
  CompressOutlined,
  DeleteOutlined,
  EditOutlined,
  ExpandOutlined,
  LockOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type AttendanceState,
  attendanceStateLabels,
  attendanceStates,
  sessionKindLabels,
  sessionTiming,
  type TDutySession,
  type TDutySessionDetail,
} from '../../../shared/duty.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { errorMessage, showFieldErrors, useOpenings } from '../forms.ts';
import { useSession } from '../session.tsx';
import { attendanceColor, DUTY, dutyKey, put, sessionKey } from './duty/api.ts';
import { SessionModal } from './duty/SessionModal.tsx';

type AttendanceRow = TDutySessionDetail['attendance'][number];

export default function DutySessionDetailPage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { id, valid } = recordId(raw);
  const detail = useQuery({
    queryKey: sessionKey(id),
    queryFn: () => api.get<TDutySessionDetail>(`${DUTY}/sessions/${id}`),
    enabled: valid,
    retry: retryUnlessClientError,
    // Live while representatives are scanning; a closed session no longer changes.
    refetchInterval: (q) => (q.state.data && !q.state.data.closedAt ? 5000 : false),
  });
  const back = (congressId?: number) => (
    <Link to={congressId ? `/duty/sessions?congress=${congressId}` : '/duty/sessions'}>
      <ArrowLeftOutlined /> {t('dutyPages.sessions.back')}
    </Link>
  );
  return (
    <RecordGate
      query={detail}
      valid={valid}
      back={back()}
      notFoundText={t('dutyPages.sessions.notFound')}
      loadFailedText={t('dutyPages.sessions.loadOneFailed')}
    >
      {(s) => <SessionDetail s={s} back={back(s.congressId)} />}
    </RecordGate>
  );
}

function SessionDetail({ s, back }: { s: TDutySessionDetail; back: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const lang = i18n.language;
  const staff = s.checkinToken !== null;
  const mayManage = can('duty.manage');
  const open = !s.closedAt;
  const timing = sessionTiming(s);
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.delete<{ voided: number }>(`${DUTY}/sessions/${s.id}`),
    onSuccess: () => {
      message.success(t('dutyPages.sessions.deleted', { title: s.title }));
      qc.removeQueries({ queryKey: sessionKey(s.id) });
      void qc.invalidateQueries({ queryKey: dutyKey });
      navigate(`/duty/sessions?congress=${s.congressId}`);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const [fullscreen, setFullscreen] = useState(false);
  const [filter, setFilter] = useState<AttendanceState | 'all'>('all');
  const [marking, setMarking] = useState<AttendanceRow | null>(null);

  const qr = useQuery({
    queryKey: [...sessionKey(s.id), 'qr', s.checkinToken],
    queryFn: () => api.get<{ url: string; svg: string }>(`${DUTY}/sessions/${s.id}/qr`),
    enabled: staff && open,
    retry: false,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: dutyKey });
  const rotate = useMutation({
    mutationFn: () => api.post<TDutySession>(`${DUTY}/sessions/${s.id}/rotate-token`),
    onSuccess: () => {
      message.success(t('dutyPages.sessions.rotated'));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const close = useMutation({
    mutationFn: () => api.post<TDutySessionDetail>(`${DUTY}/sessions/${s.id}/close`),
    onSuccess: (d) => {
      qc.setQueryData(sessionKey(s.id), d);
      message.success(t('dutyPages.sessions.closedOk', { n: d.counts.absent }));
      refresh();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const rows = filter === 'all' ? s.attendance : s.attendance.filter((r) => r.state === filter);
  const c = s.counts;
  const columns: TableColumnsType<AttendanceRow> = [
    {
      title: t('dutyPages.records.rep'),
      key: 'rep',
      width: 110,
      render: (_: unknown, r) => (
        <Link to={`/duty/representatives/${r.representative.id}`}>{r.representative.name}</Link>
      ),
    },
    {
      title: t('dutyPages.lb.delegation'),
      key: 'd',
      width: 180,
      render: (_: unknown, r) => r.representative.delegation,
    },
    { title: t('dutyPages.idle.org'), key: 'o', render: (_: unknown, r) => r.representative.org.name },
    {
      title: t('dutyPages.sessions.state'),
      key: 'state',
      width: 90,
      render: (_: unknown, r) => <Tag color={attendanceColor[r.state]}>{attendanceStateLabels[r.state]}</Tag>,
    },
    {
      title: t('dutyPages.sessions.method'),
      key: 'method',
      width: 170,
      render: (_: unknown, r) =>
        r.method ? (
          <span>
            {t(`dutyPages.sessions.methods.${r.method}`)}
            {r.checkedInAt ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                {formatDateTime(r.checkedInAt, lang).slice(-5)}
              </Typography.Text>
            ) : null}
          </span>
        ) : (
          '—'
        ),
    },
    { title: t('dutyPages.sessions.note'), key: 'note', width: 180, render: (_: unknown, r) => r.note ?? '' },
    ...(mayManage && staff
      ? [
          {
            title: t('dutyPages.records.actions'),
            key: 'a',
            width: 90,
            render: (_: unknown, r: AttendanceRow) => (
              <Button
                size="small"
                onClick={() => setMarking(r)}
                data-testid={`duty-mark-${r.representative.id}`}
              >
                {t('dutyPages.sessions.mark')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="nj-hs">
      {back}
      <div
        style={{
          marginTop: 12,
          display: 'flex',
          flexWrap: 'wrap',
          gap: 12,
          justifyContent: 'space-between',
          alignItems: 'flex-start',
        }}
      >
        <div style={{ minWidth: 0 }}>
          <Space size={8} wrap>
            <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
              {s.title}
            </Typography.Title>
            <Tag bordered={false}>{sessionKindLabels[s.kind]}</Tag>
            {timing === 'closed' ? (
              <Tag>{t('dutyPages.sessions.attendanceClosed', { at: formatDateTime(s.closedAt, lang) })}</Tag>
            ) : timing === 'ended' ? (
              // The meeting is over and nobody can scan any more: what is left is 结束签到 (as the list says).
              <Tag color="orange" data-testid="duty-session-timing">
                {t('dutyPages.sessions.timing.ended')}
              </Tag>
            ) : Date.now() < Date.parse(s.startsAt) - 2 * 3_600_000 ? (
              <Tag color="blue" data-testid="duty-session-timing">
                {t('dutyPages.sessions.notYetOpen')}
              </Tag>
            ) : (
              <Tag color="green" data-testid="duty-session-timing">
                {t('dutyPages.sessions.attendanceOpen')}
              </Tag>
            )}
          </Space>
          <div>
            <Typography.Text type="secondary">
              {formatDateTime(s.startsAt, lang)} — {formatDateTime(s.endsAt, lang)} · {s.venue}
            </Typography.Text>
          </div>
        </div>
        {mayManage && staff ? (
          <Space wrap>
            {open ? (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                data-testid="duty-session-edit"
              >
                {t('dutyPages.sessions.edit')}
              </Button>
            ) : null}
            <Popconfirm
              title={t('dutyPages.sessions.deleteConfirmTitle')}
              description={
                <div style={{ maxWidth: 320 }}>
                  {c.expected - c.unmarked > 0
                    ? t('dutyPages.sessions.deleteConfirmMarked', { n: c.expected - c.unmarked })
                    : t('dutyPages.sessions.deleteConfirm')}
                </div>
              }
              onConfirm={() => remove.mutate()}
              okButtonProps={{ danger: true, 'data-testid': 'duty-session-delete-ok' }}
            >
              <Button
                danger
                icon={<DeleteOutlined />}
                loading={remove.isPending}
                data-testid="duty-session-delete"
              >
                {t('dutyPages.sessions.delete')}
              </Button>
            </Popconfirm>
            {open ? (
              <Popconfirm
                title={t('dutyPages.sessions.closeConfirmTitle')}
                description={
                  <div style={{ maxWidth: 320 }}>
                    {t('dutyPages.sessions.closeConfirm', { n: c.unmarked })}
                  </div>
                }
                onConfirm={() => close.mutate()}
                okButtonProps={{ danger: true, 'data-testid': 'duty-session-close-ok' }}
              >
                <Button
                  danger
                  icon={<LockOutlined />}
                  loading={close.isPending}
                  data-testid="duty-session-close"
                >
                  {t('dutyPages.sessions.close')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null}
        <SessionModal
          open={editing}
          congressId={s.congressId}
          session={s}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      </div>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {staff && open ? (
          <Col xs={24} lg={9}>
            <Card
              size="small"
              title={t('dutyPages.sessions.qrTitle')}
              style={{ height: '100%' }}
              extra={
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<ExpandOutlined />}
                    onClick={() => setFullscreen(true)}
                    data-testid="duty-session-fullscreen"
                  >
                    {t('dutyPages.sessions.fullscreen')}
                  </Button>
                  {mayManage ? (
                    <Popconfirm
                      title={t('dutyPages.sessions.rotateConfirm')}
                      onConfirm={() => rotate.mutate()}
                    >
                      <Button
                        size="small"
                        icon={<SyncOutlined />}
                        loading={rotate.isPending}
                        data-testid="duty-session-rotate"
                      >
                        {t('dutyPages.sessions.rotate')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              }
            >
              <QrImage qr={qr} size={260} />
              <Typography.Paragraph
                type="secondary"
                style={{ fontSize: 12, textAlign: 'center', margin: '8px 0 0' }}
              >
                {t('dutyPages.sessions.qrHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
        ) : null}
        <Col xs={24} lg={staff && open ? 15 : 24}>
          <Card size="small" title={t('dutyPages.sessions.countsTitle')} style={{ height: '100%' }}>
            <Row gutter={[12, 12]} data-testid="duty-session-counts">
              <Col span={8}>
                <Statistic title={t('dutyPages.sessions.expected')} value={c.expected} />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('dutyPages.sessions.present')}
                  value={c.present}
                  valueStyle={{ color: '#389e0d' }}
                  suffix={c.expected ? `(${((c.present / c.expected) * 100).toFixed(1)}%)` : undefined}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('dutyPages.sessions.leave')}
                  value={c.leave}
                  valueStyle={{ color: '#1677ff' }}
                />
              </Col>
              <Col span={8}>
                <Statistic
                  title={t('dutyPages.sessions.absent')}
                  value={c.absent}
                  valueStyle={{ color: c.absent ? '#cf1322' : undefined }}
                />
              </Col>
              <Col span={8}>
                <Statistic title={t('dutyPages.sessions.unmarked')} value={c.unmarked} />
              </Col>
            </Row>
            {open ? (
              <Alert
                style={{ marginTop: 12 }}
                type="info"
                showIcon
                title={t('dutyPages.sessions.liveHint')}
              />
            ) : null}
            {open && qr.data ? (
              <div style={{ marginTop: 12 }}>
                <Typography.Text type="secondary">{t('dutyPages.sessions.checkinUrl')}：</Typography.Text>
                <Typography.Text copyable style={{ fontSize: 12 }} data-testid="duty-session-url">
                  {qr.data.url}
                </Typography.Text>
              </div>
            ) : null}
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={t('dutyPages.sessions.attendance')}
        extra={
          <Segmented<AttendanceState | 'all'>
            size="small"
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('dutyPages.sessions.all', { n: s.attendance.length }) },
              ...attendanceStates.map((st) => ({
                value: st,
                label: `${attendanceStateLabels[st]} ${c[st]}`,
              })),
            ]}
          />
        }
      >
        <Table<AttendanceRow>
          data-testid="duty-attendance-table"
          rowKey={(r) => r.representative.id}
          size="middle"
          columns={columns}
          dataSource={rows}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('dutyPages.sessions.noAttendance')}
              />
            ),
          }}
        />
      </Card>

      {fullscreen ? <FullscreenQr s={s} qr={qr} onExit={() => setFullscreen(false)} /> : null}
      <MarkModal
        sessionId={s.id}
        row={marking}
        onClose={() => setMarking(null)}
        onDone={(d) => {
          qc.setQueryData(sessionKey(s.id), d);
          setMarking(null);
          refresh();
        }}
      />
    </div>
  );
}

type QrQuery = ReturnType<typeof useQuery<{ url: string; svg: string }>>;

function QrImage({ qr, size }: { qr: QrQuery; size: number | string }) {
  const { t } = useTranslation();
  if (qr.isError)
    return (
      <Alert
        type="error"
        showIcon
        title={t('dutyPages.sessions.qrFailed')}
        description={errorMessage(qr.error)}
      />
    );
  if (!qr.data) return <Skeleton.Image active style={{ width: 260, height: 260 }} />;
  return (
    <div style={{ textAlign: 'center' }}>
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.data.svg)}`}
        alt={t('dutyPages.sessions.qrAlt')}
        style={{
          width: size,
          height: size,
          maxWidth: '100%',
          imageRendering: 'pixelated',
          background: '#fff',
        }}
        data-testid="duty-session-qr"
        data-url={qr.data.url}
      />
    </div>
  );
}

/** The projector view: the QR as large as the screen allows, the session and the live count. */
function FullscreenQr({ s, qr, onExit }: { s: TDutySessionDetail; qr: QrQuery; onExit: () => void }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    // The browser's full screen when allowed; the overlay covers the window either way.
    el?.requestFullscreen?.().catch(() => undefined);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onExit();
    const onChange = () => !document.fullscreenElement && onExit();
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, [onExit]);
  return (
    <div
      ref={box}
      data-testid="duty-session-fullscreen-view"
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 2000,
        background: '#fff',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 16,
        padding: 24,
      }}
    >
      <Typography.Title level={1} style={{ margin: 0, textAlign: 'center' }}>
        {s.title}
      </Typography.Title>
      <Typography.Text style={{ fontSize: 20 }} type="secondary">
        {formatDateTime(s.startsAt, i18n.language)} · {s.venue}
      </Typography.Text>
      <QrImage qr={qr} size="min(62vh, 80vw)" />
      <Typography.Text style={{ fontSize: 24 }}>
        {t('dutyPages.sessions.fullscreenHint')}
        <Typography.Text strong style={{ fontSize: 28, color: '#389e0d', marginLeft: 12 }}>
          {t('dutyPages.sessions.fullscreenCount', {
            present: s.counts.present,
            expected: s.counts.expected,
          })}
        </Typography.Text>
      </Typography.Text>
      <Button
        icon={<CompressOutlined />}
        onClick={onExit}
        style={{ position: 'absolute', top: 16, right: 16 }}
      >
        {t('dutyPages.sessions.exitFullscreen')}
      </Button>
    </div>
  );
}

function MarkModal(props: Parameters<typeof MarkModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <MarkModalDialog key={useOpenings(props.row !== null)} {...props} />;
}

function MarkModalDialog({
  sessionId,
  row,
  onClose,
  onDone,
}: {
  sessionId: number;
  row: AttendanceRow | null;
  onClose: () => void;
  onDone: (d: TDutySessionDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ state: 'present' | 'leave' | 'absent'; note?: string }>();
  const save = useMutation({
    mutationFn: (v: { state: 'present' | 'leave' | 'absent'; note?: string }) =>
      put<TDutySessionDetail>(`${DUTY}/sessions/${sessionId}/attendance/${row?.representative.id}`, {
        state: v.state,
        note: v.note?.trim() || null,
      }),
    onSuccess: (d) => {
      message.success(t('dutyPages.sessions.marked', { name: row?.representative.name }));
      onDone(d);
    },
    onError: (e) => {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    },
  });
  return (
    <Modal
      open={Boolean(row)}
      title={t('dutyPages.sessions.markTitle', { name: row?.representative.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'duty-mark-ok' }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          state: row && row.state !== 'unmarked' ? row.state : 'present',
          note: row?.note ?? '',
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="state" label={t('dutyPages.sessions.state')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="duty-mark-state">
            {(['present', 'leave', 'absent'] as const).map((st) => (
              <Radio.Button key={st} value={st} data-testid={`duty-mark-state-${st}`}>
                {attendanceStateLabels[st]}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('dutyPages.sessions.note')} extra={t('dutyPages.sessions.markHint')}>
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="duty-mark-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
