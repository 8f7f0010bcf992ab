/**
 * 帮扶救助 on the console: an archive's assistance records with their totals (per archive and per
 * year), the form that records one, and the 送温暖 bulk entry (one assistance to many filed archives,
 * all or nothing). Rules live on the server (`assistance.service.ts`); the form checks the same ones
 * first to save a round trip.
 */
import { GiftOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AssistanceType,
  assistanceTypeLabels,
  assistanceTypes,
  type TAssistance,
  type TAssistanceList,
} from '../../../../shared/hardship.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { UnionTreePicker } from '../../components/UnionTreePicker.tsx';
import { errorMessage, numberRange, showFieldErrors } from '../../forms.ts';
import { useSession } from '../../session.tsx';
import { assistanceTypeLabelsEn } from '../hardship-stats.i18n.ts';
import { chooseRule, requiredRule } from './fields.tsx';
import { archiveKey, fenText, hardshipKey, type TArchive, todayCst, toFen } from './model.ts';

const assistanceKey = (archiveId: number) => [...archiveKey(archiveId), 'assistance'] as const;

/** 生活救助 / Living allowance, by the console's language. */
export function useAssistanceTypeLabel() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  return (type: AssistanceType) => (english ? assistanceTypeLabelsEn[type] : assistanceTypeLabels[type]);
}

interface AssistanceValues {
  type?: AssistanceType;
  /** Yuan as typed; sent in fen. Named as the API field so the server's message lands on it. */
  amountFen?: number | null;
  items?: string;
  date?: Dayjs;
  note?: string;
}

/**
 * The form of one assistance, for one archive (`archiveIds` of one) or a 送温暖 batch. The giving union
 * is the cadre's own unless they pick one below it.
 */
