/**
 * The proposal page's dialogs, one per step the caller may take (`can` from the server):
 * 审议 (reviewer), 交办 (union cadre: lead + co-handlers + due date), 报送进展 (handling units: text,
 * percent, files), 答复 (lead unit), 执行督查 (union cadre: accept / send back), 逾期未评价办结.
 * Selectors: proposal-review-decision (Radio.Group: file / to_suggestion / return), proposal-review-reason,
 * proposal-review-submit; proposal-assign-lead (Select with search), proposal-assign-co, proposal-assign-due,
 * proposal-assign-submit; proposal-progress-text, proposal-progress-percent, proposal-progress-upload,
 * proposal-progress-submit; proposal-reply-text, proposal-reply-submit; proposal-supervise-decision
 * (accept / send_back), proposal-supervise-note, proposal-supervise-submit; proposal-close-note,
 * proposal-close-submit.
 */
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileAccept, type TFile } from '../../../../shared/files.ts';
import { reviewDecisions } from '../../../../shared/proposals.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { dayNotBeforeToday, errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import {
  PROPOSALS,
  proposalKey,
  proposalsKey,
  type TProposal,
  useOrgSearch,
  useProposalLabels,
} from './model.ts';

export type ProposalAction = 'review' | 'assign' | 'progress' | 'reply' | 'supervise' | 'closeUnrated';

interface Values {
  decision?: string;
  reason?: string;
  leadOrgId?: number;
  coOrgIds?: number[];
  dueDate?: Dayjs | null;
  note?: string;
  text?: string;
  percent?: number | null;
}

const trimmed = (v: string | undefined) => (v ?? '').trim();

