import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { phonePattern } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import {
  ERRANDS,
  errandKey,
  errandsKey,
  isOpenState,
  type Page,
  type TErrand,
  type TErrandListItem,
  useErrandLabels,
} from './work.model.ts';

export type Step = 'cancel' | 'merge' | 'complaint';

/**
 * The errand page's dialogs: 取消 (reason), 合并 (choose the open errand it repeats), 登记投诉.
 * Selectors: errand-step-modal, errand-step-reason (cancel), errand-merge-target (target select),
 * errand-step-note, errand-complaint-name, errand-complaint-mobile, errand-complaint-content, errand-step-ok.
 */
export function StepModal(props: Parameters<typeof StepModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <StepModalDialog key={useOpenings(props.step !== null)} {...props} />;
}

function StepModalDialog({
  errand: e,
  step,
  onClose,
}: {
  errand: TErrand;
  step: Step | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useErrandLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string | number | undefined>>();
  const [saving, setSaving] = useState(false);
  const [q, setQ] = useState('');

  const targets = useQuery({
    queryKey: [...errandsKey, 'merge-targets', e.org.id, q],
    queryFn: () =>
      api.get<Page<TErrandListItem>>(ERRANDS, { orgId: e.org.id, q: q.trim() || undefined, pageSize: 30 }),
    enabled: step === 'merge',
    staleTime: 10_000,
  });
  const targetOptions = (targets.data?.items ?? [])
    .filter((x) => x.id !== e.id && isOpenState(x.state))
    .map((x) => ({
      value: x.id,
      label: `${x.code} · ${x.recipientName} · ${x.recipientAddress}`,
      title: `${label('state', x.state)} · ${formatDateTime(x.calledAt, i18n.language)} · ${x.items}`,
    }));

  const submit = async (v: Record<string, string | number | undefined>) => {
    if (!step) return;
    const text = (k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : undefined);
    setSaving(true);
    try {
      if (step === 'cancel') {
        const next = await api.post<TErrand>(`${ERRANDS}/${e.id}/cancel`, { reason: text('reason') });
        client.setQueryData(errandKey(e.id), next);
        message.success(t('errandWork.action.cancelled'));
      } else if (step === 'merge') {
        const next = await api.post<TErrand>(`${ERRANDS}/${e.id}/merge`, {
          intoId: v.intoId,
          note: text('note') || null,
        });
        client.setQueryData(errandKey(e.id), next);
        message.success(t('errandWork.action.merged', { code: next.mergedInto?.code ?? '' }));
      } else {
        await api.post(`${ERRANDS}/complaints`, {
          errandId: e.id,
          name: text('name'),
          mobile: text('mobile'),
          content: text('content'),
        });
        message.success(t('errandWork.complaint.saved'));
      }
      onClose();
    } catch (err) {
      if (!showFieldErrors(form, err)) message.error(errorMessage(err));
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: errandsKey });
    }
  };

  const title =
    step === 'cancel'
      ? t('errandWork.action.cancelTitle', { code: e.code })
      : step === 'merge'
        ? t('errandWork.action.mergeTitle', { code: e.code })
        : t('errandWork.complaint.addTitle', { code: e.code });
  const okText =
    step === 'cancel'
      ? t('errandWork.action.cancel')
      : step === 'merge'
        ? t('errandWork.action.merge')
        : t('errandWork.complaint.add');
  const callerMobile = phonePattern.test(e.caller.mobile) ? e.caller.mobile : undefined;

  return (
    <Modal
      open={step !== null}
      title={title}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={okText}
      okButtonProps={{ danger: step === 'cancel', 'data-testid': 'errand-step-ok' }}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="errand-step-modal"
    >
      <Form
        form={form}
        layout="vertical"
        name="errandStep"
        onFinish={submit}
        preserve={false}
        initialValues={step === 'complaint' ? { name: e.caller.name, mobile: callerMobile } : {}}
      >
        {step === 'cancel' ? (
          <Form.Item
            name="reason"
            label={t('errandWork.action.cancelReason')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('msg.required', { field: t('errandWork.action.cancelReason') }),
              },
              { min: 2, message: t('errandWork.action.reasonMin') },
              { max: 200, message: t('errandWork.form.max', { max: 200 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount data-testid="errand-step-reason" />
          </Form.Item>
        ) : step === 'merge' ? (
          <>
            <Alert
              type="info"
              showIcon
              title={t('errandWork.action.mergeHint')}
              style={{ marginBottom: 12 }}
            />
            <Form.Item
              name="intoId"
              label={t('errandWork.action.mergeTarget')}
              rules={[{ required: true, message: t('errandWork.action.mergeTargetRequired') }]}
            >
              <Select<number>
                showSearch={{ filterOption: false, onSearch: setQ }}
                options={targetOptions}
                loading={targets.isFetching}
                placeholder={t('errandWork.action.mergeTargetPlaceholder')}
                data-testid="errand-merge-target"
                aria-label={t('errandWork.action.mergeTarget')}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('errandWork.action.mergeNote')}
              rules={[{ max: 200, message: t('errandWork.form.max', { max: 200 }) }]}
            >
              <Input maxLength={200} data-testid="errand-step-note" />
            </Form.Item>
          </>
        ) : step === 'complaint' ? (
          <>
            <Typography.Paragraph type="secondary" className="nj-hs-mono">
              {e.code} · {e.recipient.name} · {e.items}
            </Typography.Paragraph>
            <Form.Item
              name="name"
              label={t('errandWork.complaint.name')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('msg.required', { field: t('errandWork.complaint.name') }),
                },
                { max: 20, message: t('errandWork.form.max', { max: 20 }) },
              ]}
            >
              <Input maxLength={20} data-testid="errand-complaint-name" />
            </Form.Item>
            <Form.Item
              name="mobile"
              label={t('errandWork.complaint.mobile')}
              rules={[
                { required: true, message: t('msg.required', { field: t('errandWork.complaint.mobile') }) },
                { pattern: phonePattern, message: t('errandWork.complaint.mobileInvalid') },
              ]}
            >
              <Input maxLength={13} inputMode="tel" data-testid="errand-complaint-mobile" />
            </Form.Item>
            <Form.Item
              name="content"
              label={t('errandWork.complaint.content')}
              rules={[
                { required: true, whitespace: true, message: t('errandWork.complaint.contentMin') },
                { min: 5, message: t('errandWork.complaint.contentMin') },
                { max: 500, message: t('errandWork.form.max', { max: 500 }) },
              ]}
            >
              <Input.TextArea rows={4} maxLength={500} showCount data-testid="errand-complaint-content" />
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
