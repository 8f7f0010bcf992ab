import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Input,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { donorKinds, type TEventClaimsInput, type TWishListItem } from '../../../../shared/wishes.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import {
  API,
  activitiesKey,
  type DonorKind,
  fenText,
  useWishLabels,
  type WishPage,
  wishesKey,
} from './model.ts';

interface Row {
  key: number;
  wishId?: number | undefined;
  /** The picked wish, so its label stays while other searches run. */
  wish?: TWishListItem | undefined;
  donorName: string;
  donorKind: DonorKind;
  mobile: string;
}

const MOBILE = /^1\d{10}$/;
let nextKey = 1;
const blankRow = (): Row => ({ key: nextKey++, donorName: '', donorKind: 'person', mobile: '' });

/** A searchable picker over the published (待认领) wishes of the caller's subtree. */
function PublishedWishSelect({
  value,
  picked,
  taken,
  onPick,
  status,
  testId,
}: {
  value: number | undefined;
  picked: TWishListItem | undefined;
  /** Wishes picked on other rows. */
  taken: Set<number>;
  onPick: (w: TWishListItem | undefined) => void;
  status?: 'error' | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: [...wishesKey, 'list', 'published-options', q],
    queryFn: () => api.get<WishPage>(API, { state: 'published', q: q || undefined, pageSize: 30 }),
    staleTime: 15_000,
    // The list stays while the next search loads, so a choice is never made on an empty list.
    placeholderData: keepPreviousData,
  });
  const items = (results.data?.items ?? []).filter((w) => !taken.has(w.id) || w.id === value);
  const all = picked && !items.some((w) => w.id === picked.id) ? [picked, ...items] : items;
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      allowClear
      value={value}
      status={status}
      style={{ width: '100%' }}
      placeholder={t('wishes.bulk.wishPlaceholder')}
      notFoundContent={results.isFetching ? <Spin size="small" /> : t('wishes.bulk.wishNone')}
      onChange={(v) => {
        setText('');
        onPick(all.find((w) => w.id === v));
      }}
      options={all.map((w) => ({
        value: w.id,
        label: `#${w.id} ${w.title} · ${w.maskedName} · ${fenText(w.valueFen)}`,
        title: w.title,
      }))}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 360, maxWidth: 'calc(100vw - 24px)' } } }}
      data-testid={testId}
    />
  );
}

type BulkField = 'wish' | 'donorName' | 'mobile';
/** A row's problem, shown under the field it is about. */
interface RowError {
  field: BulkField;
  message: string;
}

function FieldError({
  error,
  field,
  index,
}: {
  error: RowError | undefined;
  field: BulkField;
  index: number;
}) {
  if (error?.field !== field) return null;
  return (
    <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`bulk-error-${index}`} role="alert">
      {error.message}
    </Typography.Text>
  );
}

/**
 * 批量录入: the claims written on paper at an event, one row each (a published wish, who claimed it,
 * 爱心人士 / 爱心企业, optional mobile), sent at once. The server saves all or none; a row it refuses
 * (someone claimed that wish online meanwhile) is marked with the server's reason.
 */
