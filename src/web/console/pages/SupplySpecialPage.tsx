/*
 * 特殊需求 (/supplies/special; `?new=1` opens the form): items not in the catalogue (a birthday box for a
 * medical team, clothes lines) filed by a unit; the hub sources them, turns them into a catalogue
 * request, or declines them.
 * Selectors for browser tests:
 *   supply-special-table, supply-special-state-<state|all>, supply-special-new (提特殊需求),
 *   supply-special-form-{org,point,description,quantity,unit,reason,urgency,staff}, supply-special-submit,
 *   supply-special-<action>-<id> (action: source / convert / decline), supply-special-note (寻源 / 无法提供
 *   text), supply-special-step-ok, supply-special-convert-ok, supply-special-request-<id> (link to the
 *   request it became); the convert dialog's picker uses supply-convert-item-add-<itemId> and
 *   supply-convert-cart-qty-<itemId>.
 */
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { columnsWidth, DEFAULT_PAGE_SIZE, listSearchParams, PAGE_SIZES } from '../components/ServerTable.tsx';
import { errorMessage, showFieldErrors, useOpenings } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  isSpecialState,
  type Page,
  requestsKey,
  SPECIAL,
  type SpecialState,
  specialKey,
  specialStateColor,
  specialStates,
  supplyPerm,
  type TSpecialRequest,
  type Urgency,
  urgencies,
  urgencyColor,
  useIsHub,
  usePoints,
  useSupplyLabels,
} from './supplies/requests.model.ts';
import {
  type CartLine,
  CartTable,
  cartItemOf,
  ItemPicker,
  lineProblem,
} from './supplies/requestsItemPicker.tsx';
import { OrgSelect } from './users/OrgSelect.tsx';
import './hardship/hardship.css';

/** The hub's steps on a special request, as the server lists them in `TSpecialRequest.actions`. */
type SpecialAction = 'source' | 'convert' | 'decline';
const specialActions: SpecialAction[] = ['source', 'convert', 'decline'];
const offered = (s: TSpecialRequest, a: SpecialAction) => s.actions.includes(a);