export function ProposalActionModal({
  proposal: p,
  action,
  handleDays,
  onClose,
}: {
  proposal: TProposal;
  action: ProposalAction | null;
  /** The congress's handling days (the default due date of 交办). */
  handleDays: number | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useProposalLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [files, setFiles] = useState<TFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const decision = Form.useWatch('decision', form);
  // The lead unit is not offered as a 协办 unit (the server refuses one that is both).
  const leadOrgId = Form.useWatch('leadOrgId', form);
  const orgs = useOrgSearch(p.org.id, '', action === 'assign');
  const orgOptions = (orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));

  const close = () => {
    setFiles([]);
    onClose();
  };

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const body = new FormData();
      body.append('file', file);
      const saved = await api.upload<TFile>(
        withQuery('/api/v1/files', { entityType: 'proposals.proposal', entityId: String(p.id) }),
        body,
      );
      setFiles((fs) => [...fs, saved]);
      message.success(t('proposalWork.action.uploaded', { name: saved.originalName }));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  const submit = async (v: Values) => {
    if (!action) return;
    setSaving(true);
    const url = (step: string) => `${PROPOSALS}/${p.id}/${step}`;
    try {
      let next: TProposal;
      if (action === 'review') {
        next = await api.post<TProposal>(url('review'), {
          decision: v.decision,
          reason: trimmed(v.reason) || null,
        });
        message.success(t('proposalWork.action.reviewed'));
      } else if (action === 'assign') {
        next = await api.post<TProposal>(url('assign'), {
          leadOrgId: v.leadOrgId,
          coOrgIds: (v.coOrgIds ?? []).filter((id) => id !== v.leadOrgId),
          dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : undefined,
          note: trimmed(v.note) || null,
        });
        message.success(t('proposalWork.action.assigned', { org: next.leadOrg?.name ?? '' }));
      } else if (action === 'progress') {
        next = await api.post<TProposal>(url('progress'), {
          text: trimmed(v.text),
          percent: v.percent ?? 0,
          fileIds: files.map((f) => f.id),
        });
        message.success(t('proposalWork.action.progressSaved'));
      } else if (action === 'reply') {
        next = await api.post<TProposal>(url('reply'), {
          text: trimmed(v.text),
          fileIds: files.map((f) => f.id),
        });
        message.success(t('proposalWork.action.replied'));
      } else if (action === 'supervise') {
        next = await api.post<TProposal>(url('supervise'), {
          decision: v.decision,
          note: trimmed(v.note) || null,
        });
        message.success(t('proposalWork.action.supervised'));
      } else {
        next = await api.post<TProposal>(url('close-unrated'), { note: trimmed(v.note) || null });
        message.success(t('proposalWork.action.closedUnrated'));
      }
      client.setQueryData(proposalKey(p.id), next);
      close();
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: proposalsKey });
    }
  };

  const titles: Record<ProposalAction, string> = {
    review: t('proposalWork.action.reviewTitle', { code: p.code }),
    assign: t('proposalWork.action.assignTitle', { code: p.code }),
    progress: t('proposalWork.action.progressTitle', { code: p.code }),
    reply: t('proposalWork.action.replyTitle', { code: p.code }),
    supervise: t('proposalWork.action.superviseTitle', { code: p.code }),
    closeUnrated: t('proposalWork.action.closeUnratedTitle', { code: p.code }),
  };
  const submitIds: Record<ProposalAction, string> = {
    review: 'proposal-review-submit',
    assign: 'proposal-assign-submit',
    progress: 'proposal-progress-submit',
    reply: 'proposal-reply-submit',
    supervise: 'proposal-supervise-submit',
    closeUnrated: 'proposal-close-submit',
  };
  const lastReply = [...p.updates].reverse().find((u) => u.kind === 'reply');
  const lastPercent = [...p.updates].reverse().find((u) => u.percent !== null)?.percent ?? null;

  const fileBox = (
    <Form.Item label={t('proposalWork.action.progressFiles')}>
      <Upload
        accept={fileAccept}
        showUploadList={false}
        disabled={uploading || files.length >= 9}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={uploading} data-testid={`proposal-${action}-upload`}>
          {uploading ? t('proposalWork.action.uploading') : t('proposalWork.action.upload')}
        </Button>
      </Upload>
      {files.length > 0 ? (
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={files}
          renderItem={(f) => (
            <List.Item
              actions={[
                <Button
                  key="remove"
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={f.originalName}
                  onClick={() => setFiles((fs) => fs.filter((x) => x.id !== f.id))}
                />,
              ]}
            >
              <Space size={6}>
                <PaperClipOutlined />
                {f.originalName}
              </Space>
            </List.Item>
          )}
        />
      ) : null}
    </Form.Item>
  );

  return (
    <Modal
      open={action !== null}
      title={action ? titles[action] : ''}
      onOk={() => form.submit()}
      onCancel={close}
      confirmLoading={saving}
      okText={t('proposalWork.action.submit')}
      okButtonProps={{ 'data-testid': action ? submitIds[action] : undefined } as Record<string, string>}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
      width={action === 'assign' || action === 'reply' ? 620 : 520}
      data-testid="proposal-action-modal"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => void submit(v)}
        initialValues={
          action === 'review'
            ? { decision: undefined }
            : action === 'progress'
              ? { percent: lastPercent ?? undefined }
              : action === 'assign'
                ? { coOrgIds: [] }
                : {}
        }
      >
        {action === 'review' ? (
          <>
            <Form.Item
              name="decision"
              label={t('proposalWork.action.reviewDecision')}
              rules={[
                {
                  required: true,
                  message: t('msg.required', { field: t('proposalWork.action.reviewDecision') }),
                },
              ]}
            >
              <Radio.Group data-testid="proposal-review-decision">
                <Space direction="vertical">
                  {reviewDecisions.map((d) => (
                    <Radio key={d} value={d}>
                      {label('review', d)}
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('proposalWork.action.reviewReason')}
              extra={t('proposalWork.action.reviewReasonHint')}
              rules={[
                {
                  required: decision !== undefined && decision !== 'file',
                  min: decision !== undefined && decision !== 'file' ? 2 : 0,
                  whitespace: true,
                  message: t('proposalWork.action.reviewReasonHint'),
                },
              ]}
            >
              <Input.TextArea rows={4} maxLength={500} showCount data-testid="proposal-review-reason" />
            </Form.Item>
          </>
        ) : null}

        {action === 'assign' ? (
          <>
            <Form.Item
              name="leadOrgId"
              label={t('proposalWork.action.assignLead')}
              rules={[
                {
                  required: true,
                  message: t('msg.required', { field: t('proposalWork.action.assignLead') }),
                },
              ]}
            >
              <Select<number>
                showSearch
                optionFilterProp="label"
                placeholder={t('proposalWork.action.assignLeadPlaceholder')}
                options={orgOptions}
                loading={orgs.isFetching}
                data-testid="proposal-assign-lead"
              />
            </Form.Item>
            <Form.Item name="coOrgIds" label={t('proposalWork.action.assignCo')}>
              <Select<number[]>
                mode="multiple"
                showSearch
                optionFilterProp="label"
                placeholder={t('proposalWork.action.assignLeadPlaceholder')}
                options={orgOptions.filter((o) => o.value !== leadOrgId)}
                maxCount={10}
                data-testid="proposal-assign-co"
              />
            </Form.Item>
            <Form.Item
              name="dueDate"
              label={t('proposalWork.action.assignDue')}
              extra={t('proposalWork.action.assignDueHint', { days: handleDays ?? 30 })}
              rules={[dayNotBeforeToday(t, t('proposalWork.action.assignDue'))]}
            >
              <DatePicker style={{ width: 200 }} data-testid="proposal-assign-due" />
            </Form.Item>
            <Form.Item name="note" label={t('proposalWork.action.assignNote')}>
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="proposal-assign-note" />
            </Form.Item>
          </>
        ) : null}

        {action === 'progress' ? (
          <>
            <Form.Item
              name="text"
              label={t('proposalWork.action.progressText')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('msg.required', { field: t('proposalWork.action.progressText') }),
                },
                {
                  min: 2,
                  message: t('proposalWork.action.minText', {
                    field: t('proposalWork.action.progressText'),
                    min: 2,
                  }),
                },
              ]}
            >
              <Input.TextArea rows={5} maxLength={2000} showCount data-testid="proposal-progress-text" />
            </Form.Item>
            <Form.Item
              name="percent"
              label={t('proposalWork.action.progressPercent')}
              rules={[
                {
                  required: true,
                  message: t('msg.required', { field: t('proposalWork.action.progressPercent') }),
                },
                numberRange(t, t('proposalWork.action.progressPercent'), 0, 100),
              ]}
            >
              <InputNumber
                precision={0}
                style={{ width: 140 }}
                suffix="%"
                data-testid="proposal-progress-percent"
              />
            </Form.Item>
            {fileBox}
          </>
        ) : null}

        {action === 'reply' ? (
          <>
            <Typography.Paragraph type="secondary">{t('proposalWork.action.replyHint')}</Typography.Paragraph>
            <Form.Item
              name="text"
              label={t('proposalWork.action.replyText')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('msg.required', { field: t('proposalWork.action.replyText') }),
                },
                {
                  min: 10,
                  message: t('proposalWork.action.minText', {
                    field: t('proposalWork.action.replyText'),
                    min: 10,
                  }),
                },
              ]}
            >
              <Input.TextArea rows={8} maxLength={3000} showCount data-testid="proposal-reply-text" />
            </Form.Item>
            {fileBox}
          </>
        ) : null}

        {action === 'supervise' ? (
          <>
            {lastReply ? (
              <Alert
                type="info"
                style={{ marginBottom: 16 }}
                title={`${t('proposalWork.action.lastReply')} · ${lastReply.org.name} · ${lastReply.author}`}
                description={<div style={{ whiteSpace: 'pre-wrap' }}>{lastReply.text}</div>}
              />
            ) : null}
            <Form.Item
              name="decision"
              label={t('proposalWork.action.superviseDecision')}
              rules={[
                {
                  required: true,
                  message: t('msg.required', { field: t('proposalWork.action.superviseDecision') }),
                },
              ]}
            >
              <Radio.Group data-testid="proposal-supervise-decision">
                <Radio value="accept">{t('proposalWork.action.superviseAccept')}</Radio>
                <Radio value="send_back">{t('proposalWork.action.superviseSendBack')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="note"
              label={t('proposalWork.action.superviseNote')}
              extra={t('proposalWork.action.superviseNoteHint')}
              rules={[
                {
                  required: decision === 'send_back',
                  min: decision === 'send_back' ? 2 : 0,
                  whitespace: true,
                  message: t('proposalWork.action.superviseNoteHint'),
                },
              ]}
            >
              <Input.TextArea rows={4} maxLength={500} showCount data-testid="proposal-supervise-note" />
            </Form.Item>
          </>
        ) : null}

        {action === 'closeUnrated' ? (
          <>
            <Typography.Paragraph type="secondary">
              {t('proposalWork.action.closeUnratedHint')}
            </Typography.Paragraph>
            <Form.Item name="note" label={t('proposalWork.action.closeUnratedNote')}>
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="proposal-close-note" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
