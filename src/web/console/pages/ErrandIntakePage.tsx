/*
 * 接听登记 (/errands/new): a duty cadre on the phone records an errand — who calls, who it is for and
 * where, what, where to pick it up — then 保存 (to the errand's page) or 保存并派单 (to the chosen courier
 * partner). Enter saves; Ctrl+Enter saves and dispatches. Possible duplicates (open errands with the
 * same recipient or address) are listed beside the form with 合并到此工单.
 * Selectors for browser tests:
 *   errand-form-called-at, errand-form-caller-name, errand-form-caller-mobile,
 *   errand-form-requester-<frontline|volunteer|hardship|other>, errand-form-recipient-name,
 *   errand-form-recipient-phone, errand-form-recipient-address, errand-form-same-as-caller,
 *   errand-form-kind-<clothing|toiletries|charger|keys|medicine|food|documents|other>, errand-form-items,
 *   errand-form-pickup-address, errand-form-pickup-contact, errand-form-pickup-mobile,
 *   errand-form-urgency-<urgent|normal>, errand-form-note, errand-form-courier (courier select),
 *   errand-form-save (保存), errand-form-save-dispatch (保存并派单), errand-duty-card,
 *   errand-duplicates, errand-duplicate-<id>, errand-merge-<id> (合并到此工单).
 */

import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { beijingWall, fromBeijingWall } from '../beijingClock.ts';
import { errorMessage, showFieldErrors } from '../forms.ts';
import { useSession } from '../session.tsx';
import { DutyCard } from './errands/work.duty.tsx';
import {
  ERRANDS,
  errandStateColor,
  errandsKey,
  errandUrgencies,
  type ItemKind,
  isOpenState,
  itemKinds,
  type Page,
  phonePattern,
  type RequesterKind,
  requesterKinds,
  type TErrand,
  type TErrandListItem,
  useCouriers,
  useErrandLabels,
} from './errands/work.model.ts';
import './hardship/hardship.css';

interface Values {
  calledAt?: Dayjs;
  callerName?: string;
  callerMobile?: string;
  requesterKind?: RequesterKind;
  recipientName?: string;
  recipientPhone?: string;
  recipientAddress?: string;
  itemKinds?: ItemKind[];
  items?: string;
  pickupAddress?: string;
  pickupContact?: string;
  pickupMobile?: string;
  urgency?: 'urgent' | 'normal';
  note?: string;
  courierOrgId?: number;
}

type Then = { kind: 'view' } | { kind: 'dispatch' } | { kind: 'merge'; into: { id: number; code: string } };

