import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../shared/orgs.ts';
import { api } from '../../../shared/api.ts';

interface OrgPage {
  items: TOrg[];
  total: number;
}

type Props = Omit<
  SelectProps<number>,
  'options' | 'showSearch' | 'value' | 'onChange' | 'filterOption' | 'loading' | 'mode'
> & {
  value?: number | null | undefined;
  onChange?: (value: number | undefined) => void;
  /** Only orgs that can take accounts (active ones). */
  activeOnly?: boolean;
  /** Orgs whose names are already known, so a preset value shows its name without a request. */
  known?: { id: number; name: string }[];
};

/** A searchable picker over the orgs of the caller's subtree (`GET /api/v1/orgs?q=`). */
export function OrgSelect({ value, onChange, activeOnly, known = [], ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const results = useQuery({
    queryKey: ['orgs', 'options', q, activeOnly ?? false],
    queryFn: () =>
      api.get<OrgPage>('/api/v1/orgs', {
        q: q || undefined,
        state: activeOnly ? 'active' : undefined,
        pageSize: 30,
      }),
    staleTime: 60_000,
  });
  const items = results.data?.items ?? [];
  const knownName = value == null ? undefined : known.find((k) => k.id === value)?.name;
  const listed = value != null && items.some((o) => o.id === value);
  const selected = useQuery({
    queryKey: ['orgs', 'one', value],
    queryFn: () => api.get<TOrg>(`/api/v1/orgs/${value}`),
    enabled: value != null && !listed && knownName === undefined,
    staleTime: 60_000,
  });

  const options = items.map((o) => ({ value: o.id, label: o.name }));
  if (value != null && !listed) {
    const name =
      knownName ?? selected.data?.name ?? (selected.isError ? `#${value}` : t('users.org.loading'));
    // While searching, the current choice shows only if it matches what is typed.
    const typed = text.trim();
    if (!typed || name.includes(typed)) options.unshift({ value, label: name });
  }

  return (
    <Select<number>
      {...rest}
      value={value ?? undefined}
      onChange={(v) => {
        setText('');
        onChange?.(v ?? undefined);
      }}
      options={options}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={results.isFetching}
      notFoundContent={results.isFetching ? <Spin size="small" /> : t('users.org.none')}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 240, maxWidth: 'calc(100vw - 24px)' } } }}
    />
  );
}