export function AssistanceModal({
  open,
  archiveIds,
  title,
  onClose,
  onDone,
}: {
  open: boolean;
  archiveIds: number[];
  title: string;
  onClose: () => void;
  onDone: (count: number) => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const typeLabel = useAssistanceTypeLabel();
  const [form] = Form.useForm<AssistanceValues>();
  const [saving, setSaving] = useState(false);
  const [giving, setGiving] = useState<{ id: number; name: string } | undefined>(undefined);
  const { message } = App.useApp();
  const own = me.active?.org;
  const bulk = archiveIds.length > 1;

  const submit = async (v: AssistanceValues) => {
    setSaving(true);
    const body = {
      type: v.type,
      amountFen: v.amountFen == null ? null : toFen(v.amountFen),
      items: v.items?.trim() || null,
      date: v.date?.format('YYYY-MM-DD'),
      givingOrgId: giving && giving.id !== own?.id ? giving.id : undefined,
      note: v.note?.trim() || null,
    };
    try {
      if (bulk) {
        const r = await api.post<{ count: number }>('/api/v1/hardship/assistance/bulk', {
          ...body,
          archiveIds,
        });
        onDone(r.count);
      } else {
        await api.post<TAssistance>(`/api/v1/hardship/archives/${archiveIds[0]}/assistance`, body);
        onDone(1);
      }
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={bulk ? t('hardship.assist.bulkOk', { count: archiveIds.length }) : t('action.save')}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible) setGiving(own ? { id: own.id, name: own.name } : undefined);
      }}
      okButtonProps={{ 'data-testid': 'hardship-assist-ok' } as Record<string, string>}
    >
      {bulk ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('hardship.assist.bulkHint', { count: archiveIds.length })}
        />
      ) : null}
      <Form<AssistanceValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ date: dayjs(todayCst()), type: bulk ? 'warmth' : undefined }}
        data-testid="hardship-assist-form"
      >
        <Form.Item
          name="type"
          label={t('hardship.assist.type')}
          rules={[chooseRule(t, t('hardship.assist.type'))]}
        >
          <Select
            data-testid="hardship-assist-type"
            placeholder={t('hardship.assist.typePick')}
            options={assistanceTypes.map((type) => ({ value: type, label: typeLabel(type) }))}
          />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="amountFen"
            label={t('hardship.assist.amount')}
            style={{ flex: 1, marginInlineEnd: 12 }}
            dependencies={['items']}
            rules={[
              {
                validator: async (_, v: number | null | undefined) => {
                  if (v == null && !form.getFieldValue('items')?.trim())
                    throw new Error(t('hardship.assist.cashOrItems'));
                },
              },
              // One message for a zero, negative or too large amount (the range says what is allowed).
              numberRange(t, t('hardship.assist.amount'), 0.01, 10_000_000),
            ]}
          >
            <InputNumber<number>
              style={{ width: '100%' }}
              precision={2}
              prefix="¥"
              placeholder="0.00"
              data-testid="hardship-assist-amount"
            />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('hardship.assist.date')}
            style={{ flex: 1 }}
            rules={[
              requiredRule(t, t('hardship.assist.date')),
              {
                validator: async (_, v: Dayjs | undefined) => {
                  if (v && v.format('YYYY-MM-DD') > todayCst()) throw new Error(t('hardship.assist.future'));
                },
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="items"
          label={t('hardship.assist.items')}
          rules={[{ max: 200 }]}
          dependencies={['amountFen']}
        >
          <Input placeholder={t('hardship.assist.itemsHint')} data-testid="hardship-assist-items" />
        </Form.Item>
        <Form.Item label={t('hardship.assist.givingOrg')} extra={t('hardship.assist.givingOrgHint')}>
          <UnionTreePicker
            value={giving}
            onChange={(id, name) => setGiving({ id, name })}
            label={t('hardship.assist.givingOrg')}
            testId="hardship-assist-giving"
          />
        </Form.Item>
        <Form.Item name="note" label={t('hardship.assist.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="hardship-assist-note-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The 帮扶救助 tab of an archive: totals, per year, every record, and 登记帮扶 while it is on file. */
export function AssistanceSection({ archive }: { archive: TArchive }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const typeLabel = useAssistanceTypeLabel();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: assistanceKey(archive.id),
    queryFn: () => api.get<TAssistanceList>(`/api/v1/hardship/archives/${archive.id}/assistance`),
  });
  const canAdd = can('hardship.assist') && archive.state === 'filed';

  return (
    <>
      <div className="nj-hs-section-bar">
        {canAdd ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
            data-testid="hardship-assist-add"
          >
            {t('hardship.assist.add')}
          </Button>
        ) : (
          <Typography.Text type="secondary">
            {can('hardship.assist') ? t('hardship.assist.notNow') : t('hardship.assist.viewOnly')}
          </Typography.Text>
        )}
      </div>
      {list.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('hardship.assist.loadFailed')}
          description={errorMessage(list.error)}
          action={
            <Button size="small" onClick={() => void list.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : list.isPending ? (
        <Skeleton active />
      ) : (
        <>
          <Space size={32} wrap style={{ marginBottom: 12 }} data-testid="hardship-assist-total">
            <Statistic
              title={t('hardship.assist.count')}
              value={list.data.total.count}
              suffix={t('hardship.assist.times')}
            />
            <Statistic title={t('hardship.assist.totalAmount')} value={fenText(list.data.total.amountFen)} />
            {list.data.byYear.length > 0 ? (
              <div>
                <Typography.Text type="secondary">{t('hardship.assist.byYear')}</Typography.Text>
                <div style={{ marginTop: 6 }} data-testid="hardship-assist-years">
                  {list.data.byYear.map((y) => (
                    <Tag key={y.year} color="red" style={{ marginBottom: 4 }}>
                      {t('hardship.assist.year', {
                        year: y.year,
                        count: y.count,
                        amount: fenText(y.amountFen),
                      })}
                    </Tag>
                  ))}
                </div>
              </div>
            ) : null}
          </Space>
          <Table<TAssistance>
            size="small"
            rowKey="id"
            dataSource={list.data.items}
            pagination={list.data.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            scroll={{ x: 980 }}
            data-testid="hardship-assist-table"
            locale={{ emptyText: t('hardship.assist.empty') }}
            columns={[
              { title: t('hardship.assist.date'), dataIndex: 'date', width: 110 },
              {
                title: t('hardship.assist.type'),
                dataIndex: 'type',
                width: 130,
                render: (v: AssistanceType) => typeLabel(v),
              },
              {
                title: t('hardship.assist.amount'),
                dataIndex: 'amountFen',
                width: 120,
                align: 'right',
                render: (v: number | null) => fenText(v),
              },
              {
                title: t('hardship.assist.items'),
                dataIndex: 'items',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('hardship.assist.givingOrg'),
                dataIndex: ['givingOrg', 'name'],
                width: 170,
              },
              {
                title: t('hardship.assist.recordedBy'),
                key: 'by',
                width: 170,
                render: (_, r) => (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.createdBy ?? '—'} · {formatDateTime(r.createdAt, i18n.language)}
                  </Typography.Text>
                ),
              },
              {
                title: t('hardship.assist.note'),
                dataIndex: 'note',
                width: 220,
                // A note may run to 500 characters: two lines, the rest a click away.
                render: (v: string | null) =>
                  v ? (
                    <Typography.Paragraph
                      style={{ margin: 0, fontSize: 12 }}
                      ellipsis={{
                        rows: 2,
                        expandable: 'collapsible',
                        symbol: (open) => t(open ? 'hardship.assist.noteLess' : 'hardship.assist.noteMore'),
                      }}
                      data-testid="hardship-assist-note"
                    >
                      {v}
                    </Typography.Paragraph>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </>
      )}
      <AssistanceModal
        open={open}
        archiveIds={[archive.id]}
        title={`${t('hardship.assist.title')} · ${archive.basic.name}`}
        onClose={() => setOpen(false)}
        onDone={() => {
          setOpen(false);
          message.success(t('hardship.assist.done'));
          void client.invalidateQueries({ queryKey: assistanceKey(archive.id) });
          void client.invalidateQueries({ queryKey: [...hardshipKey, 'stats'] });
        }}
      />
    </>
  );
}

/** 送温暖: the toolbar button of the archive list, for the filed archives ticked in it. */
export function BulkAssistanceButton({ archiveIds, onDone }: { archiveIds: number[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        icon={<GiftOutlined />}
        disabled={archiveIds.length === 0}
        onClick={() => setOpen(true)}
        data-testid="hardship-assist-bulk"
        title={archiveIds.length === 0 ? t('hardship.assist.bulkPick') : undefined}
      >
        {archiveIds.length === 0
          ? t('hardship.assist.bulk')
          : t('hardship.assist.bulkCount', { count: archiveIds.length })}
      </Button>
      <AssistanceModal
        open={open}
        archiveIds={archiveIds}
        title={t('hardship.assist.bulkTitle')}
        onClose={() => setOpen(false)}
        onDone={(count) => {
          setOpen(false);
          message.success(t('hardship.assist.bulkDone', { count }));
          void client.invalidateQueries({ queryKey: hardshipKey });
          onDone();
        }}
      />
    </>
  );
}
