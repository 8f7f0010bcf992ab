/**
 * Dialogs of the appeal page: 分办 (the four outcomes), 答复 (with files), and the inline moderation of a
 * comment (公开 / 不予公开 with a reason), also used by the moderation queue.
 * Selectors for browser tests:
 *   appeal-triage-action (Radio.Group, values handle/merge/to_proposal/refer), appeal-triage-handler,
 *   appeal-triage-due, appeal-triage-into, appeal-triage-rep, appeal-triage-partner, appeal-triage-note,
 *   appeal-triage-submit; appeal-reply-text, appeal-reply-submit; comment-approve-<id>,
 *   comment-reject-<id>, comment-reject-reason, comment-reject-submit.
 */
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { APPEAL_HANDLE_DAYS, REFERRAL_DUE_DAYS } from '../../../../shared/appeals.ts';
import type { TFile } from '../../../../shared/files.ts';
import type { TOrg } from '../../../../shared/orgs.ts';
import type { TCongress } from '../../../../shared/proposals.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { dayNotBeforeToday, errorMessage, showFieldErrors } from '../../forms.ts';
import {
  APPEALS,
  appealsKey,
  endpointsKey,
  type Page,
  PROPOSALS_API,
  REFERRALS,
  referralsKey,
  type TAppeal,
  type TAppealSummary,
  type TEndpoint,
  type TRepresentative,
  type TTriageInput,
  useAppealLabels,
} from './model.ts';

type Action = TTriageInput['action'];
interface TriageValues {
  action: Action;
  handlerOrgId?: number;
  intoAppealId?: number;
  representativeId?: number;
  partnerOrgId?: number;
  dueDate?: Dayjs | null;
  note?: string;
}

/** Units of the union's subtree, searched by name as the cadre types. */
function useOrgSearch(rootId: number, q: string) {
  return useQuery({
    queryKey: ['orgs', 'search-in', rootId, q],
    queryFn: () =>
      api.get<Page<TOrg>>('/api/v1/orgs', { rootId, q: q || undefined, state: 'active', pageSize: 30 }),
  });
}