/** The item-kind tags as one form control. */
function KindTags({ value = [], onChange }: { value?: ItemKind[]; onChange?: (v: ItemKind[]) => void }) {
  const label = useErrandLabels();
  return (
    <Space size={[6, 6]} wrap>
      {itemKinds.map((k) => (
        <Tag.CheckableTag
          key={k}
          checked={value.includes(k)}
          onChange={(on) => onChange?.(on ? [...value, k] : value.filter((x) => x !== k))}
          data-testid={`errand-form-kind-${k}`}
          style={{ border: '1px solid #d9d9d9', padding: '2px 10px', fontSize: 14 }}
        >
          {label('item', k)}
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export default function ErrandIntakePage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const label = useErrandLabels();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState<Then['kind'] | null>(null);
  const orgId = me.active?.org.id;
  const couriers = useCouriers();

  // One courier partner only: choose it for 保存并派单.
  useEffect(() => {
    const only = couriers.data?.length === 1 ? couriers.data[0] : undefined;
    if (only && form.getFieldValue('courierOrgId') === undefined) form.setFieldValue('courierOrgId', only.id);
  }, [couriers.data, form]);

  // Possible duplicates: open errands of the org for the same recipient (name) or address. Phones are
  // stored encrypted, so the server's search cannot match them.
  const name = useDebounced((Form.useWatch('recipientName', form) ?? '').trim(), 500);
  const address = useDebounced((Form.useWatch('recipientAddress', form) ?? '').trim(), 500);
  const nameOk = name.length >= 2;
  const addressOk = address.length >= 4;
  const duplicates = useQuery({
    queryKey: [...errandsKey, 'duplicates', nameOk ? name : '', addressOk ? address : ''],
    queryFn: async () => {
      const qs = [nameOk ? name.slice(0, 20) : null, addressOk ? address.slice(0, 40) : null].filter(
        (q): q is string => q !== null,
      );
      const pages = await Promise.all(
        qs.map((q) => api.get<Page<TErrandListItem>>(ERRANDS, { q, orgId, pageSize: 20 })),
      );
      const seen = new Map<number, TErrandListItem>();
      for (const p of pages) for (const e of p.items) if (isOpenState(e.state)) seen.set(e.id, e);
      return [...seen.values()].slice(0, 8);
    },
    enabled: nameOk || addressOk,
    staleTime: 15_000,
  });

  const save = async (then: Then) => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (then.kind === 'dispatch' && !v.courierOrgId) {
      form.setFields([{ name: 'courierOrgId', errors: [t('errandWork.dispatch.courierRequired')] }]);
      return;
    }
    const body = {
      callerName: v.callerName?.trim(),
      callerMobile: v.callerMobile?.trim(),
      calledAt: v.calledAt ? fromBeijingWall(v.calledAt) : undefined,
      requesterKind: v.requesterKind,
      recipientName: v.recipientName?.trim(),
      recipientPhone: v.recipientPhone?.trim(),
      recipientAddress: v.recipientAddress?.trim(),
      itemKinds: v.itemKinds ?? [],
      items: v.items?.trim(),
      pickupAddress: v.pickupAddress?.trim(),
      pickupContact: v.pickupContact?.trim(),
      pickupMobile: v.pickupMobile?.trim(),
      urgency: v.urgency,
      note: v.note?.trim() || null,
    };
    setSaving(then.kind);
    let created: TErrand;
    try {
      created = await api.post<TErrand>(ERRANDS, body);
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      setSaving(null);
      return;
    }
    void client.invalidateQueries({ queryKey: errandsKey });
    try {
      if (then.kind === 'dispatch') {
        await api.post<TErrand>(`${ERRANDS}/${created.id}/dispatch`, { courierOrgId: v.courierOrgId });
        message.success(t('errandWork.form.savedDispatched', { code: created.code }));
      } else if (then.kind === 'merge') {
        await api.post<TErrand>(`${ERRANDS}/${created.id}/merge`, { intoId: then.into.id });
        message.success(t('errandWork.form.savedMerged', { code: created.code, into: then.into.code }));
        navigate(`/errands/${then.into.id}`);
        return;
      } else {
        message.success(t('errandWork.form.saved', { code: created.code }));
      }
    } catch (e) {
      // The errand is saved; the next step failed: say so and open it to try again there.
      message.error(
        t('errandWork.form.savedStepFailed', {
          code: created.code,
          reason: e instanceof ApiError ? e.message : errorMessage(e),
        }),
      );
    } finally {
      setSaving(null);
      void client.invalidateQueries({ queryKey: errandsKey });
    }
    navigate(`/errands/${created.id}`);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save({ kind: 'dispatch' });
    }
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });
  const phoneRule = { pattern: phonePattern, message: t('errandWork.form.phoneInvalid') };
  const max = (n: number) => ({ max: n, message: t('errandWork.form.max', { max: n }) });
  const f = (k: string) => t(`errandWork.form.${k}`);
  const lang = i18n.language;
  // The server takes calls up to 24 hours back and refuses later than now (5 minutes of clock skew).
  const calledAtRule = {
    validator: async (_: unknown, v?: Dayjs) => {
      if (!v) return;
      const at = Date.parse(fromBeijingWall(v));
      if (at > Date.now() + 5 * 60_000) throw new Error(f('calledAtFuture'));
      if (at < Date.now() - 24 * 3_600_000) throw new Error(f('calledAtTooEarly'));
    },
  };

  const copyCaller = () => {
    const { callerName, callerMobile } = form.getFieldsValue(['callerName', 'callerMobile']) as Values;
    form.setFieldsValue({ recipientName: callerName, recipientPhone: callerMobile });
  };

  return (
    <div className="nj-hs">
      <Link to="/errands">
        <ArrowLeftOutlined /> {t('errandWork.detail.back')}
      </Link>
      <div className="nj-hs-head" style={{ marginTop: 12, marginBottom: 8 }}>
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
            {f('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{f('hint')}</Typography.Text>
        </div>
      </div>

      <Form<Values>
        name="errandIntake"
        form={form}
        layout="vertical"
        initialValues={{
          calledAt: beijingWall(),
          urgency: 'normal',
          requesterKind: 'frontline',
          itemKinds: [],
        }}
        onFinish={() => void save({ kind: 'view' })}
        onKeyDown={onKeyDown}
        scrollToFirstError
        requiredMark="optional"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card size="small" title={f('call')}>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="calledAt"
                    label={f('calledAt')}
                    rules={[{ required: true, message: f('calledAtRequired') }, calledAtRule]}
                  >
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      style={{ width: '100%' }}
                      allowClear={false}
                      data-testid="errand-form-called-at"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item
                    name="callerName"
                    label={f('callerName')}
                    rules={[required(f('callerName')), max(20)]}
                  >
                    <Input
                      maxLength={20}
                      autoFocus
                      autoComplete="off"
                      data-testid="errand-form-caller-name"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item
                    name="callerMobile"
                    label={f('callerMobile')}
                    rules={[required(f('callerMobile')), phoneRule]}
                  >
                    <Input
                      maxLength={13}
                      inputMode="tel"
                      autoComplete="off"
                      data-testid="errand-form-caller-mobile"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="requesterKind"
                label={f('requesterKind')}
                rules={[{ required: true, message: f('requesterKindRequired') }]}
              >
                <Radio.Group optionType="button" buttonStyle="solid">
                  {requesterKinds.map((k) => (
                    <Radio.Button key={k} value={k}>
                      <span data-testid={`errand-form-requester-${k}`}>{label('requester', k)}</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Card>

            <Card
              size="small"
              title={f('recipient')}
              style={{ marginTop: 16 }}
              extra={
                <Button
                  size="small"
                  type="link"
                  onClick={copyCaller}
                  data-testid="errand-form-same-as-caller"
                >
                  {f('sameAsCaller')}
                </Button>
              }
            >
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="recipientName"
                    label={f('recipientName')}
                    rules={[required(f('recipientName')), max(20)]}
                  >
                    <Input maxLength={20} autoComplete="off" data-testid="errand-form-recipient-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="recipientPhone"
                    label={f('recipientPhone')}
                    rules={[required(f('recipientPhone')), phoneRule]}
                  >
                    <Input
                      maxLength={13}
                      inputMode="tel"
                      autoComplete="off"
                      data-testid="errand-form-recipient-phone"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="recipientAddress"
                label={f('recipientAddress')}
                rules={[required(f('recipientAddress')), { min: 4, message: f('addressMin') }, max(120)]}
              >
                <Input
                  maxLength={120}
                  autoComplete="off"
                  placeholder={f('addressPlaceholder')}
                  data-testid="errand-form-recipient-address"
                />
              </Form.Item>
            </Card>

            <Card size="small" title={f('what')} style={{ marginTop: 16 }}>
              <Form.Item
                name="itemKinds"
                label={f('itemKinds')}
                rules={[{ required: true, type: 'array', min: 1, message: f('itemKindsRequired') }]}
              >
                <KindTags />
              </Form.Item>
              <Form.Item
                name="items"
                label={f('items')}
                rules={[required(f('items')), { min: 2, message: f('itemsMin') }, max(300)]}
              >
                <Input.TextArea
                  rows={2}
                  maxLength={300}
                  placeholder={f('itemsPlaceholder')}
                  data-testid="errand-form-items"
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="pickupAddress"
                    label={f('pickupAddress')}
                    rules={[required(f('pickupAddress')), { min: 4, message: f('addressMin') }, max(120)]}
                  >
                    <Input maxLength={120} autoComplete="off" data-testid="errand-form-pickup-address" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={5}>
                  <Form.Item
                    name="pickupContact"
                    label={f('pickupContact')}
                    rules={[required(f('pickupContact')), max(20)]}
                  >
                    <Input maxLength={20} autoComplete="off" data-testid="errand-form-pickup-contact" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item
                    name="pickupMobile"
                    label={f('pickupMobile')}
                    rules={[required(f('pickupMobile')), phoneRule]}
                  >
                    <Input
                      maxLength={13}
                      inputMode="tel"
                      autoComplete="off"
                      data-testid="errand-form-pickup-mobile"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="urgency" label={f('urgency')}>
                    <Radio.Group optionType="button" buttonStyle="solid">
                      {errandUrgencies.map((u) => (
                        <Radio.Button key={u} value={u}>
                          <span data-testid={`errand-form-urgency-${u}`}>{label('urgency', u)}</span>
                        </Radio.Button>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="note" label={f('note')} rules={[max(300)]}>
                    <Input
                      maxLength={300}
                      placeholder={f('notePlaceholder')}
                      data-testid="errand-form-note"
                    />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>

          <Col xs={24} xl={8}>
            <Card size="small" title={f('dispatchTitle')}>
              <Form.Item
                name="courierOrgId"
                label={t('errandWork.dispatch.courier')}
                extra={f('dispatchHint')}
              >
                <Select<number>
                  allowClear
                  options={(couriers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  loading={couriers.isFetching}
                  placeholder={t('errandWork.dispatch.courierPlaceholder')}
                  data-testid="errand-form-courier"
                  aria-label={t('errandWork.dispatch.courier')}
                />
              </Form.Item>
              <Space wrap>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  loading={saving === 'dispatch'}
                  disabled={saving !== null && saving !== 'dispatch'}
                  onClick={() => void save({ kind: 'dispatch' })}
                  data-testid="errand-form-save-dispatch"
                >
                  {f('saveDispatch')}
                </Button>
                <Button
                  htmlType="submit"
                  loading={saving === 'view'}
                  disabled={saving !== null && saving !== 'view'}
                  data-testid="errand-form-save"
                >
                  {f('save')}
                </Button>
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {f('keys')}
              </Typography.Paragraph>
            </Card>

            <Card
              size="small"
              title={f('duplicates')}
              style={{ marginTop: 16 }}
              data-testid="errand-duplicates"
            >
              {!nameOk && !addressOk ? (
                <Typography.Text type="secondary">{f('duplicatesHint')}</Typography.Text>
              ) : duplicates.isPending ? (
                <Typography.Text type="secondary">{t('msg.loading')}</Typography.Text>
              ) : (duplicates.data ?? []).length === 0 ? (
                <Typography.Text type="secondary">{f('noDuplicates')}</Typography.Text>
              ) : (
                <div style={{ display: 'grid', gap: 10 }}>
                  {(duplicates.data ?? []).map((e) => (
                    <div
                      key={e.id}
                      data-testid={`errand-duplicate-${e.id}`}
                      style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}
                    >
                      <Space size={6} wrap>
                        <Link to={`/errands/${e.id}`} target="_blank" className="nj-hs-mono">
                          {e.code}
                        </Link>
                        <Tag color={errandStateColor[e.state]} style={{ marginInlineEnd: 0 }}>
                          {label('state', e.state)}
                        </Tag>
                      </Space>
                      <div style={{ fontSize: 13 }}>
                        {e.recipientName} · {e.recipientAddress}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.callerName} · {formatDateTime(e.calledAt, lang)} · {e.items}
                      </Typography.Text>
                      <div>
                        <Popconfirm
                          title={f('mergeConfirm')}
                          description={t('errandWork.form.mergeConfirmText', { code: e.code })}
                          okText={f('mergeOk')}
                          cancelText={t('action.cancel')}
                          onConfirm={() => save({ kind: 'merge', into: { id: e.id, code: e.code } })}
                        >
                          <Button
                            size="small"
                            style={{ marginTop: 4 }}
                            loading={saving === 'merge'}
                            disabled={saving !== null && saving !== 'merge'}
                            data-testid={`errand-merge-${e.id}`}
                          >
                            {f('mergeInto')}
                          </Button>
                        </Popconfirm>
                      </div>
                    </div>
                  ))}
                </div>
              )}
            </Card>

            <div style={{ marginTop: 16 }}>
              <DutyCard orgId={orgId} />
            </div>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
