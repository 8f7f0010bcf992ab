import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, List, Modal, Result, Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import {
  type PartnerOption,
  requestsKey,
  SHIPMENTS,
  suppliesKey,
  type TShipment,
  urgencyColor,
  useSupplyLabels,
} from './requests.model.ts';

interface Values {
  partnerOrgId?: number;
  note?: string;
}
type Created = Pick<TShipment, 'id' | 'code' | 'urgency'> & { point?: { name: string } };

/** `GET /shipments/partners` may answer with a list or a page; either way a list of orgs. */
const partnersOf = (body: unknown): PartnerOption[] =>
  Array.isArray(body) ? body : ((body as { items?: PartnerOption[] } | null)?.items ?? []);
/** `POST /shipments` answers with the shipments made (a list, or `{ items | shipments }`). */
const createdOf = (body: unknown): Created[] => {
  if (Array.isArray(body)) return body;
  const b = body as { items?: Created[]; shipments?: Created[] } | null;
  return b?.items ?? b?.shipments ?? [];
};

/**
 * 派单: hand the approved, not yet loaded quantities of the chosen requests to a logistics partner
 * (one shipment per delivery point, made by the server); lists the shipments made.
 *
 * Selectors: supply-dispatch-modal, supply-dispatch-partner, supply-dispatch-note, supply-dispatch-ok,
 * supply-dispatch-result, supply-dispatch-shipment-<id> (links to the shipments made).
 */
export function DispatchModal({
  requests,
  open,
  onClose,
  onDone,
}: {
  requests: { id: number; code: string }[];
  open: boolean;
  onClose: () => void;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const label = useSupplyLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<Created[] | null>(null);
  const partners = useQuery({
    queryKey: [...suppliesKey, 'partners'],
    queryFn: async () => partnersOf(await api.get<unknown>(`${SHIPMENTS}/partners`)),
    enabled: open,
    staleTime: 60_000,
  });

  // One partner only: choose it.
  useEffect(() => {
    const only = partners.data?.length === 1 ? partners.data[0] : undefined;
    if (open && only && form.getFieldValue('partnerOrgId') === undefined) {
      form.setFieldValue('partnerOrgId', only.id);
    }
  }, [open, partners.data, form]);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const body = await api.post<unknown>(SHIPMENTS, {
        requestIds: requests.map((r) => r.id),
        partnerOrgId: v.partnerOrgId,
        note: v.note?.trim() || null,
      });
      setCreated(createdOf(body));
      void client.invalidateQueries({ queryKey: requestsKey });
      onDone?.();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      void client.invalidateQueries({ queryKey: requestsKey });
    } finally {
      setSaving(false);
    }
  };

  const options = (partners.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  return (
    <Modal
      open={open}
      title={
        created
          ? t('supplyRequests.dispatch.titleDone')
          : t('supplyRequests.dispatch.title', { count: requests.length })
      }
      onCancel={onClose}
      afterClose={() => {
        setCreated(null);
        form.resetFields();
      }}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid="supply-dispatch-modal"
      footer={
        created ? (
          <Button type="primary" onClick={onClose} data-testid="supply-dispatch-close">
            {t('supplyRequests.dispatch.close')}
          </Button>
        ) : (
          [
            <Button key="cancel" onClick={onClose}>
              {t('action.cancel')}
            </Button>,
            <Button
              key="ok"
              type="primary"
              loading={saving}
              onClick={() => form.submit()}
              data-testid="supply-dispatch-ok"
            >
              {t('supplyRequests.dispatch.ok')}
            </Button>,
          ]
        )
      }
    >
      {created ? (
        <Result
          status="success"
          style={{ padding: '16px 0' }}
          title={t('supplyRequests.dispatch.done', { count: created.length })}
          subTitle={t('supplyRequests.dispatch.doneHint')}
          extra={
            <List
              data-testid="supply-dispatch-result"
              size="small"
              bordered
              style={{ textAlign: 'start' }}
              dataSource={created}
              renderItem={(s) => (
                <List.Item>
                  <Link
                    to={`/supplies/shipments/${s.id}`}
                    data-testid={`supply-dispatch-shipment-${s.id}`}
                    className="nj-hs-mono"
                  >
                    {s.code}
                  </Link>
                  <span>
                    {s.point?.name ?? ''}{' '}
                    {s.urgency ? (
                      <Tag color={urgencyColor[s.urgency]} style={{ marginInlineEnd: 0 }}>
                        {label('urgency', s.urgency)}
                      </Tag>
                    ) : null}
                  </span>
                </List.Item>
              )}
            />
          }
        />
      ) : (
        <Form<Values> form={form} name="supplyDispatch" layout="vertical" onFinish={submit}>
          <Typography.Paragraph type="secondary">{t('supplyRequests.dispatch.hint')}</Typography.Paragraph>
          <Typography.Paragraph>
            {requests.slice(0, 12).map((r) => (
              <Tag key={r.id} className="nj-hs-mono">
                {r.code}
              </Tag>
            ))}
            {requests.length > 12 ? t('supplyRequests.dispatch.more', { count: requests.length - 12 }) : null}
          </Typography.Paragraph>
          {partners.isError ? (
            <Alert type="error" showIcon title={errorMessage(partners.error)} style={{ marginBottom: 12 }} />
          ) : null}
          <Form.Item
            name="partnerOrgId"
            label={t('supplyRequests.dispatch.partner')}
            rules={[{ required: true, message: t('supplyRequests.dispatch.partnerRequired') }]}
            extra={
              partners.data && partners.data.length === 0
                ? t('supplyRequests.dispatch.noPartners')
                : undefined
            }
          >
            <Select<number>
              options={options}
              loading={partners.isFetching}
              placeholder={t('supplyRequests.dispatch.partnerPlaceholder')}
              data-testid="supply-dispatch-partner"
              aria-label={t('supplyRequests.dispatch.partner')}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('supplyRequests.dispatch.note')}
            rules={[{ max: 300, message: t('supplyRequests.form.max', { max: 300 }) }]}
          >
            <Input.TextArea rows={2} maxLength={300} showCount data-testid="supply-dispatch-note" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