export function TriageModal({
  appeal,
  open,
  onClose,
}: {
  appeal: TAppeal;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useAppealLabels();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<TriageValues>();
  const action = Form.useWatch('action', form) ?? 'handle';
  const [saving, setSaving] = useState(false);
  const [orgQ, setOrgQ] = useState('');
  const unionId = appeal.org.id;

  const orgs = useOrgSearch(unionId, orgQ);
  const others = useQuery({
    queryKey: [...appealsKey, 'merge-targets', unionId, appeal.id],
    enabled: open && action === 'merge',
    queryFn: async () => {
      const pages = await Promise.all(
        (['open', 'handling'] as const).map((state) =>
          api.get<Page<TAppealSummary>>(APPEALS, { orgId: unionId, state, pageSize: 100 }),
        ),
      );
      return pages.flatMap((p) => p.items).filter((a) => a.id !== appeal.id && a.org.id === unionId);
    },
  });
  const reps = useQuery({
    queryKey: ['representatives', 'of-union', unionId],
    enabled: open && action === 'to_proposal',
    queryFn: async () => {
      const congresses = await api.get<TCongress[]>(`${PROPOSALS_API}/congresses`, { orgId: unionId });
      const active = congresses.filter((c) => c.state === 'active' && c.org.id === unionId);
      const pages = await Promise.all(
        active.map((c) =>
          api.get<Page<TRepresentative>>(`${PROPOSALS_API}/representatives`, {
            congressId: c.id,
            active: 'true',
            pageSize: 100,
          }),
        ),
      );
      return pages.flatMap((p) => p.items);
    },
  });
  const endpoints = useQuery({
    queryKey: endpointsKey,
    enabled: open && action === 'refer',
    queryFn: () => api.get<TEndpoint[]>(`${REFERRALS}/endpoints`),
  });

  const submit = async (v: TriageValues) => {
    const note = v.note?.trim() || null;
    const due = v.dueDate ? v.dueDate.format('YYYY-MM-DD') : undefined;
    let body: TTriageInput;
    switch (v.action) {
      case 'handle':
        body = { action: 'handle', handlerOrgId: v.handlerOrgId ?? 0, dueDate: due, note };
        break;
      case 'merge':
        body = { action: 'merge', intoAppealId: v.intoAppealId ?? 0, note };
        break;
      case 'to_proposal':
        body = { action: 'to_proposal', representativeId: v.representativeId ?? 0, note };
        break;
      case 'refer':
        body = { action: 'refer', partnerOrgId: v.partnerOrgId ?? 0, dueDate: due, note };
        break;
    }
    setSaving(true);
    try {
      await api.post<TAppeal>(`${APPEALS}/${appeal.id}/triage`, body);
      message.success(t('appealWork.triage.done'));
      await Promise.all([
        qc.invalidateQueries({ queryKey: appealsKey }),
        qc.invalidateQueries({ queryKey: referralsKey }),
      ]);
      onClose();
      form.resetFields();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const hints: Record<Action, string> = {
    handle: t('appealWork.triage.handleHint'),
    merge: t('appealWork.triage.mergeHint'),
    to_proposal: t('appealWork.triage.toProposalHint'),
    refer: t('appealWork.triage.referHint'),
  };
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (!orgOptions.some((o) => o.value === unionId))
    orgOptions.unshift({ value: unionId, label: appeal.org.name });

  return (
    <Modal
      open={open}
      title={t('appealWork.triage.title', { code: appeal.code })}
      onCancel={onClose}
      destroyOnHidden
      width={620}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('action.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          onClick={() => form.submit()}
          data-testid="appeal-triage-submit"
        >
          {t('appealWork.triage.ok')}
        </Button>,
      ]}
    >
      <Form<TriageValues>
        form={form}
        layout="vertical"
        name="appealTriage"
        initialValues={{ action: 'handle', handlerOrgId: appeal.org.id }}
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item name="action" label={t('appealWork.triage.action')} extra={hints[action]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="appeal-triage-action">
            <Radio value="handle">{t('appealWork.triage.handle')}</Radio>
            <Radio value="merge">{t('appealWork.triage.merge')}</Radio>
            <Radio value="to_proposal">{t('appealWork.triage.toProposal')}</Radio>
            <Radio value="refer">{t('appealWork.triage.refer')}</Radio>
          </Radio.Group>
        </Form.Item>

        {action === 'handle' ? (
          <>
            <Form.Item
              name="handlerOrgId"
              label={t('appealWork.triage.handler')}
              rules={[{ required: true, message: t('appealWork.triage.handlerRequired') }]}
            >
              <Select<number>
                showSearch={{ filterOption: false, onSearch: setOrgQ }}
                placeholder={t('appealWork.triage.handlerPlaceholder')}
                options={orgOptions}
                loading={orgs.isFetching}
                data-testid="appeal-triage-handler"
              />
            </Form.Item>
            <Form.Item
              name="dueDate"
              label={t('appealWork.triage.due')}
              extra={t('appealWork.triage.dueDefault', { days: APPEAL_HANDLE_DAYS })}
              rules={[dayNotBeforeToday(t, t('appealWork.triage.due'))]}
            >
              <DatePicker style={{ width: 200 }} data-testid="appeal-triage-due" />
            </Form.Item>
          </>
        ) : null}

        {action === 'merge' ? (
          <Form.Item
            name="intoAppealId"
            label={t('appealWork.triage.into')}
            rules={[{ required: true, message: t('appealWork.triage.intoRequired') }]}
            extra={others.data && others.data.length === 0 ? t('appealWork.triage.intoNone') : undefined}
          >
            <Select<number>
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('appealWork.triage.intoPlaceholder')}
              loading={others.isFetching}
              options={(others.data ?? []).map((a) => ({
                value: a.id,
                label: `${a.code} ${a.title}${t('appealWork.detail.paren', { d: label('state', a.state) })}`,
              }))}
              data-testid="appeal-triage-into"
            />
          </Form.Item>
        ) : null}

        {action === 'to_proposal' ? (
          <Form.Item
            name="representativeId"
            label={t('appealWork.triage.rep')}
            rules={[{ required: true, message: t('appealWork.triage.repRequired') }]}
            extra={reps.data && reps.data.length === 0 ? t('appealWork.triage.repNone') : undefined}
          >
            <Select<number>
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('appealWork.triage.repPlaceholder')}
              loading={reps.isFetching}
              options={(reps.data ?? []).map((r) => ({
                value: r.id,
                label: `${r.user.name} · ${r.org.name}${r.delegation ? ` · ${r.delegation}` : ''}`,
              }))}
              data-testid="appeal-triage-rep"
            />
          </Form.Item>
        ) : null}

        {action === 'refer' ? (
          <>
            <Form.Item
              name="partnerOrgId"
              label={t('appealWork.triage.partner')}
              rules={[{ required: true, message: t('appealWork.triage.partnerRequired') }]}
              extra={
                endpoints.data && endpoints.data.filter((e) => e.active).length === 0
                  ? t('appealWork.triage.partnerNone')
                  : endpoints.isError
                    ? errorMessage(endpoints.error)
                    : undefined
              }
            >
              <Select<number>
                placeholder={t('appealWork.triage.partner')}
                loading={endpoints.isFetching}
                options={(endpoints.data ?? [])
                  .filter((e) => e.active)
                  .map((e) => ({
                    value: e.partner.id,
                    label: t('appealWork.triage.partnerMode', {
                      name: e.partner.name,
                      mode: label('mode', e.mode),
                    }),
                  }))}
                data-testid="appeal-triage-partner"
              />
            </Form.Item>
            <Form.Item
              name="dueDate"
              label={t('appealWork.triage.due')}
              extra={t('appealWork.triage.dueDefault', { days: REFERRAL_DUE_DAYS })}
              rules={[dayNotBeforeToday(t, t('appealWork.triage.due'))]}
            >
              <DatePicker style={{ width: 200 }} data-testid="appeal-triage-due" />
            </Form.Item>
          </>
        ) : null}

        <Form.Item name="note" label={t('appealWork.triage.note')}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('appealWork.triage.notePlaceholder')}
            data-testid="appeal-triage-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ReplyModal({
  appeal,
  open,
  onClose,
}: {
  appeal: TAppeal;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const [saving, setSaving] = useState(false);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const owner = { entityType: 'proposals.appeal', entityId: String(appeal.id) };

  const submit = async (v: { text: string }) => {
    setSaving(true);
    try {
      const fileIds = files.filter((f) => f.status === 'done' && f.uid).map((f) => f.uid);
      await api.post<TAppeal>(`${APPEALS}/${appeal.id}/reply`, { text: v.text, fileIds });
      message.success(t('appealWork.replyForm.done'));
      await qc.invalidateQueries({ queryKey: appealsKey });
      setFiles([]);
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('appealWork.replyForm.title', { code: appeal.code })}
      onCancel={onClose}
      destroyOnHidden
      width={620}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('action.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          onClick={() => form.submit()}
          data-testid="appeal-reply-submit"
        >
          {t('appealWork.replyForm.ok')}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        name="appealReply"
        onFinish={(v) => void submit(v)}
        preserve={false}
      >
        <Form.Item
          name="text"
          label={t('appealWork.replyForm.text')}
          rules={[{ required: true, min: 5, message: t('appealWork.replyForm.textRequired') }]}
        >
          <Input.TextArea
            rows={6}
            maxLength={2000}
            showCount
            placeholder={t('appealWork.replyForm.textPlaceholder')}
            data-testid="appeal-reply-text"
          />
        </Form.Item>
        <Form.Item label={t('appealWork.replyForm.files')}>
          <Upload
            fileList={files}
            maxCount={9}
            onRemove={(f) => setFiles((prev) => prev.filter((x) => x.uid !== f.uid))}
            customRequest={async ({ file, onError }) => {
              const f = file as File;
              const tmp: UploadFile = {
                uid: `tmp-${f.name}-${Date.now()}`,
                name: f.name,
                status: 'uploading',
              };
              setFiles((prev) => [...prev, tmp]);
              try {
                const body = new FormData();
                body.append('file', f);
                const saved = await api.upload<TFile>(withQuery('/api/v1/files', owner), body);
                setFiles((prev) =>
                  prev.map((x) =>
                    x.uid === tmp.uid ? { uid: saved.id, name: saved.originalName, status: 'done' } : x,
                  ),
                );
              } catch (e) {
                setFiles((prev) => prev.filter((x) => x.uid !== tmp.uid));
                message.error(errorMessage(e));
                onError?.(e as Error);
              }
            }}
          >
            <Button icon={<UploadOutlined />}>{t('appealWork.replyForm.upload')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 公开 / 不予公开 for one pending comment; `onDone` after the server accepted the decision. */
export function ModerateActions({ commentId, onDone }: { commentId: number; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  const decide = async (decision: 'approve' | 'reject', reason?: string) => {
    setBusy(decision);
    try {
      await api.post(`${APPEALS}/comments/${commentId}/moderate`, { decision, reason: reason ?? null });
      message.success(
        decision === 'approve' ? t('appealWork.moderate.approved') : t('appealWork.moderate.rejected'),
      );
      setRejecting(false);
      await qc.invalidateQueries({ queryKey: appealsKey });
      onDone?.();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Space size={6}>
        <Button
          size="small"
          type="primary"
          loading={busy === 'approve'}
          disabled={busy !== null}
          onClick={() => void decide('approve')}
          data-testid={`comment-approve-${commentId}`}
        >
          {t('appealWork.moderate.approve')}
        </Button>
        <Button
          size="small"
          danger
          disabled={busy !== null}
          onClick={() => setRejecting(true)}
          data-testid={`comment-reject-${commentId}`}
        >
          {t('appealWork.moderate.reject')}
        </Button>
      </Space>
      <Modal
        open={rejecting}
        title={t('appealWork.moderate.rejectTitle')}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setRejecting(false)}>
            {t('action.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            danger
            loading={busy === 'reject'}
            onClick={() => form.submit()}
            data-testid="comment-reject-submit"
          >
            {t('appealWork.moderate.reject')}
          </Button>,
        ]}
      >
        <Form
          form={form}
          layout="vertical"
          name={`reject-${commentId}`}
          preserve={false}
          onFinish={(v) => void decide('reject', v.reason)}
        >
          <Form.Item
            name="reason"
            label={t('appealWork.moderate.reason')}
            rules={[
              { required: true, min: 2, whitespace: true, message: t('appealWork.moderate.reasonRequired') },
            ]}
          >
            <Input.TextArea
              rows={3}
              maxLength={200}
              showCount
              placeholder={t('appealWork.moderate.reasonPlaceholder')}
              data-testid="comment-reject-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
