import { CameraOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Image,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import type { TOrg } from '../../../../shared/orgs.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { beijingWall, fromBeijingWall } from '../../beijingClock.ts';
import { errorMessage, numberRange, showFieldErrors, useOpenings } from '../../forms.ts';
import {
  ITEMS_API,
  type ItemCategory,
  itemCategories,
  itemsKey,
  type Page,
  type TItem,
  type TItemInput,
  toFen,
  useSupplyLabels,
} from './catalogue-model.ts';

interface Values {
  name?: string;
  category?: ItemCategory;
  unit?: string;
  spec?: string;
  unitValue?: number;
  perRequestLimit?: number | null;
  window?: [Dayjs | null, Dayjs | null] | null;
  supplierOrgId?: number | null;
  note?: string;
  initialStock?: number | null;
}

/** The supplier and donor partner orgs of the caller's subtree, for the item's 供应单位. */
export function useSupplierOrgs(enabled: boolean) {
  return useQuery({
    queryKey: ['orgs', 'supply-partners'],
    queryFn: async () => {
      const [suppliers, donors] = await Promise.all(
        (['supplier', 'donor'] as const).map((type) =>
          api.get<Page<TOrg>>('/api/v1/orgs', { type, state: 'active', pageSize: 500 }),
        ),
      );
      return [...(suppliers?.items ?? []), ...(donors?.items ?? [])];
    },
    enabled,
    staleTime: 60_000,
  });
}

/**
 * 上架新物资 / 编辑: the item's fields as `ZItemInput`. The photo hangs on the item in the files API
 * (owner `supplies.item`), so for a new item it is uploaded once the item exists and then set; a new
 * item can be given its first 入库 quantity at once.
 */
interface ItemFormProps {
  open: boolean;
  /** Editing this item; a new one when absent. */
  item?: TItem | null | undefined;
  /** The caller is a supplier / donor partner: the item is its own (no 供应单位 to pick). */
  partner: boolean;
  onClose: () => void;
  onSaved?: (item: TItem) => void;
}

/** 上架新物资 / 编辑物资; a new form each time it opens (see useOpenings). */
export function ItemFormModal(props: ItemFormProps) {
  return <ItemFormDialog key={useOpenings(props.open)} {...props} />;
}

function ItemFormDialog({ open, item, partner, onClose, onSaved }: ItemFormProps) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [photo, setPhoto] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const suppliers = useSupplierOrgs(open && !partner);

  useEffect(() => {
    if (!open) return;
    setPhoto(null);
    setPreview(null);
  }, [open]);
  useEffect(() => {
    if (!photo) return;
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);

  const bodyOf = (v: Values, photoFileId?: string | null): TItemInput => {
    const [from, until] = v.window ?? [null, null];
    return {
      name: v.name?.trim() ?? '',
      category: v.category ?? 'other',
      unit: v.unit?.trim() ?? '',
      spec: v.spec?.trim() || null,
      unitValueFen: toFen(v.unitValue),
      perRequestLimit: v.perRequestLimit ?? null,
      // Beijing days whatever the PC's zone (beijingClock.ts): from 00:00 to 23:59:59 China time.
      activeFrom: from ? fromBeijingWall(from.startOf('day')) : null,
      activeUntil: until ? fromBeijingWall(until.endOf('day')) : null,
      ...(partner ? {} : { supplierOrgId: v.supplierOrgId ?? null }),
      note: v.note?.trim() || null,
      ...(photoFileId !== undefined ? { photoFileId } : {}),
    };
  };

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const upload = async (id: number) => {
        const data = new FormData();
        data.append('file', photo as File);
        const file = await api.upload<TFile>(
          withQuery('/api/v1/files', { entityType: 'supplies.item', entityId: String(id) }),
          data,
        );
        return file.id;
      };
      let saved: TItem;
      if (item) {
        let photoFileId: string | undefined;
        if (photo) {
          try {
            photoFileId = await upload(item.id);
          } catch (e) {
            message.warning(t('supplyLogistics.item.photoFailed', { msg: errorMessage(e) }));
          }
        }
        saved = await api.patch<TItem>(`${ITEMS_API}/${item.id}`, bodyOf(v, photoFileId));
      } else {
        saved = await api.post<TItem>(ITEMS_API, bodyOf(v));
        if (photo) {
          try {
            const photoFileId = await upload(saved.id);
            saved = await api.patch<TItem>(`${ITEMS_API}/${saved.id}`, { photoFileId });
          } catch (e) {
            message.warning(t('supplyLogistics.item.photoFailed', { msg: errorMessage(e) }));
          }
        }
      }
      if (!item && v.initialStock) {
        try {
          saved = await api.post<TItem>(`${ITEMS_API}/${saved.id}/receive`, {
            quantity: v.initialStock,
            note: t('supplyLogistics.item.initialNote'),
          });
        } catch (e) {
          message.warning(t('supplyLogistics.item.stockFailed', { msg: errorMessage(e) }));
        }
      }
      await client.invalidateQueries({ queryKey: itemsKey });
      message.success(item ? t('msg.saved') : t('supplyLogistics.item.created', { name: saved.name }));
      onSaved?.(saved);
      onClose();
    } catch (e) {
      const onWindow = { activeFrom: 'window', activeUntil: 'window' };
      if (!showFieldErrors(form, e, onWindow)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });
  const currentPhoto = preview ?? item?.photoUrl ?? null;

  return (
    <Modal
      title={item ? `${t('supplyLogistics.item.edit')} · ${item.name}` : t('supplyLogistics.item.new')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={item ? t('action.save') : t('supplyLogistics.item.submit')}
      okButtonProps={{ 'data-testid': 'item-form-submit' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={720}
      destroyOnHidden
    >
      <Form<Values>
        name="supplyItemForm"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          item
            ? {
                name: item.name,
                category: item.category,
                unit: item.unit,
                spec: item.spec ?? undefined,
                unitValue: item.unitValueFen / 100,
                perRequestLimit: item.perRequestLimit,
                window:
                  item.activeFrom || item.activeUntil
                    ? [
                        item.activeFrom ? beijingWall(item.activeFrom) : null,
                        item.activeUntil ? beijingWall(item.activeUntil) : null,
                      ]
                    : null,
                supplierOrgId: item.supplier?.id ?? null,
                note: item.note ?? undefined,
              }
            : { category: 'food' }
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('supplyLogistics.item.name')}
              rules={[required(t('supplyLogistics.item.name')), { max: 60 }]}
            >
              <Input maxLength={60} placeholder={t('supplyLogistics.item.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="category"
              label={t('supplyLogistics.item.category')}
              rules={[
                { required: true, message: t('msg.required', { field: t('supplyLogistics.item.category') }) },
              ]}
            >
              <Select
                options={itemCategories.map((c) => ({ value: c, label: label('category', c) }))}
                data-testid="item-form-category"
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item
              name="unit"
              label={t('supplyLogistics.item.unit')}
              rules={[required(t('supplyLogistics.item.unit')), { max: 8 }]}
            >
              <Input maxLength={8} placeholder={t('supplyLogistics.item.unitPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="unitValue"
              label={t('supplyLogistics.item.unitValue')}
              rules={[
                {
                  required: true,
                  message: t('msg.required', { field: t('supplyLogistics.item.unitValue') }),
                },
                numberRange(t, t('supplyLogistics.item.unitValue'), 0, 20_000_000),
              ]}
            >
              <InputNumber precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="spec" label={t('supplyLogistics.item.spec')} rules={[{ max: 100 }]}>
              <Input maxLength={100} placeholder={t('supplyLogistics.item.specPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="perRequestLimit"
              label={t('supplyLogistics.item.limit')}
              extra={t('supplyLogistics.item.limitHint')}
              rules={[numberRange(t, t('supplyLogistics.item.limit'), 1, 1_000_000)]}
            >
              <InputNumber precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="window"
              label={t('supplyLogistics.item.window')}
              extra={t('supplyLogistics.item.windowHint')}
            >
              <DatePicker.RangePicker
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
                placeholder={[t('supplyLogistics.item.from'), t('supplyLogistics.item.until')]}
              />
            </Form.Item>
          </Col>
          {partner ? null : (
            <Col xs={24} sm={14}>
              <Form.Item
                name="supplierOrgId"
                label={t('supplyLogistics.item.supplier')}
                extra={t('supplyLogistics.item.supplierHint')}
              >
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={suppliers.isFetching}
                  placeholder={t('supplyLogistics.item.supplierPlaceholder')}
                  options={(suppliers.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
                  data-testid="item-form-supplier"
                />
              </Form.Item>
            </Col>
          )}
          {item ? null : (
            <Col xs={24} sm={10}>
              <Form.Item
                name="initialStock"
                label={t('supplyLogistics.item.initialStock')}
                extra={t('supplyLogistics.item.initialStockHint')}
                rules={[numberRange(t, t('supplyLogistics.item.initialStock'), 1, 1_000_000)]}
              >
                <InputNumber precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="note" label={t('supplyLogistics.item.note')} rules={[{ max: 300 }]}>
              <Input.TextArea rows={2} maxLength={300} showCount />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('supplyLogistics.item.photo')} extra={t('supplyLogistics.item.photoHint')}>
          <Space align="start" wrap>
            {currentPhoto ? (
              <Image
                src={currentPhoto}
                width={96}
                height={96}
                style={{ objectFit: 'cover', borderRadius: 6 }}
                alt={t('supplyLogistics.item.photo')}
              />
            ) : null}
            <Upload
              accept=".jpg,.jpeg,.png,.webp"
              showUploadList={false}
              maxCount={1}
              beforeUpload={(file) => {
                setPhoto(file);
                return false;
              }}
            >
              <Button icon={<CameraOutlined />} data-testid="item-form-photo">
                {currentPhoto ? t('supplyLogistics.item.photoChange') : t('supplyLogistics.item.photoPick')}
              </Button>
            </Upload>
            {photo ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {photo.name}
              </Typography.Text>
            ) : null}
          </Space>
        </Form.Item>
      </Form>
    </Modal>
  );
}
