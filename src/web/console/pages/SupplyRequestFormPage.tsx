/*
 * 新建物资需求 (/supplies/requests/new; `?copyFrom=<id>` repeats an old request, `?hotline=1` is 热线代录).
 * Selectors for browser tests:
 *   supply-form-org (hotline unit picker), supply-form-caller-name, supply-form-caller-phone,
 *   supply-form-point (point select), supply-form-urgency-<critical|urgent|normal> (radio buttons),
 *   supply-form-staff, supply-form-note, supply-item-search, supply-item-table,
 *   supply-item-add-<itemId> (加入), supply-cart-table, supply-cart-qty-<itemId>, supply-cart-remove-<itemId>,
 *   supply-form-submit, supply-form-dropped (alert listing items a copy left out), supply-form-special (link).
 */
import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { phonePattern } from '../../../shared/rules.ts';
import { LARGE_QUANTITY_PER_PERSON } from '../../../shared/supplies.ts';
import { ApiError, api } from '../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  ITEMS,
  REQUESTS,
  requestsKey,
  supplyPerm,
  type TItem,
  type TRequest,
  type TRequestTemplate,
  type Urgency,
  urgencies,
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

interface Values {
  orgId?: number;
  callerName?: string;
  callerPhone?: string;
  pointId?: number;
  urgency?: Urgency;
  staffServed?: number;
  note?: string;
}

/** The same rule as the contract's ZMobileOrPhone. */

export default function SupplyRequestFormPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const copyFrom = Number(params.get('copyFrom'));
  const copying = Number.isInteger(copyFrom) && copyFrom > 0;

  // A copy: the template (input + dropped items), the old request (its unit, names of the lines),
  // and the catalogue entries of the kept lines (stock and limits now).
  const template = useQuery({
    queryKey: [...requestsKey, 'template', copyFrom],
    queryFn: async () => {
      const [tpl, source] = await Promise.all([
        api.get<TRequestTemplate>(`${REQUESTS}/${copyFrom}/template`),
        api.get<TRequest>(`${REQUESTS}/${copyFrom}`),
      ]);
      const items = await Promise.all(
        tpl.input.lines.map((l) => api.get<TItem>(`${ITEMS}/${l.itemId}`).catch(() => null)),
      );
      const cart: CartLine[] = tpl.input.lines.map((l, i) => {
        const item = items[i];
        const old = source.lines.find((x) => x.item.id === l.itemId)?.item;
        return {
          quantity: l.quantity,
          item: item
            ? cartItemOf(item)
            : {
                id: l.itemId,
                name: old?.name ?? `#${l.itemId}`,
                unit: old?.unit ?? '',
                spec: old?.spec ?? null,
                photoUrl: null,
                unitValueFen: old?.unitValueFen ?? 0,
                available: null,
                perRequestLimit: null,
              },
        };
      });
      return { tpl, source, cart };
    },
    enabled: copying,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });

  const back = (
    <Link to={copying ? `/supplies/requests/${copyFrom}` : '/supplies/requests'}>
      <ArrowLeftOutlined />{' '}
      {copying ? t('supplyRequests.form.backToSource') : t('supplyRequests.detail.back')}
    </Link>
  );
  if (copying && template.isPending) {
    return (
      <div className="nj-hs">
        {back}
        <Card style={{ marginTop: 12 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </div>
    );
  }
  if (copying && template.isError) {
    return (
      <div className="nj-hs">
        {back}
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('supplyRequests.form.templateFailed')}
          description={errorMessage(template.error)}
        />
      </div>
    );
  }
  return (
    <RequestForm
      back={back}
      hotline={params.get('hotline') === '1'}
      copy={copying && template.data ? template.data : null}
    />
  );
}

