import { useQuery } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgType, TOrg } from '../../../../shared/orgs.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { useDebounced } from './OrgSearch.tsx';
import { childTypes, isPartner, orgKeys, orgsApi, suggestedChildType } from './orgsApi.ts';

interface OrgFormValues {
  type: OrgType;
  name: string;
  regionCode: string;
}

interface FormModalProps {
  mode: 'create' | 'edit';
  /** The parent when creating, the org itself when editing. */
  org: TOrg;
  onClose: () => void;
  onDone: (org: TOrg) => void | Promise<void>;
}

/** 新建下级组织 and 编辑: type (create only), name and region code. */
export function OrgFormModal({ mode, org, onClose, onDone }: FormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgFormValues>();
  const [saving, setSaving] = useState(false);
  const initial: OrgFormValues =
    mode === 'create'
      ? { type: suggestedChildType(org.type), name: '', regionCode: '' }
      : { type: org.type, name: org.name, regionCode: org.regionCode ?? '' };

  const submit = async (values: OrgFormValues) => {
    setSaving(true);
    try {
      const body = { name: values.name.trim(), regionCode: values.regionCode.trim() || null };
      const saved =
        mode === 'create'
          ? await orgsApi.create({ parentId: org.id, type: values.type, ...body })
          : await orgsApi.update(org.id, body);
      message.success(t(mode === 'create' ? 'orgs.created' : 'orgs.updated', { name: saved.name }));
      await onDone(saved);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={
        mode === 'create'
          ? t('orgs.createTitle', { parent: org.name })
          : t('orgs.editTitle', { name: org.name })
      }
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      styles={{ title: { paddingInlineEnd: 28 } }}
    >
      <Form<OrgFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
      >
        {mode === 'create' && (
          <Form.Item
            name="type"
            label={t('orgs.field.type')}
            rules={[{ required: true, message: t('orgs.typeRequired') }]}
          >
            <Select
              options={childTypes.map((type) => ({ value: type, label: t(`orgs.type.${type}`) }))}
              aria-label={t('orgs.field.type')}
            />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('orgs.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('msg.required', { field: t('orgs.field.name') }) },
            { min: 2, max: 60, message: t('orgs.nameRule') },
          ]}
        >
          <Input maxLength={60} showCount data-autofocus />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('orgs.field.regionCode')}
          extra={t('orgs.regionHint')}
          rules={[{ pattern: /^\d{6}$/, message: t('orgs.regionInvalid') }]}
        >
          <Input maxLength={6} inputMode="numeric" style={{ maxWidth: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface MoveModalProps {
  org: TOrg;
  /** Name of the current parent, when known. */
  parentName: string | undefined;
  onClose: () => void;
  onDone: (org: TOrg, parent: TOrg) => void | Promise<void>;
}

/** 调整上级: pick a new parent within the caller's subtree (not the org itself or below it). */
export function MoveOrgModal({ org, parentName, onClose, onDone }: MoveModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parentId: number | undefined }>();
  const [saving, setSaving] = useState(false);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<TOrg | null>(null);
  const q = useDebounced(text.trim());
  const candidates = useQuery({
    queryKey: orgKeys.search(q, 'move'),
    queryFn: () => orgsApi.search(q, 50, 'active'),
  });
  const own = (o: TOrg) => o.id === org.id || o.path.startsWith(`${org.path}.`);
  const found = (candidates.data?.items ?? []).filter((o) => !own(o) && !isPartner(o.type));
  // Keep the chosen org among the options when a later search no longer lists it.
  const list = picked && !found.some((o) => o.id === picked.id) ? [picked, ...found] : found;
  const options = list.map((o) => ({
    value: o.id,
    org: o,
    disabled: o.id === org.parentId,
    label: (
      <span className="nj-org-option">
        <span className="nj-org-name">{o.name}</span>
        <Typography.Text type="secondary" className="nj-org-type">
          {o.id === org.parentId ? t('orgs.currentParent') : t(`orgs.type.${o.type}`)}
        </Typography.Text>
      </span>
    ),
  }));

  const submit = async (parentId: number) => {
    const parent = list.find((o) => o.id === parentId);
    setSaving(true);
    try {
      const moved = await orgsApi.move(org.id, parentId);
      message.success(t('orgs.moved', { name: moved.name, parent: parent?.name ?? '' }));
      if (parent) await onDone(moved, parent);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('orgs.moveTitle', { name: org.name })}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      styles={{ title: { paddingInlineEnd: 28 } }}
    >
      <Typography.Paragraph type="secondary">{t('orgs.moveHint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ parentId: undefined }}
        onFinish={(v) => {
          if (v.parentId !== undefined) void submit(v.parentId);
        }}
      >
        <Form.Item label={t('orgs.currentParent')}>
          <Typography.Text>{parentName ?? '—'}</Typography.Text>
        </Form.Item>
        <Form.Item
          name="parentId"
          label={t('orgs.field.newParent')}
          rules={[{ required: true, message: t('orgs.parentRequired') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setText }}
            onChange={(id: number) => setPicked(list.find((o) => o.id === id) ?? null)}
            placeholder={t('orgs.movePlaceholder')}
            aria-label={t('orgs.field.newParent')}
            loading={candidates.isFetching}
            notFoundContent={candidates.isFetching ? t('msg.loading') : t('msg.empty')}
            options={options}
            data-testid="org-move-parent"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