export function BulkClaims({ activityId, onDone }: { activityId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const label = useWishLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => [blankRow(), blankRow()]);
  const [errors, setErrors] = useState<Record<number, RowError>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const update = (key: number, patch: Partial<Row>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setErrors((e) => {
      const { [key]: _, ...rest } = e;
      return rest;
    });
  };
  const taken = new Set(rows.flatMap((r) => (r.wishId ? [r.wishId] : [])));

  /** Rows left untouched are skipped, so a spare empty row does not block the submission. */
  const blank = (r: Row) => !r.wishId && !r.donorName.trim() && !r.mobile.trim();
  const filled = rows.filter((r) => !blank(r));

  /** Row checks the server makes too, so typing mistakes show before sending. */
  const check = (): Record<number, RowError> => {
    const out: Record<number, RowError> = {};
    for (const r of filled) {
      if (!r.wishId) out[r.key] = { field: 'wish', message: t('wishes.bulk.required') };
      else if (!r.donorName.trim())
        out[r.key] = { field: 'donorName', message: t('wishes.bulk.nameRequired') };
      else if (r.mobile.trim() && !MOBILE.test(r.mobile.trim()))
        out[r.key] = { field: 'mobile', message: t('wishes.bulk.mobileInvalid') };
    }
    return out;
  };

  /** The server names a row by its index (`claims.2.wishId`) or in its message (第 3 行). */
  const rowErrors = (e: ApiError, sent: Row[]): Record<number, RowError> => {
    const out: Record<number, RowError> = {};
    for (const issue of e.fieldIssues) {
      const m = /claims\.(\d+)(?:\.(\w+))?/.exec(issue.field);
      const row = m ? sent[Number(m[1])] : undefined;
      const field: BulkField = m?.[2] === 'mobile' || m?.[2] === 'donorName' ? m[2] : 'wish';
      // The row is marked already: its message need not repeat 第 N 行.
      if (row) out[row.key] = { field, message: issue.message.replace(/^第\s*\d+\s*行[：:]\s*/, '') };
    }
    const details = e.details as { row?: unknown; index?: unknown } | undefined;
    const index =
      details && typeof details === 'object' && !Array.isArray(details)
        ? typeof details.index === 'number'
          ? details.index
          : typeof details.row === 'number'
            ? details.row - 1
            : null
        : null;
    const byText = /第\s*(\d+)\s*(?:行|条)/.exec(e.message);
    const at = index ?? (byText ? Number(byText[1]) - 1 : null);
    const row = at !== null ? sent[at] : undefined;
    if (row && !out[row.key]) out[row.key] = { field: 'wish', message: e.message };
    return out;
  };

  const submit = async () => {
    setGeneral(null);
    const local = check();
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    if (filled.length === 0) {
      setGeneral(t('wishes.bulk.empty'));
      return;
    }
    const sent = filled;
    const body: TEventClaimsInput = {
      claims: sent.map((r) => ({
        wishId: r.wishId ?? 0,
        donorName: r.donorName.trim(),
        donorKind: r.donorKind,
        mobile: r.mobile.trim() || null,
      })),
    };
    setSaving(true);
    try {
      const res = await api.post<{ created: number }>(`${API}/activities/${activityId}/claims`, body);
      message.success(t('wishes.bulk.done', { count: res.created }));
      setRows([blankRow()]);
      setErrors({});
      await client.invalidateQueries({ queryKey: activitiesKey });
      await client.invalidateQueries({ queryKey: wishesKey });
      onDone();
    } catch (e) {
      const marked = e instanceof ApiError ? rowErrors(e, sent) : {};
      setErrors(marked);
      setGeneral(errorMessage(e));
      // A wish claimed elsewhere meanwhile leaves the published list.
      void client.invalidateQueries({ queryKey: [...wishesKey, 'list', 'published-options'] });
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<Row> = [
    {
      key: 'n',
      title: '#',
      width: 48,
      render: (_, _r, i) => i + 1,
    },
    {
      key: 'wish',
      title: t('wishes.bulk.wish'),
      render: (_, r, i) => (
        <div>
          <PublishedWishSelect
            value={r.wishId}
            picked={r.wish}
            taken={taken}
            onPick={(w) => update(r.key, { wishId: w?.id, wish: w })}
            status={errors[r.key]?.field === 'wish' ? 'error' : undefined}
            testId={`bulk-wish-${i}`}
          />
          <FieldError error={errors[r.key]} field="wish" index={i} />
        </div>
      ),
    },
    {
      key: 'donorName',
      title: t('wishes.bulk.donorName'),
      width: 220,
      render: (_, r, i) => (
        <div>
          <Input
            value={r.donorName}
            maxLength={80}
            status={errors[r.key]?.field === 'donorName' ? 'error' : undefined}
            aria-label={`${t('wishes.bulk.donorName')} ${i + 1}`}
            onChange={(e) => update(r.key, { donorName: e.target.value })}
            data-testid={`bulk-name-${i}`}
          />
          <FieldError error={errors[r.key]} field="donorName" index={i} />
        </div>
      ),
    },
    {
      key: 'donorKind',
      title: t('wishes.bulk.donorKind'),
      width: 130,
      render: (_, r, i) => (
        <Select<DonorKind>
          value={r.donorKind}
          style={{ width: '100%' }}
          aria-label={`${t('wishes.bulk.donorKind')} ${i + 1}`}
          onChange={(v) => update(r.key, { donorKind: v })}
          options={donorKinds.map((k) => ({ value: k, label: label('kind', k) }))}
          data-testid={`bulk-kind-${i}`}
        />
      ),
    },
    {
      key: 'mobile',
      title: t('wishes.bulk.mobile'),
      width: 160,
      render: (_, r, i) => (
        <div>
          <Input
            value={r.mobile}
            maxLength={11}
            inputMode="numeric"
            status={errors[r.key]?.field === 'mobile' ? 'error' : undefined}
            aria-label={`${t('wishes.bulk.mobile')} ${i + 1}`}
            onChange={(e) => update(r.key, { mobile: e.target.value })}
            data-testid={`bulk-mobile-${i}`}
          />
          <FieldError error={errors[r.key]} field="mobile" index={i} />
        </div>
      ),
    },
    {
      key: 'remove',
      title: '',
      width: 56,
      render: (_, r) => (
        <Button
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t('wishes.bulk.removeRow')}
          disabled={rows.length === 1}
          onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
        />
      ),
    },
  ];

  return (
    <div data-testid="bulk-claims">
      <Typography.Paragraph type="secondary">{t('wishes.bulk.intro')}</Typography.Paragraph>
      {general ? (
        <Alert
          type="error"
          showIcon
          title={general}
          style={{ marginBottom: 12 }}
          data-testid="bulk-general-error"
        />
      ) : null}
      <Table<Row>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        rowClassName={(r) => (errors[r.key] ? 'nj-wish-row-error' : '')}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Button
          icon={<PlusOutlined />}
          onClick={() => setRows((rs) => [...rs, blankRow()])}
          disabled={rows.length >= 500}
        >
          {t('wishes.bulk.addRow')}
        </Button>
        <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="bulk-submit">
          {t('wishes.bulk.submit', { count: filled.length })}
        </Button>
      </Space>
    </div>
  );
}