export default function SupplySpecialPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const label = useSupplyLabels();
  const screens = Grid.useBreakpoint();
  const isHub = useIsHub();
  const [params, setParams] = useSearchParams();
  const rawState = params.get('state');
  const state = isSpecialState(rawState) ? rawState : undefined;
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
  const [filing, setFiling] = useState(params.get('new') === '1');
  const [step, setStep] = useState<{ action: SpecialAction; special: TSpecialRequest } | null>(null);
  const mayFile = can(supplyPerm.request) && me.active?.role !== 'partner';

  const list = useQuery({
    queryKey: [...specialKey, 'list', state ?? null, page, pageSize],
    queryFn: () => api.get<Page<TSpecialRequest>>(SPECIAL, { state, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  const apply = (nextState: SpecialState | undefined, nextPage = 1, nextSize = pageSize) =>
    setParams(listSearchParams({ state: nextState }, nextPage, nextSize));

  const lang = i18n.language;
  const columns: TableColumnsType<TSpecialRequest> = [
    {
      key: 'state',
      title: t('supplyRequests.special.col.state'),
      width: 90,
      render: (_, s) => (
        <Tag color={specialStateColor[s.state]} style={{ marginInlineEnd: 0 }}>
          {label('special', s.state)}
        </Tag>
      ),
    },
    {
      key: 'unit',
      title: t('supplyRequests.special.col.unit'),
      width: 150,
      render: (_, s) => (
        <div>
          <div>{s.org.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.point.name}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'what',
      title: t('supplyRequests.special.col.what'),
      width: 160,
      render: (_, s) => (
        <div>
          <Typography.Text strong>{s.description}</Typography.Text>
          <span className="nj-hs-mono">
            {' '}
            × {s.quantity}
            {s.unit}
          </span>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('supplyRequests.col.staff', { count: s.staffServed })}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      key: 'urgency',
      title: t('supplyRequests.col.urgency'),
      width: 70,
      render: (_, s) => (
        <Tag color={urgencyColor[s.urgency]} style={{ marginInlineEnd: 0 }}>
          {label('urgency', s.urgency)}
        </Tag>
      ),
    },
    {
      key: 'reason',
      title: t('supplyRequests.special.col.reason'),
      width: 160,
      render: (_, s) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: s.reason }} style={{ margin: 0 }}>
          {s.reason}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'handling',
      title: t('supplyRequests.special.col.handling'),
      width: 190,
      render: (_, s) => (
        <div>
          {s.handlingNote ? (
            <Typography.Paragraph
              ellipsis={{ rows: 2, tooltip: s.handlingNote }}
              style={{ margin: 0, fontSize: 12 }}
            >
              {s.handlingNote}
            </Typography.Paragraph>
          ) : null}
          {s.requestId ? (
            <Link to={`/supplies/requests/${s.requestId}`} data-testid={`supply-special-request-${s.id}`}>
              {t('supplyRequests.special.requestLink', { code: s.requestCode ?? `#${s.requestId}` })}
            </Link>
          ) : null}
          {!s.handlingNote && !s.requestId ? <Typography.Text type="secondary">—</Typography.Text> : null}
        </div>
      ),
    },
    {
      key: 'created',
      title: t('supplyRequests.special.col.created'),
      width: 150,
      render: (_, s) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.createdAt, lang)}</span>,
    },
  ];
  // The hub's steps; a unit has none, so the column is left out for it.
  const actionColumn: TableColumnsType<TSpecialRequest> = [
    {
      key: 'actions',
      title: t('supplyRequests.col.actions'),
      width: 110,
      render: (_, s) => {
        const acts = specialActions.filter((a) => offered(s, a));
        return acts.length > 0 ? (
          <Space size={4} orientation="vertical">
            {acts.map((a) => (
              <Button
                key={a}
                size="small"
                type={a === 'convert' ? 'primary' : 'default'}
                danger={a === 'decline'}
                onClick={() => setStep({ action: a, special: s })}
                data-testid={`supply-special-${a}-${s.id}`}
              >
                {t(`supplyRequests.special.action.${a}`)}
              </Button>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    },
  ];

  const data = list.data;
  const withActions = (data?.items ?? []).some((x) => x.actions.length > 0);
  return (
    <div className="nj-hs">
      <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
        {t('supplyRequests.special.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {isHub ? t('supplyRequests.special.subtitleHub') : t('supplyRequests.special.subtitle')}
      </Typography.Paragraph>
      <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 4 } }}>
        <div className="nj-hs-toolbar" style={{ marginBottom: 0 }}>
          <Tabs
            activeKey={state ?? 'all'}
            onChange={(k) => apply(k === 'all' ? undefined : (k as SpecialState))}
            size="small"
            items={[
              {
                key: 'all',
                label: <span data-testid="supply-special-state-all">{t('supplyRequests.list.all')}</span>,
              },
              ...specialStates.map((s) => ({
                key: s,
                label: <span data-testid={`supply-special-state-${s}`}>{label('special', s)}</span>,
              })),
            ]}
          />
          {mayFile ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFiling(true)}
              data-testid="supply-special-new"
            >
              {t('supplyRequests.special.new')}
            </Button>
          ) : null}
        </div>
        {list.isError && !data ? (
          <Alert
            type="error"
            showIcon
            title={t('supplyRequests.special.loadFailed')}
            description={errorMessage(list.error)}
            action={
              <Button size="small" onClick={() => void list.refetch()}>
                {t('action.retry')}
              </Button>
            }
          />
        ) : (
          <Table<TSpecialRequest>
            data-testid="supply-special-table"
            rowKey="id"
            size="middle"
            columns={withActions ? [...columns, ...actionColumn] : columns}
            dataSource={data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: columnsWidth(withActions ? [...columns, ...actionColumn] : columns) }}
            locale={{
              emptyText: list.isPending ? (
                <div style={{ height: 120 }} />
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    state ? t('supplyRequests.special.emptyFiltered') : t('supplyRequests.special.empty')
                  }
                />
              ),
            }}
            pagination={{
              current: data?.page ?? page,
              pageSize: data?.pageSize ?? pageSize,
              total: data?.total ?? 0,
              showTotal: (total) => t('list.total', { total }),
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES,
              onChange: (p, s) => apply(state, s !== pageSize ? 1 : p, s),
              size: screens.sm ? 'medium' : 'small',
            }}
          />
        )}
      </Card>
      {mayFile ? (
        <SpecialFormModal
          open={filing}
          forUnit={isHub && can(supplyPerm.hotline)}
          onClose={() => {
            setFiling(false);
            if (params.has('new')) {
              const p = new URLSearchParams(params);
              p.delete('new');
              setParams(p, { replace: true });
            }
          }}
        />
      ) : null}
      <SpecialStepModal step={step?.action === 'convert' ? null : step} onClose={() => setStep(null)} />
      <ConvertModal
        special={step?.action === 'convert' ? step.special : null}
        onClose={() => setStep(null)}
      />
    </div>
  );
}

interface FormValues {
  orgId?: number;
  pointId?: number;
  description?: string;
  quantity?: number;
  unit?: string;
  reason?: string;
  urgency?: Urgency;
  staffServed?: number;
}

