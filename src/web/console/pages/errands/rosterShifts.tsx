import { DeleteOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../../shared/users.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import {
  addDays,
  bjDay,
  bjIso,
  bjTime,
  bjToday,
  itemsOf,
  mondayOf,
  rosterKey,
  SHIFTS_API,
  shortDay,
  type TShift,
  type TShiftInput,
} from './roster.model.ts';
import { useNow } from './rosterDuty.tsx';
import { useHotlines } from './rosterHotlines.tsx';

/** `08:00–20:00`, `20:00–次日08:00`, or with dates when a shift runs longer. */
function useSpan() {
  const { t } = useTranslation();
  return (s: TShift, column?: string) => {
    const [d0, d1] = [bjDay(s.startsAt), bjDay(s.endsAt)];
    // Shown under a later day (a night shift from the Sunday before): both ends with their dates.
    if (column && column !== d0)
      return `${shortDay(d0)} ${bjTime(s.startsAt)}–${shortDay(d1)} ${bjTime(s.endsAt)}`;
    const end =
      d1 === d0
        ? bjTime(s.endsAt)
        : d1 === addDays(d0, 1)
          ? t('errandRoster.shift.nextDay', { time: bjTime(s.endsAt) })
          : `${shortDay(d1)} ${bjTime(s.endsAt)}`;
    return `${bjTime(s.startsAt)}–${end}`;
  };
}

/** 值班表: one week (Beijing days as columns; one list per day on narrow screens), prev/next week. */
export function ShiftsWeekCard({
  orgId,
  week,
  onWeek,
  canEdit,
}: {
  orgId: number;
  /** Monday of the week shown. */
  week: string;
  onWeek: (monday: string | undefined) => void;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const span = useSpan();
  const now = useNow();
  const today = bjToday();
  const days = Array.from({ length: 7 }, (_, i) => addDays(week, i));
  const sunday = days[6] ?? week;
  const [adding, setAdding] = useState<string | null>(null);

  const shifts = useQuery({
    queryKey: [...rosterKey, 'shifts', orgId, week],
    queryFn: async () =>
      itemsOf(await api.get<{ items: TShift[] }>(SHIFTS_API, { orgId, from: week, to: sunday })).filter(
        (s) => s.org.id === orgId,
      ),
  });
  const byDay = useMemo(() => {
    const map = new Map<string, TShift[]>(days.map((d) => [d, []]));
    const sorted = [...(shifts.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    for (const s of sorted) {
      // A night shift that began the Sunday before shows under Monday.
      const start = bjDay(s.startsAt);
      map.get(start < week ? week : start)?.push(s);
    }
    return map;
  }, [shifts.data, week, days]);

  const remove = async (s: TShift) => {
    try {
      await api.delete(`${SHIFTS_API}/${s.id}`);
      message.success(t('errandRoster.shift.deleted'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      await client.invalidateQueries({ queryKey: rosterKey });
    }
  };

  const weekLabel = `${shortDay(week)} – ${shortDay(sunday)}`;
  const thisWeek = mondayOf(today);
  return (
    <Card
      title={t('errandRoster.shift.title')}
      data-testid="errand-shifts"
      extra={
        canEdit ? (
          <Button
            size="small"
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(today >= week && today <= sunday ? today : week)}
            data-testid="errand-shift-new"
          >
            {t('errandRoster.shift.new')}
          </Button>
        ) : null
      }
    >
      <div className="nj-er-weekbar" role="toolbar" aria-label={t('errandRoster.shift.weekNav')}>
        <Space.Compact>
          <Button
            icon={<LeftOutlined />}
            onClick={() => onWeek(addDays(week, -7))}
            data-testid="errand-week-prev"
          >
            {t('errandRoster.shift.prevWeek')}
          </Button>
          <Button disabled={week === thisWeek} onClick={() => onWeek(undefined)}>
            {t('errandRoster.shift.thisWeek')}
          </Button>
          <Button onClick={() => onWeek(addDays(week, 7))} data-testid="errand-week-next">
            {t('errandRoster.shift.nextWeek')} <RightOutlined />
          </Button>
        </Space.Compact>
        <Typography.Text strong className="nj-hs-mono" data-testid="errand-week-label">
          {weekLabel}
          {shifts.isFetching ? <Spin size="small" style={{ marginInlineStart: 8 }} /> : null}
        </Typography.Text>
      </div>
      {shifts.isError && !shifts.data ? (
        <Alert
          type="error"
          showIcon
          title={t('errandRoster.shift.loadFailed')}
          description={errorMessage(shifts.error)}
          action={
            <Button size="small" onClick={() => void shifts.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : (
        <div className="nj-er-week" data-testid="errand-week">
          {days.map((day, i) => {
            const list = byDay.get(day) ?? [];
            return (
              <section
                key={day}
                className={`nj-er-day${day === today ? ' nj-er-today' : ''}`}
                aria-label={day}
                data-testid={`errand-day-${day}`}
              >
                <header>
                  <span>{t(`errandRoster.weekday.${i}`)}</span>
                  <span className="nj-hs-mono">{shortDay(day)}</span>
                  {day === today ? (
                    <span className="nj-er-today-tag">{t('errandRoster.shift.today')}</span>
                  ) : null}
                </header>
                {list.map((s) => {
                  const on = Date.parse(s.startsAt) <= now && now < Date.parse(s.endsAt);
                  return (
                    <div
                      key={s.id}
                      className={`nj-er-shift${on ? ' nj-er-shift-on' : ''}`}
                      data-testid={`errand-shift-${s.id}`}
                    >
                      <div className="nj-er-shift-time">{span(s, day)}</div>
                      <div className="nj-er-shift-name">
                        {s.user.name}
                        {on ? <span className="nj-er-on">{t('errandRoster.shift.onNow')}</span> : null}
                      </div>
                      {s.hotline ? (
                        <div className="nj-er-shift-meta">
                          {s.hotline.label} · <span className="nj-hs-mono">{s.hotline.number}</span>
                        </div>
                      ) : null}
                      {s.note ? <div className="nj-er-shift-meta">{s.note}</div> : null}
                      {canEdit ? (
                        <Popconfirm
                          title={t('errandRoster.shift.deleteConfirm', { name: s.user.name, span: span(s) })}
                          okText={t('action.delete')}
                          okButtonProps={{ danger: true }}
                          cancelText={t('action.cancel')}
                          onConfirm={() => remove(s)}
                        >
                          <Button
                            type="text"
                            size="small"
                            danger
                            className="nj-er-shift-del"
                            icon={<DeleteOutlined />}
                            aria-label={t('errandRoster.shift.delete')}
                            data-testid={`errand-shift-delete-${s.id}`}
                          />
                        </Popconfirm>
                      ) : null}
                    </div>
                  );
                })}
                {list.length === 0 ? <div className="nj-er-empty">{t('errandRoster.shift.none')}</div> : null}
                {canEdit ? (
                  <Button
                    type="dashed"
                    size="small"
                    className="nj-er-add"
                    icon={<PlusOutlined />}
                    onClick={() => setAdding(day)}
                    data-testid={`errand-shift-add-${day}`}
                  >
                    {t('errandRoster.shift.add')}
                  </Button>
                ) : null}
              </section>
            );
          })}
        </div>
      )}
      {/* Keyed by the day: each 安排 opens a fresh form with its own date. */}
      {canEdit ? (
        <ShiftFormModal
          key={adding ?? ''}
          orgId={orgId}
          day={adding}
          onClose={() => setAdding(null)}
          onCreated={(shift) => {
            // A shift in another week: show that week, where it is.
            const monday = mondayOf(bjDay(shift.startsAt));
            if (monday !== week) onWeek(monday === thisWeek ? undefined : monday);
          }}
        />
      ) : null}
    </Card>
  );
}

type Preset = 'day' | 'night' | 'custom';
const presets: Record<Exclude<Preset, 'custom'>, { start: string; end: string; nextDay: boolean }> = {
  day: { start: '08:00', end: '20:00', nextDay: false },
  night: { start: '20:00', end: '08:00', nextDay: true },
};

interface Values {
  userId?: number;
  hotlineId?: number;
  date?: Dayjs;
  preset?: Preset;
  startTime?: Dayjs;
  endDate?: Dayjs;
  endTime?: Dayjs;
  note?: string;
}

/** The cadres and admins of the org: who may be put on duty (`GET /api/v1/users?orgId=`). */
function useDutyStaff(orgId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'errand-staff', orgId],
    queryFn: async () => {
      const page = await api.get<{ items: TUser[] }>('/api/v1/users', {
        orgId,
        state: 'active',
        pageSize: 100,
      });
      return page.items.filter((u) =>
        u.memberships.some((m) => m.orgId === orgId && (m.role === 'cadre' || m.role === 'admin')),
      );
    },
    enabled,
    staleTime: 60_000,
  });
}

/** 安排值班: a cadre, a hotline, and a span (白班 08:00–20:00, 夜班 20:00–次日08:00, or any). */
function ShiftFormModal({
  orgId,
  day,
  onClose,
  onCreated,
}: {
  orgId: number;
  day: string | null;
  onClose: () => void;
  onCreated: (shift: TShift) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const open = day !== null;
  const staff = useDutyStaff(orgId, open);
  const hotlines = useHotlines(orgId);
  const preset = Form.useWatch('preset', form) ?? 'day';

  const spanOf = (v: Values): { startsAt: string; endsAt: string } | null => {
    const date = v.date?.format('YYYY-MM-DD');
    if (!date) return null;
    if (v.preset !== 'custom') {
      const p = presets[v.preset ?? 'day'];
      return { startsAt: bjIso(date, p.start), endsAt: bjIso(p.nextDay ? addDays(date, 1) : date, p.end) };
    }
    const endDate = v.endDate?.format('YYYY-MM-DD');
    if (!v.startTime || !v.endTime || !endDate) return null;
    return {
      startsAt: bjIso(date, v.startTime.format('HH:mm')),
      endsAt: bjIso(endDate, v.endTime.format('HH:mm')),
    };
  };

  const submit = async (v: Values) => {
    const span = spanOf(v);
    if (!span) return;
    if (Date.parse(span.endsAt) <= Date.parse(span.startsAt)) {
      form.setFields([{ name: 'endTime', errors: [t('errandRoster.shift.endAfterStart')] }]);
      return;
    }
    const body: TShiftInput = {
      userId: v.userId ?? 0,
      hotlineId: v.hotlineId ?? null,
      ...span,
      note: v.note?.trim() || null,
    };
    setSaving(true);
    setConflict(null);
    try {
      const created = await api.post<TShift>(`${SHIFTS_API}?orgId=${orgId}`, body);
      message.success(t('errandRoster.shift.created'));
      await client.invalidateQueries({ queryKey: rosterKey });
      onCreated(created);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else if (!showFieldErrors(form, e, { startsAt: 'date' })) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const activeHotlines = (hotlines.data ?? []).filter((h) => h.active);
  return (
    <Modal
      title={t('errandRoster.shift.new')}
      open={open}
      onOk={() => form.submit()}
      onCancel={() => {
        setConflict(null);
        onClose();
      }}
      confirmLoading={saving}
      okText={t('action.save')}
      okButtonProps={{ 'data-testid': 'errand-shift-submit' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={560}
      destroyOnHidden
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          title={conflict}
          style={{ marginBottom: 16 }}
          data-testid="errand-shift-conflict"
        />
      ) : null}
      <Form<Values>
        name="errandShiftForm"
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Values) => {
          setConflict(null);
          // A custom span ends on the day it starts unless the end date is moved.
          if (changed.date) form.setFieldValue('endDate', changed.date);
        }}
        preserve={false}
        initialValues={{
          preset: 'day',
          date: day ? dayjs(day) : undefined,
          startTime: dayjs('2000-01-01T08:00'),
          endTime: dayjs('2000-01-01T20:00'),
          endDate: day ? dayjs(day) : undefined,
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="userId"
              label={t('errandRoster.shift.user')}
              rules={[{ required: true, message: t('errandRoster.shift.userRequired') }]}
              extra={staff.data && staff.data.length === 0 ? t('errandRoster.shift.noStaff') : undefined}
            >
              <Select<number>
                showSearch={{ optionFilterProp: 'label' }}
                loading={staff.isFetching}
                placeholder={t('errandRoster.shift.userPlaceholder')}
                options={(staff.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                data-testid="errand-shift-user"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="date"
              label={t('errandRoster.shift.date')}
              rules={[
                { required: true, message: t('msg.required', { field: t('errandRoster.shift.date') }) },
              ]}
            >
              <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="errand-shift-date" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="preset" label={t('errandRoster.shift.span')}>
              <Radio.Group
                optionType="button"
                options={(['day', 'night', 'custom'] as const).map((p) => ({
                  value: p,
                  label: t(`errandRoster.shift.preset.${p}`),
                }))}
                data-testid="errand-shift-preset"
              />
            </Form.Item>
          </Col>
          {preset === 'custom' ? (
            <>
              <Col xs={24} sm={8}>
                <Form.Item
                  name="startTime"
                  label={t('errandRoster.shift.startTime')}
                  rules={[
                    {
                      required: true,
                      message: t('msg.required', { field: t('errandRoster.shift.startTime') }),
                    },
                  ]}
                >
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item
                  name="endDate"
                  label={t('errandRoster.shift.endDate')}
                  rules={[
                    {
                      required: true,
                      message: t('msg.required', { field: t('errandRoster.shift.endDate') }),
                    },
                  ]}
                >
                  <DatePicker style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item
                  name="endTime"
                  label={t('errandRoster.shift.endTime')}
                  rules={[
                    {
                      required: true,
                      message: t('msg.required', { field: t('errandRoster.shift.endTime') }),
                    },
                  ]}
                >
                  <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : (
            <Col xs={24}>
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                {t('errandRoster.shift.bjHint')}
              </Typography.Paragraph>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="hotlineId" label={t('errandRoster.shift.hotline')}>
              <Select<number>
                allowClear
                placeholder={t('errandRoster.shift.hotlinePlaceholder')}
                options={activeHotlines.map((h) => ({ value: h.id, label: `${h.label} · ${h.number}` }))}
                data-testid="errand-shift-hotline"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="note" label={t('errandRoster.shift.note')} rules={[{ max: 100 }]}>
              <Input maxLength={100} placeholder={t('errandRoster.shift.notePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
