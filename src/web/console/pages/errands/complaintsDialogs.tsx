import { PhoneOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Select, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { complaintOutcomes } from '../../../../shared/errands.ts';
import { phonePattern } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import {
  COMPLAINTS_API,
  type ComplaintOutcome,
  complaintsKey,
  ERRANDS_API,
  type Page,
  type TComplaint,
  type TErrandListItem,
  useRosterLabels,
} from './roster.model.ts';

/** 答复投诉: the answer given to the complainant and how the complaint ended. */
export function AnswerModal({ complaint, onClose }: { complaint: TComplaint | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const label = useRosterLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ answer?: string; outcome?: ComplaintOutcome }>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: { answer?: string; outcome?: ComplaintOutcome }) => {
    if (!complaint) return;
    setSaving(true);
    try {
      await api.post<TComplaint>(`${COMPLAINTS_API}/${complaint.id}/answer`, {
        answer: v.answer?.trim(),
        outcome: v.outcome,
      });
      message.success(t('errandRoster.complaint.answered'));
      await client.invalidateQueries({ queryKey: complaintsKey });
      await client.invalidateQueries({ queryKey: ['errands'] });
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('errandRoster.complaint.answerTitle', { code: complaint?.errandCode ?? '' })}
      open={complaint !== null}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('errandRoster.complaint.answerOk')}
      okButtonProps={{ 'data-testid': 'errand-complaint-answer-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={600}
      destroyOnHidden
    >
      {complaint ? (
        <Descriptions
          size="small"
          column={1}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'who',
              label: t('errandRoster.complaint.col.who'),
              children: (
                <span>
                  {complaint.name} ·{' '}
                  {complaint.mobile.includes('*') ? (
                    <span className="nj-hs-mono">{complaint.mobile}</span>
                  ) : (
                    <a href={`tel:${complaint.mobile}`} className="nj-hs-mono">
                      <PhoneOutlined /> {complaint.mobile}
                    </a>
                  )}
                </span>
              ),
            },
            {
              key: 'when',
              label: t('errandRoster.complaint.col.time'),
              children: formatDateTime(complaint.createdAt, i18n.language),
            },
            {
              key: 'content',
              label: t('errandRoster.complaint.col.content'),
              children: <span style={{ whiteSpace: 'pre-wrap' }}>{complaint.content}</span>,
            },
          ]}
        />
      ) : null}
      <Form name="errandComplaintAnswer" form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="outcome"
          label={t('errandRoster.complaint.outcome')}
          rules={[{ required: true, message: t('errandRoster.complaint.outcomeRequired') }]}
        >
          <Radio.Group
            options={complaintOutcomes.map((o) => ({
              value: o,
              label: (
                <span data-testid={`errand-complaint-outcome-${o}`}>{label('complaintOutcome', o)}</span>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="answer"
          label={t('errandRoster.complaint.answer')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('msg.required', { field: t('errandRoster.complaint.answer') }),
            },
            { min: 2, max: 500 },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={500}
            showCount
            placeholder={t('errandRoster.complaint.answerPlaceholder')}
            data-testid="errand-complaint-answer"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface LodgeValues {
  errandId?: number;
  name?: string;
  mobile?: string;
  content?: string;
}

/** A picker over the errands of the caller's subtree, searched by code, caller, recipient or items. */
function ErrandPicker({
  value,
  onChange,
  known,
}: {
  value?: number | undefined;
  onChange?: (v: number | undefined) => void;
  known?: { id: number; code: string } | undefined;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['errands', 'picker', q],
    queryFn: () => api.get<Page<TErrandListItem>>(ERRANDS_API, { q: q || undefined, pageSize: 10 }),
    staleTime: 30_000,
  });
  const options = (results.data?.items ?? []).map((e) => ({
    value: e.id,
    label: `${e.code} · ${e.recipientName} · ${e.items}`,
  }));
  if (value !== undefined && known && known.id === value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: known.code });
  }
  return (
    <Select<number>
      value={value}
      onChange={(v) => {
        setText('');
        onChange?.(v ?? undefined);
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={results.isFetching}
      notFoundContent={results.isFetching ? <Spin size="small" /> : t('errandRoster.complaint.noErrand')}
      placeholder={t('errandRoster.complaint.errandPlaceholder')}
      allowClear
      data-testid="errand-complaint-errand"
    />
  );
}

/** 登记投诉: a complaint taken on the complaint line, against one errand. */
export function LodgeModal(props: Parameters<typeof LodgeModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <LodgeModalDialog key={useOpenings(props.open)} {...props} />;
}

function LodgeModalDialog({
  open,
  errand,
  onClose,
}: {
  open: boolean;
  /** Preselected errand (`?errandId=` from the errand's page). */
  errand?: { id: number; code: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<LodgeValues>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: LodgeValues) => {
    setSaving(true);
    try {
      await api.post<TComplaint>(COMPLAINTS_API, {
        errandId: v.errandId,
        name: v.name?.trim(),
        mobile: v.mobile?.trim(),
        content: v.content?.trim(),
      });
      message.success(t('errandRoster.complaint.lodged'));
      await client.invalidateQueries({ queryKey: complaintsKey });
      await client.invalidateQueries({ queryKey: ['errands'] });
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('errandRoster.complaint.lodgeTitle')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('errandRoster.complaint.lodgeOk')}
      okButtonProps={{ 'data-testid': 'errand-complaint-lodge-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={600}
      destroyOnHidden
    >
      <Alert
        type="info"
        showIcon
        title={t('errandRoster.complaint.lodgeHint')}
        style={{ marginBottom: 16 }}
      />
      <Form<LodgeValues>
        name="errandComplaintLodge"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ errandId: errand?.id }}
      >
        <Form.Item
          name="errandId"
          label={t('errandRoster.complaint.errand')}
          rules={[{ required: true, message: t('errandRoster.complaint.errandRequired') }]}
        >
          <ErrandPicker known={errand} />
        </Form.Item>
        <div className="nj-er-pair">
          <Form.Item
            name="name"
            label={t('errandRoster.complaint.name')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('msg.required', { field: t('errandRoster.complaint.name') }),
              },
              { max: 20 },
            ]}
          >
            <Input maxLength={20} data-testid="errand-complaint-name" />
          </Form.Item>
          <Form.Item
            name="mobile"
            label={t('errandRoster.complaint.mobile')}
            rules={[
              { required: true, message: t('msg.required', { field: t('errandRoster.complaint.mobile') }) },
              { pattern: phonePattern, message: t('errandWork.complaint.mobileInvalid') },
            ]}
          >
            <Input maxLength={13} inputMode="tel" data-testid="errand-complaint-mobile" />
          </Form.Item>
        </div>
        <Form.Item
          name="content"
          label={t('errandRoster.complaint.content')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('msg.required', { field: t('errandRoster.complaint.content') }),
            },
            { min: 5, message: t('errandRoster.complaint.contentMin') },
            { max: 500 },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={500}
            showCount
            placeholder={t('errandRoster.complaint.contentPlaceholder')}
            data-testid="errand-complaint-content"
          />
        </Form.Item>
        <Typography.Text type="secondary">{t('errandRoster.complaint.mobileHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}