/** 提特殊需求: a unit for itself; the hub's hotline cadre may file one for a unit. */
function SpecialFormModal(props: Parameters<typeof SpecialFormModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <SpecialFormModalDialog key={useOpenings(props.open)} {...props} />;
}

function SpecialFormModalDialog({
  open,
  forUnit,
  onClose,
}: {
  open: boolean;
  forUnit: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const orgId = Form.useWatch('orgId', form);
  const points = usePoints(forUnit ? orgId : undefined);
  const pointOptions = useMemo(() => {
    const items = points.data?.items ?? [];
    const orgs = new Set(items.map((p) => p.org.id));
    return items.map((p) => ({ value: p.id, label: orgs.size > 1 ? `${p.org.name} · ${p.name}` : p.name }));
  }, [points.data]);

  // One point only: choose it.
  useEffect(() => {
    const items = points.data?.items ?? [];
    const only = items[0];
    if (open && items.length === 1 && only && form.getFieldValue('pointId') === undefined) {
      form.setFieldValue('pointId', only.id);
    }
  }, [open, points.data, form]);

  const submit = async (v: FormValues) => {
    setSaving(true);
    try {
      await api.post<TSpecialRequest>(SPECIAL, {
        orgId: forUnit ? (v.orgId ?? null) : null,
        pointId: v.pointId,
        description: v.description?.trim(),
        quantity: v.quantity,
        unit: v.unit?.trim(),
        reason: v.reason?.trim(),
        urgency: v.urgency,
        staffServed: v.staffServed,
      });
      message.success(t('supplyRequests.special.filed'));
      void client.invalidateQueries({ queryKey: specialKey });
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('msg.required', { field }),
  });
  const f = (k: string) => t(`supplyRequests.special.form.${k}`);
  return (
    <Modal
      open={open}
      title={t('supplyRequests.special.new')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.submit')}
      okButtonProps={{ 'data-testid': 'supply-special-submit' }}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('supplyRequests.special.formHint')}</Typography.Paragraph>
      <Form<FormValues>
        form={form}
        name="supplySpecial"
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{ urgency: 'normal' }}
      >
        {forUnit ? (
          <Form.Item name="orgId" label={f('org')} extra={f('orgHint')}>
            <OrgSelect
              allowClear
              activeOnly
              placeholder={f('orgPlaceholder')}
              data-testid="supply-special-form-org"
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="pointId"
          label={f('point')}
          rules={[{ required: true, message: t('msg.required', { field: f('point') }) }]}
        >
          <Select<number>
            showSearch={{ optionFilterProp: 'label' }}
            options={pointOptions}
            loading={points.isFetching}
            placeholder={f('pointPlaceholder')}
            data-testid="supply-special-form-point"
            aria-label={f('point')}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={f('description')}
          rules={[
            required(f('description')),
            { min: 2, max: 200, message: t('supplyRequests.special.form.descriptionRange') },
          ]}
        >
          <Input
            maxLength={200}
            placeholder={f('descriptionPlaceholder')}
            data-testid="supply-special-form-description"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="quantity"
              label={f('quantity')}
              rules={[
                { required: true, message: t('msg.required', { field: f('quantity') }) },
                { type: 'integer', min: 1, max: 1_000_000, message: t('supplyRequests.form.qtyMax') },
              ]}
            >
              <InputNumber<number>
                precision={0}
                style={{ width: '100%' }}
                data-testid="supply-special-form-quantity"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="unit"
              label={f('unit')}
              rules={[required(f('unit')), { max: 8, message: t('supplyRequests.form.max', { max: 8 }) }]}
            >
              <Input
                maxLength={8}
                placeholder={f('unitPlaceholder')}
                data-testid="supply-special-form-unit"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="reason"
          label={f('reason')}
          rules={[
            required(f('reason')),
            { min: 2, max: 500, message: t('supplyRequests.special.form.reasonRange') },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={f('reasonPlaceholder')}
            data-testid="supply-special-form-reason"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="urgency" label={f('urgency')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="supply-special-form-urgency">
                {urgencies.map((u) => (
                  <Radio.Button key={u} value={u}>
                    {label('urgency', u)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="staffServed"
              label={f('staff')}
              rules={[
                { required: true, message: t('msg.required', { field: f('staff') }) },
                { type: 'integer', min: 1, max: 100_000, message: t('supplyRequests.form.staffRange') },
              ]}
            >
              <InputNumber<number>
                precision={0}
                style={{ width: '100%' }}
                data-testid="supply-special-form-staff"
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 开始寻源 (a note on how it is being sourced) and 无法提供 (a reason). */
function SpecialStepModal({
  step,
  onClose,
}: {
  step: { action: SpecialAction; special: TSpecialRequest } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const [saving, setSaving] = useState(false);
  const decline = step?.action === 'decline';
  const field = decline
    ? t('supplyRequests.special.declineReason')
    : t('supplyRequests.special.sourcingNote');

  const submit = async (v: { text?: string }) => {
    if (!step) return;
    setSaving(true);
    try {
      const text = v.text?.trim();
      await api.post(
        `${SPECIAL}/${step.special.id}/${decline ? 'decline' : 'source'}`,
        decline ? { reason: text } : { note: text },
      );
      message.success(t(decline ? 'supplyRequests.special.declined' : 'supplyRequests.special.sourced'));
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
      void client.invalidateQueries({ queryKey: specialKey });
    }
  };
  return (
    <Modal
      open={step !== null}
      title={step ? `${t(`supplyRequests.special.action.${step.action}`)} · ${step.special.description}` : ''}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={step ? t(`supplyRequests.special.action.${step.action}`) : t('action.confirm')}
      okButtonProps={{ danger: decline, 'data-testid': 'supply-special-step-ok' }}
      cancelText={t('action.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" name="supplySpecialStep" onFinish={submit} preserve={false}>
        <Form.Item
          name="text"
          label={field}
          rules={[
            { required: true, whitespace: true, message: t('msg.required', { field }) },
            { min: 2, max: 500, message: t('supplyRequests.special.form.reasonRange') },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={
              decline
                ? t('supplyRequests.special.declinePlaceholder')
                : t('supplyRequests.special.sourcingPlaceholder')
            }
            data-testid="supply-special-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 转为需求: pick the catalogue items that now cover it (a supplier added them, or the union bought them). */
function ConvertModal({ special: s, onClose }: { special: TSpecialRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [cart, setCart] = useState<CartLine[]>([]);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  // The request it became: its id for the link, its number (XQ…) for the words.
  const [made, setMade] = useState<{ id: number; code: string } | null>(null);

  const submit = async () => {
    if (!s) return;
    setTried(true);
    if (cart.length === 0 || cart.length > 20 || cart.some((l) => lineProblem(l, t) !== null)) return;
    setSaving(true);
    try {
      const body = await api.post<TSpecialRequest>(`${SPECIAL}/${s.id}/convert`, {
        lines: cart.map((l) => ({ itemId: l.item.id, quantity: l.quantity })),
        note: note.trim() || null,
      });
      setMade(body.requestId ? { id: body.requestId, code: body.requestCode ?? `#${body.requestId}` } : null);
      message.success(t('supplyRequests.special.converted'));
      void client.invalidateQueries({ queryKey: specialKey });
      void client.invalidateQueries({ queryKey: requestsKey });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const cartError =
    tried && cart.length === 0
      ? t('supplyRequests.special.convertEmpty')
      : cart.length > 20
        ? t('supplyRequests.special.convertMax')
        : null;
  return (
    <Modal
      open={s !== null}
      title={
        s
          ? t('supplyRequests.special.convertTitle', { what: `${s.description} × ${s.quantity}${s.unit}` })
          : ''
      }
      onCancel={onClose}
      afterClose={() => {
        setCart([]);
        setNote('');
        setTried(false);
        setMade(null);
      }}
      width={900}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        made !== null ? (
          <Space>
            <Link to={`/supplies/requests/${made.id}`} data-testid="supply-special-converted-link">
              <Button type="primary">{t('supplyRequests.special.openRequest')}</Button>
            </Link>
            <Button onClick={onClose}>{t('supplyRequests.dispatch.close')}</Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('action.cancel')}</Button>
            <Button
              type="primary"
              loading={saving}
              onClick={() => void submit()}
              data-testid="supply-special-convert-ok"
            >
              {t('supplyRequests.special.action.convert')}
            </Button>
          </Space>
        )
      }
    >
      {made !== null ? (
        <Alert
          type="success"
          showIcon
          title={t('supplyRequests.special.convertedText', { code: made.code })}
        />
      ) : s ? (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('supplyRequests.special.convertHint', { org: s.org.name, point: s.point.name })}
            description={s.reason}
          />
          <ItemPicker
            cart={cart}
            testPrefix="supply-convert-item"
            onAdd={(i) =>
              setCart([
                ...cart,
                { item: cartItemOf(i), quantity: Math.min(s.quantity, i.perRequestLimit ?? s.quantity) },
              ])
            }
          />
          {cartError ? <Alert type="error" showIcon title={cartError} style={{ margin: '8px 0' }} /> : null}
          <CartTable cart={cart} onChange={setCart} showErrors={tried} testPrefix="supply-convert-cart" />
          <Input.TextArea
            rows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('supplyRequests.special.convertNote')}
            aria-label={t('supplyRequests.special.convertNote')}
            style={{ marginTop: 12 }}
          />
        </>
      ) : null}
    </Modal>
  );
}
