import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Input, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../shared/orgs.ts';
import { errorMessage } from '../../forms.ts';
import { OrgLabel } from './OrgTree.tsx';
import { orgKeys, orgsApi } from './orgsApi.ts';

const RESULTS = 50;

/** Wait until typing pauses before asking the server. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

interface Props {
  text: string;
  onTextChange: (text: string) => void;
}

/** The search box above the tree. */
export function OrgSearchBox({ text, onTextChange }: Props) {
  const { t } = useTranslation();
  return (
    <Input
      allowClear
      type="search"
      value={text}
      maxLength={60}
      prefix={<SearchOutlined aria-hidden />}
      placeholder={t('orgs.searchPlaceholder')}
      aria-label={t('orgs.searchPlaceholder')}
      onChange={(e) => onTextChange(e.target.value)}
      data-testid="org-search"
    />
  );
}

/** Orgs of the subtree whose name contains `q`, as a flat list to pick from. */
export function OrgSearchResults({
  q,
  selectedId,
  onPick,
}: {
  q: string;
  selectedId: number | null;
  onPick: (org: TOrg) => void;
}) {
  const { t } = useTranslation();
  const results = useQuery({
    queryKey: orgKeys.search(q, 'tree'),
    queryFn: () => orgsApi.search(q, RESULTS),
  });
  if (results.isPending) return <Skeleton active paragraph={{ rows: 4 }} title={false} />;
  if (results.isError) return <Alert type="error" showIcon title={errorMessage(results.error)} />;
  const { items, total } = results.data;
  if (items.length === 0) {
    return <Typography.Paragraph type="secondary">{t('orgs.noMatch', { q })}</Typography.Paragraph>;
  }
  return (
    <div>
      <Typography.Text type="secondary" className="nj-org-results-head">
        {t('orgs.searchResults', { count: total })}
      </Typography.Text>
      <ul className="nj-org-results" data-testid="org-search-results">
        {items.map((org) => (
          <li key={org.id}>
            <button
              type="button"
              className={org.id === selectedId ? 'is-selected' : undefined}
              aria-current={org.id === selectedId ? 'true' : undefined}
              onClick={() => onPick(org)}
            >
              <OrgLabel org={org} />
            </button>
          </li>
        ))}
      </ul>
      {total > items.length && (
        <Typography.Text type="secondary">
          {t('orgs.searchMore', { shown: items.length, total })}
        </Typography.Text>
      )}
    </div>
  );
}