function RequestForm({
  back,
  hotline: wantHotline,
  copy,
}: {
  back: ReactNode;
  hotline: boolean;
  copy: { tpl: TRequestTemplate; source: TRequest; cart: CartLine[] } | null;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const label = useSupplyLabels();
  const navigate = useNavigate();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  // A copy of a hotline entry stays a hotline entry when the caller may enter those.
  const hotline =
    can(supplyPerm.hotline) && (wantHotline || (copy !== null && copy.source.channel === 'hotline'));
  const [cart, setCart] = useState<CartLine[]>(copy?.cart ?? []);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [cartError, setCartError] = useState<string | null>(null);
  const orgId = Form.useWatch('orgId', form);
  const points = usePoints(hotline ? orgId : undefined);
  const pointOptions = useMemo(() => {
    const list = points.data?.items ?? [];
    const orgs = new Set(list.map((p) => p.org.id));
    return list.map((p) => ({
      value: p.id,
      label:
        orgs.size > 1
          ? `${p.org.name} · ${p.name}（${label('pointKind', p.kind)}）`
          : `${p.name}（${label('pointKind', p.kind)}）`,
      title: p.address,
    }));
  }, [points.data, label]);

  // Hotline: a new unit clears a point of another unit.
  const firstOrg = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the unit only
  useEffect(() => {
    if (firstOrg.current) {
      firstOrg.current = false;
      return;
    }
    if (hotline) form.setFieldValue('pointId', undefined);
  }, [orgId]);

  // One point only: choose it.
  useEffect(() => {
    const list = points.data?.items ?? [];
    const only = list[0];
    if (list.length === 1 && only && form.getFieldValue('pointId') === undefined) {
      form.setFieldValue('pointId', only.id);
    }
  }, [points.data, form]);

  const cartProblem = (lines: CartLine[]): string | null => {
    if (lines.length === 0) return t('supplyRequests.form.linesRequired');
    if (lines.length > 100) return t('supplyRequests.form.linesMax');
    return lines.some((l) => lineProblem(l, t) !== null) ? t('supplyRequests.form.linesInvalid') : null;
  };

  const submit = async (v: Values) => {
    setTried(true);
    const problem = cartProblem(cart);
    setCartError(problem);
    if (problem) return;
    // A slip of the keyboard (999999 for 99) would be reserved and ranked as demand: ask first.
    const staff = v.staffServed ?? 1;
    const large = cart.filter((l) => (l.quantity ?? 0) > LARGE_QUANTITY_PER_PERSON * staff);
    if (large.length > 0) {
      const sure = await modal.confirm({
        title: t('supplyRequests.form.largeTitle'),
        content: (
          <div data-testid="supply-form-large">
            <Typography.Paragraph>{t('supplyRequests.form.largeIntro', { staff })}</Typography.Paragraph>
            <ul style={{ paddingInlineStart: 20, margin: 0 }}>
              {large.map((l) => (
                <li key={l.item.id}>
                  {t('supplyRequests.form.largeLine', {
                    name: l.item.name,
                    quantity: (l.quantity ?? 0).toLocaleString('zh-CN'),
                    unit: l.item.unit,
                    each: ((l.quantity ?? 0) / staff).toLocaleString('zh-CN', { maximumFractionDigits: 1 }),
                  })}
                </li>
              ))}
            </ul>
          </div>
        ),
        okText: t('supplyRequests.form.largeOk'),
        cancelText: t('supplyRequests.form.largeBack'),
        okButtonProps: { 'data-testid': 'supply-form-large-ok' } as Record<string, string>,
        cancelButtonProps: { 'data-testid': 'supply-form-large-back' } as Record<string, string>,
      });
      if (!sure) return;
    }
    const body = {
      pointId: v.pointId,
      urgency: v.urgency,
      staffServed: v.staffServed,
      note: v.note?.trim() || null,
      lines: cart.map((l) => ({ itemId: l.item.id, quantity: l.quantity })),
      copiedFromId: copy ? copy.source.id : null,
      ...(hotline
        ? { orgId: v.orgId, callerName: v.callerName?.trim(), callerPhone: v.callerPhone?.trim() }
        : {}),
    };
    setSaving(true);
    try {
      const created = await api.post<TRequest>(hotline ? `${REQUESTS}/hotline` : REQUESTS, body);
      void client.invalidateQueries({ queryKey: requestsKey });
      message.success(t('supplyRequests.form.created', { code: created.code }));
      navigate(`/supplies/requests/${created.id}`);
    } catch (e) {
      const lineIssue = e instanceof ApiError && e.fieldIssues.some((i) => /^(body\.)?lines/.test(i.field));
      if (lineIssue && e instanceof ApiError) setCartError(e.message);
      if (!showFieldErrors(form, e) && !lineIssue) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => ({
    required: true,
    message: t('msg.required', { field }),
  });
  // A choice is chosen, not filled in: 请选择配送点位, not 请填写.
  const chosen = (field: string) => ({ required: true, message: t('msg.choose', { field }) });
  const dropped = copy?.tpl.dropped ?? [];
  const initial: Values = copy
    ? {
        pointId: copy.tpl.input.pointId,
        urgency: copy.tpl.input.urgency,
        staffServed: copy.tpl.input.staffServed,
        note: copy.tpl.input.note ?? undefined,
        orgId: hotline ? copy.source.org.id : undefined,
        callerName: hotline ? (copy.source.caller?.name ?? undefined) : undefined,
      }
    : { urgency: 'normal' };

  // On wide screens the cart sits under the request's details, beside the catalogue; else below it.
  const side = screens.xl === true;
  const cartCard = (
    <Card
      size="small"
      title={t('supplyRequests.form.cart', { count: cart.length })}
      style={{ marginTop: 16 }}
      styles={{ body: { padding: screens.sm ? 12 : 8 } }}
    >
      {cartError ? (
        <Alert
          type="error"
          showIcon
          title={cartError}
          style={{ marginBottom: 8 }}
          data-testid="supply-form-cart-error"
        />
      ) : null}
      <CartTable
        cart={cart}
        showErrors={tried}
        compact={side}
        onChange={(next) => {
          setCart(next);
          if (tried) setCartError(cartProblem(next));
        }}
      />
    </Card>
  );

  return (
    <div className="nj-hs">
      {back}
      <div className="nj-hs-head" style={{ marginTop: 12, marginBottom: 8 }}>
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
            {hotline ? t('supplyRequests.form.hotlineTitle') : t('supplyRequests.form.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {copy
              ? t('supplyRequests.form.copyOf', { code: copy.source.code })
              : hotline
                ? t('supplyRequests.form.hotlineHint')
                : t('supplyRequests.form.hint')}
          </Typography.Text>
        </div>
        <Link to="/supplies/special?new=1" data-testid="supply-form-special">
          {t('supplyRequests.form.special')}
        </Link>
      </div>

      {dropped.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="supply-form-dropped"
          title={t('supplyRequests.form.dropped', { count: dropped.length })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {dropped.map((d) => (
                <li key={d.itemId}>
                  {d.name}：{d.reason}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}

      <Form<Values>
        name="supplyRequest"
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        onFinishFailed={() => {
          setTried(true);
          setCartError(cartProblem(cart));
        }}
        scrollToFirstError
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={9}>
            <Card size="small" title={t('supplyRequests.form.basics')}>
              {hotline ? (
                <>
                  <Alert
                    type="info"
                    showIcon
                    icon={<PhoneOutlined />}
                    title={t('supplyRequests.form.hotlineNotice')}
                    style={{ marginBottom: 12 }}
                  />
                  <Form.Item
                    name="orgId"
                    label={t('supplyRequests.form.org')}
                    rules={[chosen(t('supplyRequests.form.org'))]}
                  >
                    <OrgSelect
                      activeOnly
                      known={copy ? [copy.source.org] : []}
                      placeholder={t('supplyRequests.form.orgPlaceholder')}
                      data-testid="supply-form-org"
                      aria-label={t('supplyRequests.form.org')}
                    />
                  </Form.Item>
                  <Row gutter={12}>
                    <Col span={10}>
                      <Form.Item
                        name="callerName"
                        label={t('supplyRequests.form.callerName')}
                        rules={[
                          { ...required(t('supplyRequests.form.callerName')), whitespace: true },
                          { max: 20, message: t('supplyRequests.form.max', { max: 20 }) },
                        ]}
                      >
                        <Input maxLength={20} data-testid="supply-form-caller-name" />
                      </Form.Item>
                    </Col>
                    <Col span={14}>
                      <Form.Item
                        name="callerPhone"
                        label={t('supplyRequests.form.callerPhone')}
                        rules={[
                          required(t('supplyRequests.form.callerPhone')),
                          { pattern: phonePattern, message: t('supplyRequests.form.phoneInvalid') },
                        ]}
                      >
                        <Input maxLength={13} inputMode="tel" data-testid="supply-form-caller-phone" />
                      </Form.Item>
                    </Col>
                  </Row>
                </>
              ) : null}
              <Form.Item
                name="pointId"
                label={t('supplyRequests.form.point')}
                rules={[chosen(t('supplyRequests.form.point'))]}
                extra={
                  !points.isPending && pointOptions.length === 0 && (!hotline || orgId)
                    ? t('supplyRequests.form.noPoints')
                    : undefined
                }
              >
                <Select<number>
                  showSearch={{ optionFilterProp: 'label' }}
                  options={pointOptions}
                  loading={points.isFetching}
                  disabled={hotline && !orgId}
                  placeholder={
                    hotline && !orgId
                      ? t('supplyRequests.form.pickOrgFirst')
                      : t('supplyRequests.form.pointPlaceholder')
                  }
                  data-testid="supply-form-point"
                  aria-label={t('supplyRequests.form.point')}
                />
              </Form.Item>
              <Form.Item
                name="urgency"
                label={t('supplyRequests.form.urgency')}
                rules={[chosen(t('supplyRequests.form.urgency'))]}
              >
                <Radio.Group optionType="button" buttonStyle="solid">
                  {urgencies.map((u) => (
                    <Radio.Button key={u} value={u}>
                      <span data-testid={`supply-form-urgency-${u}`}>{label('urgency', u)}</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item
                name="staffServed"
                label={t('supplyRequests.form.staffServed')}
                extra={t('supplyRequests.form.staffServedHint')}
                rules={[
                  required(t('supplyRequests.form.staffServed')),
                  {
                    type: 'integer',
                    min: 1,
                    max: 100_000,
                    message: t('supplyRequests.form.staffRange'),
                  },
                ]}
              >
                <InputNumber<number>
                  precision={0}
                  style={{ width: 180 }}
                  suffix={t('supplyRequests.form.people')}
                  data-testid="supply-form-staff"
                />
              </Form.Item>
              <Form.Item
                name="note"
                label={t('supplyRequests.form.note')}
                rules={[{ max: 500, message: t('supplyRequests.form.max', { max: 500 }) }]}
              >
                <Input.TextArea
                  rows={3}
                  maxLength={500}
                  showCount
                  placeholder={t('supplyRequests.form.notePlaceholder')}
                  data-testid="supply-form-note"
                />
              </Form.Item>
            </Card>
            {side ? cartCard : null}
          </Col>
          <Col xs={24} xl={15}>
            <Card size="small" title={t('supplyRequests.form.catalogue')}>
              <ItemPicker
                cart={cart}
                onAdd={(i) => {
                  const next = [...cart, { item: cartItemOf(i), quantity: null }];
                  setCart(next);
                  if (tried) setCartError(cartProblem(next));
                }}
              />
            </Card>
            {side ? null : cartCard}
          </Col>
        </Row>
        <div
          style={{
            position: 'sticky',
            bottom: 0,
            zIndex: 2,
            marginTop: 16,
            padding: '12px 0',
            background: 'var(--ant-color-bg-layout, #f5f5f5)',
          }}
        >
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="supply-form-submit">
              {hotline ? t('supplyRequests.form.submitHotline') : t('supplyRequests.form.submit')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('action.cancel')}</Button>
          </Space>
        </div>
      </Form>
    </div>
  );
}
