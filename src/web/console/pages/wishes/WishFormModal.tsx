import { CameraOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import type { TArchiveListItem } from '../../../../shared/hardship.ts';
import type { TWishInput } from '../../../../shared/wishes.ts';
import { api, request, withQuery } from '../../../shared/api.ts';
import { errorMessage, numberRange, showFieldErrors, useOpenings } from '../../forms.ts';
import {
  API,
  fenText,
  type Page,
  type TWish,
  type TWishSettings,
  toFen,
  useWishLabels,
  wishCategories,
  wishesKey,
  wishKey,
} from './model.ts';

interface Values {
  archiveId?: number;
  title?: string;
  category?: TWishInput['category'];
  value?: number;
  story?: string;
}

/** A searchable picker over the filed (在档) hardship archives of the caller's subtree. */
export function ArchiveSelect({
  value,
  onChange,
  onPicked,
  known,
}: {
  value?: number | undefined;
  onChange?: (v: number | undefined) => void;
  onPicked: (a: TArchiveListItem | null) => void;
  known?: TArchiveListItem | null;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: ['hardship', 'filed-options', q],
    queryFn: () =>
      api.get<Page<TArchiveListItem>>('/api/v1/hardship/archives', {
        state: 'filed',
        q: q || undefined,
        pageSize: 20,
      }),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const items = results.data?.items ?? [];
  const all = known && !items.some((a) => a.id === known.id) ? [known, ...items] : items;
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      placeholder={t('wishes.post.archivePlaceholder')}
      notFoundContent={results.isFetching ? <Spin size="small" /> : t('wishes.post.archiveNone')}
      onChange={(v) => {
        onChange?.(v);
        onPicked(all.find((a) => a.id === v) ?? null);
      }}
      options={all.map((a) => ({
        value: a.id,
        label: `${a.name} · ${a.idCard} · ${a.org.name}`,
      }))}
      data-testid="wish-post-archive"
    />
  );
}

/**
 * 代为发布 (a cadre posts a wish for a worker on file) or 修改 (edit a pending / returned wish). The
 * photo is uploaded to the wish once it exists (the files API hangs files on a record), then set.
 */
export function WishFormModal(props: Parameters<typeof WishFormModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <WishFormModalDialog key={useOpenings(props.open)} {...props} />;
}

function WishFormModalDialog({
  open,
  onClose,
  onSaved,
  wish,
  archive,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (w: TWish) => void;
  /** Editing this wish; posting a new one when absent. */
  wish?: TWish | undefined;
  /** Preselected archive (代为发布 from the archive page). */
  archive?: TArchiveListItem | null | undefined;
}) {
  const { t } = useTranslation();
  const label = useWishLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [picked, setPicked] = useState<TArchiveListItem | null>(archive ?? null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setPicked(archive ?? null);
    setPhoto(null);
  }, [open, archive]);

  // The value cap of the worker's union (the server checks it again).
  const orgId = wish?.org.id ?? picked?.org.id;
  const settings = useQuery({
    queryKey: [...wishesKey, 'settings', orgId],
    queryFn: () => api.get<TWishSettings>(`${API}/settings`, { orgId }),
    enabled: open && orgId !== undefined,
    staleTime: 60_000,
  });
  const capFen = settings.data?.valueCapFen;

  const submit = async (v: Values) => {
    const body: TWishInput = {
      title: v.title?.trim() ?? '',
      story: v.story?.trim() ?? '',
      category: v.category ?? 'other',
      valueFen: toFen(v.value),
    };
    setSaving(true);
    try {
      let saved = wish
        ? await request<TWish>('PUT', `${API}/${wish.id}`, body)
        : await api.post<TWish>(`${API}/on-behalf`, { ...body, archiveId: v.archiveId });
      if (photo) {
        try {
          const data = new FormData();
          data.append('file', photo);
          const file = await api.upload<TFile>(
            withQuery('/api/v1/files', { entityType: 'wishes.wish', entityId: String(saved.id) }),
            data,
          );
          saved = await request<TWish>('PUT', `${API}/${saved.id}`, { ...body, photoFileId: file.id });
        } catch (e) {
          message.warning(t('wishes.post.photoFailed', { msg: errorMessage(e) }));
        }
      }
      client.setQueryData(wishKey(saved.id), saved);
      await client.invalidateQueries({ queryKey: wishesKey });
      message.success(wish ? t('msg.saved') : t('wishes.post.done'));
      onSaved(saved);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={wish ? `${t('wishes.action.edit')} · ${wish.title}` : t('wishes.post.title')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('wishes.post.submit')}
      okButtonProps={{ 'data-testid': 'wish-post-submit' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={600}
      destroyOnHidden
    >
      {wish ? null : <Typography.Paragraph type="secondary">{t('wishes.post.intro')}</Typography.Paragraph>}
      <Form<Values>
        name="wishForm"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          wish
            ? {
                title: wish.title,
                category: wish.category,
                value: wish.valueFen / 100,
                story: wish.story,
              }
            : { archiveId: archive?.id }
        }
      >
        {wish ? null : (
          <Form.Item
            name="archiveId"
            label={t('wishes.post.archive')}
            rules={[{ required: true, message: t('msg.required', { field: t('wishes.post.archive') }) }]}
          >
            <ArchiveSelect onPicked={setPicked} known={archive ?? null} />
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('wishes.post.wishTitle')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('msg.required', { field: t('wishes.post.wishTitle') }),
            },
            { min: 2, max: 40 },
          ]}
        >
          <Input maxLength={40} showCount placeholder={t('wishes.post.titlePlaceholder')} />
        </Form.Item>
        <Space size={16} wrap style={{ width: '100%' }} align="start">
          <Form.Item
            name="category"
            label={t('wishes.post.category')}
            rules={[{ required: true, message: t('msg.required', { field: t('wishes.post.category') }) }]}
          >
            <Select
              style={{ width: 180 }}
              options={wishCategories.map((c) => ({ value: c, label: label('category', c) }))}
            />
          </Form.Item>
          <Form.Item
            name="value"
            label={t('wishes.post.value')}
            dependencies={['archiveId']}
            extra={capFen !== undefined ? t('wishes.post.cap', { cap: fenText(capFen) }) : undefined}
            rules={[
              { required: true, message: t('msg.required', { field: t('wishes.post.value') }) },
              {
                validator: async (_, v: number | undefined) => {
                  if (v !== undefined && capFen !== undefined && toFen(v) > capFen)
                    throw new Error(t('wishes.post.overCap', { cap: fenText(capFen) }));
                },
              },
              numberRange(t, t('wishes.post.value'), 1, 100_000),
            ]}
          >
            <InputNumber
              // Not clamped to the range or the cap: a typed value stays visible with the reason.
              precision={2}
              style={{ width: 180 }}
              prefix="¥"
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="story"
          label={t('wishes.post.story')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('msg.required', { field: t('wishes.post.story') }),
            },
            { min: 10, max: 1000 },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={1000}
            showCount
            placeholder={t('wishes.post.storyPlaceholder')}
          />
        </Form.Item>
        <Form.Item label={t('wishes.post.photo')} extra={t('wishes.post.photoHint')}>
          <Upload
            accept="image/jpeg,image/png,image/webp"
            maxCount={1}
            beforeUpload={(file) => {
              setPhoto(file);
              return false;
            }}
            onRemove={() => setPhoto(null)}
            fileList={photo ? [{ uid: 'photo', name: photo.name, status: 'done' }] : []}
          >
            <Button icon={<CameraOutlined />}>{t('wishes.action.addPhoto')}</Button>
          </Upload>
        </Form.Item>
        {settings.isError ? <Alert type="warning" showIcon title={errorMessage(settings.error)} /> : null}
      </Form>
    </Modal>
  );
}
