import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import {
  REQUESTS,
  requestKey,
  requestsKey,
  type TRequest,
  type TReviewPreview,
  useSupplyLabels,
} from './requests.model.ts';

type PreviewLine = TReviewPreview['lines'][number];
interface LineValue {
  lineId: number;
  approved: number | null;
  reason?: string;
}
interface Values {
  lines: LineValue[];
  note?: string;
}
/** What the stock ledger answered with a 409 STOCK_SHORTAGE (`details.items`). */
interface Shortage {
  itemId: number;
  name: string;
  unit: string;
  available: number;
  wanted: number;
}

const shortagesOf = (e: unknown): Shortage[] | null => {
  if (!(e instanceof ApiError) || e.code !== 'STOCK_SHORTAGE') return null;
  const items = (e.details as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? (items as Shortage[]) : [];
};

/**
 * 审核 drawer: each line with its stock now and the suggested quantity (min of requested, available and
 * the per-request limit), editable; a reason is required for any line approved below what was asked.
 * 通过 reserves the stock (the server refuses with 409 STOCK_SHORTAGE when another approval took it
 * meanwhile: the items are listed and the preview reloaded); 不通过 needs a reason.
 *
 * Selectors: supply-review-drawer, supply-review-qty-<lineId>, supply-review-reason-<lineId>,
 * supply-review-note, supply-review-approve, supply-review-reject, supply-review-reject-reason,
 * supply-review-reject-ok, supply-review-shortage (the 409 list).
 */
export function ReviewDrawer({
  request: r,
  open,
  onClose,
}: {
  request: TRequest;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState('');
  const [rejectError, setRejectError] = useState<string | null>(null);
  const [saving, setSaving] = useState<'approve' | 'reject' | null>(null);
  const [conflict, setConflict] = useState<Shortage[] | null>(null);

  const preview = useQuery({
    queryKey: [...requestKey(r.id), 'review-preview'],
    queryFn: () => api.get<TReviewPreview>(`${REQUESTS}/${r.id}/review-preview`),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
  });
  const lines = preview.data?.lines ?? [];

  // Fill (and, after a reload, refill) the quantities with the suggestions.
  useEffect(() => {
    if (!preview.data) return;
    form.setFieldsValue({
      lines: preview.data.lines.map((l) => ({ lineId: l.lineId, approved: l.suggested, reason: '' })),
    });
  }, [preview.data, form]);

  useEffect(() => {
    if (!open) {
      setRejecting(false);
      setRejectReason('');
      setRejectError(null);
      setConflict(null);
    }
  }, [open]);

  const done = (next: TRequest, key: string) => {
    client.setQueryData(requestKey(r.id), next);
    void client.invalidateQueries({ queryKey: requestsKey, refetchType: 'none' });
    message.success(t(key, { code: r.code }));
    onClose();
  };

  const approve = async (v: Values) => {
    const body = {
      lines: v.lines.map((l, i) => {
        const p = lines[i];
        const reason = l.reason?.trim();
        return {
          lineId: l.lineId,
          approved: l.approved ?? 0,
          reason: p && (l.approved ?? 0) < p.requested && reason ? reason : null,
        };
      }),
      note: v.note?.trim() || null,
    };
    if (body.lines.every((l) => l.approved === 0)) {
      message.warning(t('supplyRequests.review.allZero'));
      return;
    }
    setSaving('approve');
    setConflict(null);
    try {
      done(await api.post<TRequest>(`${REQUESTS}/${r.id}/approve`, body), 'supplyRequests.review.approved');
    } catch (e) {
      const short = shortagesOf(e);
      if (short) {
        setConflict(short);
        void preview.refetch();
      } else {
        message.error(errorMessage(e));
        void client.invalidateQueries({ queryKey: requestKey(r.id) });
      }
    } finally {
      setSaving(null);
    }
  };

  const reject = async () => {
    const reason = rejectReason.trim();
    if (reason.length < 2) {
      setRejectError(t('supplyRequests.review.rejectReasonRequired'));
      return;
    }
    setSaving('reject');
    try {
      done(
        await api.post<TRequest>(`${REQUESTS}/${r.id}/reject`, { reason }),
        'supplyRequests.review.rejected',
      );
    } catch (e) {
      message.error(errorMessage(e));
      void client.invalidateQueries({ queryKey: requestKey(r.id) });
    } finally {
      setSaving(null);
    }
  };

  const columns: TableColumnsType<PreviewLine> = [
    {
      key: 'item',
      title: t('supplyRequests.lines.item'),
      render: (_, l) =>
        narrow ? (
          <div>
            <Typography.Text strong>{l.itemName}</Typography.Text>
            <div style={{ fontSize: 12 }}>
              {t('supplyRequests.lines.requested')} {l.requested}
              {l.unit} ·{' '}
              <Typography.Text type={l.shortage ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('supplyRequests.review.available')} {l.available}
                {l.unit}
              </Typography.Text>
              {l.perRequestLimit != null
                ? ` · ${t('supplyRequests.cart.limit', { limit: l.perRequestLimit, unit: l.unit })}`
                : ''}
            </div>
          </div>
        ) : (
          <Typography.Text strong>{l.itemName}</Typography.Text>
        ),
    },
    {
      key: 'requested',
      title: t('supplyRequests.lines.requested'),
      width: 80,
      align: 'right',
      render: (_, l) => (
        <span className="nj-hs-mono">
          {l.requested}
          {l.unit}
        </span>
      ),
    },
    {
      key: 'available',
      title: t('supplyRequests.review.available'),
      width: 110,
      align: 'right',
      render: (_, l) => (
        <div>
          <Typography.Text className="nj-hs-mono" type={l.shortage ? 'danger' : undefined}>
            {l.available}
            {l.unit}
          </Typography.Text>
          {l.perRequestLimit != null ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('supplyRequests.cart.limit', { limit: l.perRequestLimit, unit: l.unit })}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      key: 'approved',
      title: t('supplyRequests.review.approve'),
      width: narrow ? 130 : 250,
      render: (_, l, i) => (
        <div>
          <Form.Item name={['lines', i, 'lineId']} hidden>
            <Input />
          </Form.Item>
          <Form.Item
            name={['lines', i, 'approved']}
            style={{ marginBottom: 4 }}
            rules={[
              { required: true, message: t('supplyRequests.review.qtyRequired') },
              {
                type: 'integer',
                min: 0,
                max: l.requested,
                message: t('supplyRequests.review.qtyRange', { max: l.requested }),
              },
            ]}
          >
            <InputNumber<number>
              precision={0}
              suffix={l.unit}
              style={{ width: narrow ? 120 : 140 }}
              status={l.shortage ? 'warning' : undefined}
              data-testid={`supply-review-qty-${l.lineId}`}
              aria-label={`${t('supplyRequests.review.approve')} ${l.itemName}`}
            />
          </Form.Item>
          <Form.Item
            noStyle
            shouldUpdate={(a: Values, b: Values) => a.lines?.[i]?.approved !== b.lines?.[i]?.approved}
          >
            {({ getFieldValue }) => {
              const q = getFieldValue(['lines', i, 'approved']) as number | null;
              if (q == null || q >= l.requested) return null;
              return (
                <Form.Item
                  name={['lines', i, 'reason']}
                  style={{ marginBottom: 0 }}
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('supplyRequests.review.reasonRequired'),
                    },
                    { max: 200, message: t('supplyRequests.form.max', { max: 200 }) },
                  ]}
                >
                  <Input
                    size="small"
                    maxLength={200}
                    placeholder={
                      q === 0
                        ? t('supplyRequests.review.dropReason')
                        : t('supplyRequests.review.reducePlaceholder')
                    }
                    data-testid={`supply-review-reason-${l.lineId}`}
                    aria-label={`${t('supplyRequests.review.reason')} ${l.itemName}`}
                  />
                </Form.Item>
              );
            }}
          </Form.Item>
        </div>
      ),
    },
  ];

  const shortLines = lines.filter((l) => l.shortage);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 760 : '100%'}
      title={t('supplyRequests.review.title', { code: r.code })}
      destroyOnHidden
      data-testid="supply-review-drawer"
      footer={
        rejecting ? (
          <div>
            <Input.TextArea
              rows={2}
              maxLength={500}
              value={rejectReason}
              status={rejectError ? 'error' : undefined}
              onChange={(e) => {
                setRejectReason(e.target.value);
                setRejectError(null);
              }}
              placeholder={t('supplyRequests.review.rejectPlaceholder')}
              aria-label={t('supplyRequests.review.rejectReason')}
              data-testid="supply-review-reject-reason"
            />
            {rejectError ? <Typography.Text type="danger">{rejectError}</Typography.Text> : null}
            <Space style={{ marginTop: 8 }}>
              <Button
                danger
                type="primary"
                loading={saving === 'reject'}
                onClick={() => void reject()}
                data-testid="supply-review-reject-ok"
              >
                {t('supplyRequests.review.rejectConfirm')}
              </Button>
              <Button onClick={() => setRejecting(false)}>{t('action.cancel')}</Button>
            </Space>
          </div>
        ) : (
          <Space wrap>
            <Button
              type="primary"
              loading={saving === 'approve'}
              disabled={!preview.data}
              onClick={() => form.submit()}
              data-testid="supply-review-approve"
            >
              {t('supplyRequests.review.approveButton')}
            </Button>
            <Button danger onClick={() => setRejecting(true)} data-testid="supply-review-reject">
              {t('supplyRequests.review.rejectButton')}
            </Button>
            <Typography.Text type="secondary">
              {t('supplyRequests.review.footerHint', {
                urgency: label('urgency', r.urgency),
                staff: r.staffServed,
              })}
            </Typography.Text>
          </Space>
        )
      }
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setConflict(null)}
          style={{ marginBottom: 12 }}
          data-testid="supply-review-shortage"
          title={t('supplyRequests.review.conflict')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {conflict.map((s) => (
                <li key={s.itemId}>
                  {t('supplyRequests.review.conflictItem', {
                    name: s.name,
                    available: s.available,
                    wanted: s.wanted,
                    unit: s.unit,
                  })}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      {preview.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('supplyRequests.review.previewFailed')}
          description={errorMessage(preview.error)}
          action={
            <Button size="small" onClick={() => void preview.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : !preview.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          {shortLines.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="supply-review-warning"
              title={t('supplyRequests.review.shortage')}
              description={shortLines
                .map((l) =>
                  t('supplyRequests.review.shortageLine', {
                    name: l.itemName,
                    requested: l.requested,
                    available: l.available,
                    suggested: l.suggested,
                    unit: l.unit,
                  }),
                )
                .join('；')}
            />
          ) : (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('supplyRequests.review.enough')}
            />
          )}
          <Form<Values> form={form} name="supplyReview" onFinish={approve} layout="vertical">
            <Table<PreviewLine>
              rowKey="lineId"
              size="small"
              columns={narrow ? columns.filter((c) => c.key === 'item' || c.key === 'approved') : columns}
              dataSource={lines}
              pagination={false}
              scroll={narrow ? undefined : { x: 600 }}
            />
            <Form.Item
              name="note"
              label={t('supplyRequests.review.note')}
              style={{ marginTop: 12 }}
              rules={[{ max: 500, message: t('supplyRequests.form.max', { max: 500 }) }]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount data-testid="supply-review-note" />
            </Form.Item>
          </Form>
        </>
      )}
    </Drawer>
  );
}
