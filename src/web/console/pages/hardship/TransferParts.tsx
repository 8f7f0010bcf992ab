/**
 * 档案移交 pieces shared by the transfer inbox and the archive page: the receiving-union picker,
 * the propose dialog, the accept/decline/withdraw dialog, the pending banner and the history list.
 */
import { SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, List, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  TransferAction,
  TransferState,
  TTransfer,
  TTransferTarget,
} from '../../../../shared/hardship-transfer.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import { registerHardshipTransferStrings } from '../hardship-transfer.i18n.ts';
import { hardshipKey, type TArchive } from './model.ts';

registerHardshipTransferStrings();

export type { TransferAction, TransferState, TTransfer };

export const transfersKey = [...hardshipKey, 'transfers'] as const;
export const archiveTransfersKey = (id: number) => [...transfersKey, 'archive', id] as const;

export const transferStateColor: Record<TransferState, string> = {
  pending: 'gold',
  accepted: 'green',
  declined: 'red',
  cancelled: 'default',
};

export function TransferStateTag({ state }: { state: TransferState }) {
  const { t } = useTranslation();
  return (
    <Tag color={transferStateColor[state]} style={{ marginInlineEnd: 0 }}>
      {t(`hardshipTransfer.state.${state}`)}
    </Tag>
  );
}

/** The transfers of one archive, newest first (the caller must be able to view the archive). */
export function useArchiveTransfers(archiveId: number) {
  return useQuery({
    queryKey: archiveTransfersKey(archiveId),
    queryFn: () => api.get<{ items: TTransfer[] }>(`/api/v1/hardship/archives/${archiveId}/transfers`),
  });
}

// ---------------------------------------------------------------- receiving-union picker

/** Any active union of the platform, searched by name; shows where it sits to tell namesakes apart. */
function TargetSelect(props: {
  id?: string;
  archiveId: number;
  value?: number;
  onChange?: (v: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: [...transfersKey, 'targets', props.archiveId, q],
    queryFn: () =>
      api.get<{ items: TTransferTarget[] }>('/api/v1/hardship/transfer-targets', {
        q: q || undefined,
        archiveId: props.archiveId,
      }),
    staleTime: 60_000,
  });
  const items = results.data?.items ?? [];
  return (
    <Select<number>
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v ?? undefined)}
      placeholder={t('hardshipTransfer.propose.targetPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear
      loading={results.isFetching}
      notFoundContent={results.isFetching ? <Spin size="small" /> : t('hardshipTransfer.propose.targetNone')}
      options={items.map((o) => ({
        value: o.id,
        label: o.name,
        title: o.pathLabel,
        path: o.pathLabel,
      }))}
      optionRender={(o) => (
        <div style={{ lineHeight: 1.35, padding: '2px 0' }}>
          <div>{o.label}</div>
          {o.data.path ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.path}
            </Typography.Text>
          ) : null}
        </div>
      )}
      data-testid="transfer-target"
    />
  );
}

// ---------------------------------------------------------------- propose

interface ProposeValues {
  toOrgId?: number;
  reason?: string;
}

