import { useQueryClient } from '@tanstack/react-query';
import { App, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUpdateArchiveInput } from '../../../../shared/hardship.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { archiveKey, hardshipKey, type TArchive } from './model.ts';

/**
 * Edit one section of an archive: `PATCH /archives/:id` with the section replaced as a whole.
 * Field names follow the contract (`income.annualIncomeFen`…) so server errors land next to them.
 */
interface SectionModalProps<V extends object> {
  archive: TArchive;
  open: boolean;
  title: string;
  initialValues: V;
  toBody: (values: V) => TUpdateArchiveInput;
  onClose: () => void;
  width?: number;
  children: (form: FormInstance<V>) => ReactNode;
}

export function SectionModal<V extends object>(props: SectionModalProps<V>) {
  // A new form each time it opens (see useOpenings): a section edited twice shows what was saved.
  return <SectionDialog<V> key={useOpenings(props.open)} {...props} />;
}

function SectionDialog<V extends object>({
  archive,
  open,
  title,
  initialValues,
  toBody,
  onClose,
  width,
  children,
}: SectionModalProps<V>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();

  const submit = async (v: V) => {
    setSaving(true);
    try {
      const next = await api.patch<TArchive>(`/api/v1/hardship/archives/${archive.id}`, toBody(v));
      client.setQueryData(archiveKey(archive.id), next);
      await client.invalidateQueries({ queryKey: hardshipKey });
      message.success(t('hardship.detail.saved', { section: title }));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('hardship.detail.editTitle', { section: title })}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={width ?? 720}
      destroyOnHidden
    >
      <Form<V>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={initialValues}
        scrollToFirstError
      >
        {children(form)}
      </Form>
    </Modal>
  );
}
