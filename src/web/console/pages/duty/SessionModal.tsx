/**
 * 新建会议 / 修改会议: one form for both. An edit keeps the marks made so far (their records follow the
 * new title and time on the server). Test ids: duty-session-title, duty-session-range, duty-session-venue,
 * duty-session-ok.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  sessionKindLabels,
  sessionKinds,
  type TDutySession,
  type TDutySessionDetail,
} from '../../../../shared/duty.ts';
import { api } from '../../../shared/api.ts';
import { beijingWall, fromBeijingWall } from '../../beijingClock.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { DUTY, dutyKey, sessionKey } from './api.ts';

interface SessionForm {
  title: string;
  kind: TDutySession['kind'];
  range: [Dayjs, Dayjs];
  venue: string;
}

interface SessionModalProps {
  open: boolean;
  congressId: number;
  /** The session to change; absent for a new one. */
  session?: TDutySession;
  onClose: () => void;
  onSaved: (s: TDutySession) => void;
}

export function SessionModal(props: SessionModalProps) {
  // A fresh form each time it opens: an edit shows what is saved now.
  return <SessionDialog key={useOpenings(props.open)} {...props} />;
}

function SessionDialog({ open, congressId, session, onClose, onSaved }: SessionModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<SessionForm>();
  const save = useMutation({
    mutationFn: (v: SessionForm) => {
      const body = {
        title: v.title.trim(),
        kind: v.kind,
        // The picker reads Beijing wall-clock time (beijingClock.ts), whatever the PC's zone.
        startsAt: fromBeijingWall(v.range[0].second(0).millisecond(0)),
        endsAt: fromBeijingWall(v.range[1].second(0).millisecond(0)),
        venue: v.venue.trim(),
      };
      return session
        ? api.patch<TDutySessionDetail>(`${DUTY}/sessions/${session.id}`, body)
        : api.post<TDutySession>(`${DUTY}/congresses/${congressId}/sessions`, body);
    },
    onSuccess: (s) => {
      message.success(
        t(session ? 'dutyPages.sessions.updated' : 'dutyPages.sessions.created', { title: s.title }),
      );
      if (session) qc.setQueryData(sessionKey(s.id), s);
      void qc.invalidateQueries({ queryKey: dutyKey });
      onSaved(s);
    },
    onError: (e) => {
      // The term check names startsAt or endsAt: both are the one range picker.
      if (!showFieldErrors(form, e, { startsAt: 'range', endsAt: 'range' })) message.error(errorMessage(e));
    },
  });
  return (
    <Modal
      open={open}
      title={t(session ? 'dutyPages.sessions.edit' : 'dutyPages.sessions.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'duty-session-ok' }}
      destroyOnHidden
    >
      <Form<SessionForm>
        form={form}
        layout="vertical"
        initialValues={
          session
            ? {
                title: session.title,
                kind: session.kind,
                range: [beijingWall(session.startsAt), beijingWall(session.endsAt)],
                venue: session.venue,
              }
            : { kind: 'meeting' }
        }
        onFinish={(v) => save.mutate(v)}
        preserve={false}
      >
        <Form.Item
          name="title"
          label={t('dutyPages.sessions.name')}
          rules={[
            { required: true, whitespace: true, min: 2, message: t('dutyPages.sessions.nameRequired') },
          ]}
        >
          <Input
            maxLength={60}
            placeholder={t('dutyPages.sessions.namePlaceholder')}
            data-testid="duty-session-title"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('dutyPages.sessions.kind')} rules={[{ required: true }]}>
          <Select options={sessionKinds.map((k) => ({ value: k, label: sessionKindLabels[k] }))} />
        </Form.Item>
        <Form.Item
          name="range"
          label={t('dutyPages.sessions.time')}
          extra={
            session && session.counts.expected > session.counts.unmarked
              ? t('dutyPages.sessions.editMarked')
              : undefined
          }
          rules={[{ required: true, message: t('dutyPages.sessions.timeRequired') }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid="duty-session-range"
          />
        </Form.Item>
        <Form.Item
          name="venue"
          label={t('dutyPages.sessions.venue')}
          rules={[
            { required: true, whitespace: true, min: 2, message: t('dutyPages.sessions.venueRequired') },
          ]}
        >
          <Input maxLength={100} data-testid="duty-session-venue" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