/** 移交: pick the receiving union anywhere on the platform and give the reason. */
export function ProposeTransferModal(props: { archive: TArchive; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ProposeValues>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const a = props.archive;

  const submit = async (v: ProposeValues) => {
    setSaving(true);
    try {
      const tr = await api.post<TTransfer>(`/api/v1/hardship/archives/${a.id}/transfers`, {
        toOrgId: v.toOrgId,
        reason: v.reason?.trim(),
      });
      await client.invalidateQueries({ queryKey: transfersKey });
      message.success(t('hardshipTransfer.propose.done', { org: tr.toOrg.name }));
      props.onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('hardshipTransfer.propose.title', { name: a.basic.name })}
      open={props.open}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      okText={t('hardshipTransfer.action.propose')}
      okButtonProps={{ 'data-testid': 'transfer-propose-ok' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('hardshipTransfer.propose.hint')} style={{ marginBottom: 16 }} />
      <Form<ProposeValues> name="hardshipTransfer" form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="toOrgId"
          label={t('hardshipTransfer.propose.target')}
          rules={[{ required: true, message: t('hardshipTransfer.propose.targetRequired') }]}
        >
          <TargetSelect archiveId={a.id} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('hardshipTransfer.propose.reason')}
          rules={[
            { required: true, whitespace: true, message: t('hardshipTransfer.propose.reasonRequired') },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('hardshipTransfer.propose.reasonPlaceholder')}
            data-testid="transfer-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- accept / decline / withdraw

interface DecideTransferProps {
  transfer: TTransfer | null;
  action: TransferAction | null;
  onClose: () => void;
  onDone?: (t: TTransfer, action: TransferAction) => void;
}

/** Accept, decline (with a reason) or withdraw one transfer, with an optional note. */
export function DecideTransferModal(props: DecideTransferProps) {
  // A new form each time it opens: a 不接收 reason typed and cancelled must not come back as 接收's 说明.
  const openings = useOpenings(props.transfer !== null && props.action !== null);
  return <DecideTransferDialog key={openings} {...props} />;
}

function DecideTransferDialog(props: DecideTransferProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string }>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const { transfer: tr, action } = props;
  const open = tr !== null && action !== null;

  const submit = async (v: { note?: string }) => {
    if (!tr || !action) return;
    setSaving(true);
    try {
      const note = v.note?.trim();
      const next = await api.post<TTransfer>(
        `/api/v1/hardship/transfers/${tr.id}/${action}`,
        note ? { note } : {},
      );
      // The archive changed hands (or not): every hardship view may be stale.
      await client.invalidateQueries({ queryKey: hardshipKey });
      message.success(t(`hardshipTransfer.decide.done.${action}`));
      props.onDone?.(next, action);
      props.onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
      // Someone else decided first: show what happened.
      await client.invalidateQueries({ queryKey: transfersKey });
    } finally {
      setSaving(false);
    }
  };

  const hint =
    action === 'accept'
      ? t('hardshipTransfer.decide.acceptHint', { org: tr?.toOrg.name })
      : action === 'decline'
        ? t('hardshipTransfer.decide.declineHint', { org: tr?.fromOrg.name })
        : t('hardshipTransfer.decide.cancelHint');
  return (
    <Modal
      title={action && tr ? t(`hardshipTransfer.decide.${action}Title`, { name: tr.archiveName }) : ''}
      open={open}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={saving}
      okText={action ? t(`hardshipTransfer.action.${action}`) : ''}
      okButtonProps={{
        danger: action === 'decline' || action === 'cancel',
        'data-testid': 'transfer-decide-ok',
      }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {tr ? (
        <Typography.Paragraph>
          {tr.fromOrg.name} → <strong>{tr.toOrg.name}</strong>
          <br />
          <Typography.Text type="secondary">
            {t('hardshipTransfer.col.reason')}：{tr.reason}
          </Typography.Text>
        </Typography.Paragraph>
      ) : null}
      <Alert
        type={action === 'accept' ? 'info' : 'warning'}
        showIcon
        title={hint}
        style={{ marginBottom: 16 }}
      />
      <Form<{ note?: string }> name="hardshipTransferDecide" form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="note"
          label={
            action === 'decline' ? t('hardshipTransfer.decide.reason') : t('hardshipTransfer.decide.note')
          }
          rules={
            action === 'decline'
              ? [
                  { required: true, whitespace: true, message: t('hardshipTransfer.decide.reasonRequired') },
                  { min: 2, message: t('hardshipTransfer.decide.reasonRequired') },
                ]
              : []
          }
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={action === 'decline' ? undefined : t('hardshipTransfer.decide.notePlaceholder')}
            data-testid="transfer-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- on the archive page

/** The button that opens the propose dialog; disabled with the reason when a transfer cannot start. */
export function ProposeTransferButton(props: { disabledReason: string | null; onClick: () => void }) {
  const { t } = useTranslation();
  const button = (
    <Button
      icon={<SwapOutlined />}
      disabled={props.disabledReason !== null}
      onClick={props.onClick}
      data-testid="transfer-propose"
    >
      {t('hardshipTransfer.propose.button')}
    </Button>
  );
  return props.disabledReason ? (
    <span title={props.disabledReason} style={{ display: 'inline-block' }}>
      {button}
    </span>
  ) : (
    button
  );
}

/** A pending transfer of the archive, with what the caller may do about it. */
export function PendingTransferBanner(props: {
  transfer: TTransfer;
  onAction: (action: TransferAction) => void;
}) {
  const { t, i18n } = useTranslation();
  const tr = props.transfer;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<SwapOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="transfer-banner"
      title={t('hardshipTransfer.banner.title', { org: tr.toOrg.name })}
      description={t('hardshipTransfer.banner.text', {
        name: tr.requestedBy ?? '—',
        time: formatDateTime(tr.requestedAt, i18n.language),
        reason: tr.reason,
      })}
      action={
        tr.actions.length > 0 ? (
          <Space wrap>
            {tr.actions.map((act) => (
              <Button
                key={act}
                size="small"
                type={act === 'accept' ? 'primary' : 'default'}
                danger={act !== 'accept'}
                onClick={() => props.onAction(act)}
                data-testid={`transfer-banner-${act}`}
              >
                {t(`hardshipTransfer.banner.${act}`)}
              </Button>
            ))}
          </Space>
        ) : undefined
      }
    />
  );
}

/** Every transfer of the archive: from, to, why, who decided and when. */
export function TransferHistory({ archiveId }: { archiveId: number }) {
  const { t, i18n } = useTranslation();
  const list = useArchiveTransfers(archiveId);
  if (list.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('hardshipTransfer.history.loadFailed')}
        description={errorMessage(list.error)}
        action={
          <Button size="small" onClick={() => void list.refetch()}>
            {t('action.retry')}
          </Button>
        }
      />
    );
  }
  return (
    <List<TTransfer>
      loading={list.isPending}
      dataSource={list.data?.items ?? []}
      locale={{ emptyText: t('hardshipTransfer.history.empty') }}
      data-testid="transfer-history"
      renderItem={(tr) => (
        <List.Item>
          <List.Item.Meta
            title={
              <Space wrap size={8}>
                <span>
                  {tr.fromOrg.name} → {tr.toOrg.name}
                </span>
                <TransferStateTag state={tr.state} />
              </Space>
            }
            description={
              <>
                <div>
                  {t('hardshipTransfer.col.reason')}：{tr.reason}
                </div>
                <div>
                  {t('hardshipTransfer.col.requested')}：
                  {t('hardshipTransfer.by', {
                    name: tr.requestedBy ?? '—',
                    time: formatDateTime(tr.requestedAt, i18n.language),
                  })}
                </div>
                {tr.decidedAt ? (
                  <div>
                    {t('hardshipTransfer.col.decided')}：
                    {t('hardshipTransfer.by', {
                      name: tr.decidedBy ?? '—',
                      time: formatDateTime(tr.decidedAt, i18n.language),
                    })}
                    {tr.decisionNote
                      ? ` · ${t('hardshipTransfer.history.note', { note: tr.decisionNote })}`
                      : ''}
                  </div>
                ) : null}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

/** Link to the inbox, for places that mention transfers. */
export function TransfersInboxLink() {
  const { t } = useTranslation();
  return <Link to="/hardship/transfers">{t('hardshipTransfer.inbox')}</Link>;
}
