import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZAuditAction } from '../../../../shared/audit.ts';
import { api } from '../../../shared/api.ts';

export type TAuditAction = z.infer<typeof ZAuditAction>;

export const auditActionsKey = ['audit', 'actions'] as const;
export const useAuditActions = () =>
  useQuery({
    queryKey: auditActionsKey,
    queryFn: () => api.get<TAuditAction[]>('/api/v1/audit/actions'),
    staleTime: 10 * 60_000,
  });

/** An action's name in the page language; Chinese comes from the server, which knows every module's. */
export const actionName = (t: TFunction, code: string, label: string) =>
  t(`audit.actionNames.${code}`, { defaultValue: label });

/** A record kind's name in the page language (the code when the kind is new to the page). */
export const entityName = (t: TFunction, type: string) =>
  t(`audit.entity.${type.replaceAll('.', '_')}`, { defaultValue: type });

const moduleOf = (code: string) => code.split('.')[0] ?? code;

/** What a cadre may type as an action filter of their own: a code or a prefix, not a word to search. */
const ACTION_CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]*)*$/;

interface Option {
  value: string;
  label: string;
}
interface Group {
  label: string;
  title: string;
  options: Option[];
}

/**
 * Pick one action, all actions of a module (`user.`), or type a code or prefix of one's own.
 * The value is what the server's `action` filter takes: a code, or a prefix ending with a dot.
 */
export function ActionSelect({
  value,
  onChange,
  id,
}: {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const actions = useAuditActions();
  const [search, setSearch] = useState('');

  const groups: Group[] = [];
  const known = new Set<string>();
  for (const a of actions.data ?? []) {
    const mod = moduleOf(a.action);
    let group = groups.find((g) => g.title === mod);
    if (!group) {
      const moduleName = t(`audit.module.${mod}`, { defaultValue: mod });
      group = {
        label: moduleName,
        title: mod,
        options: [
          { value: `${mod}.`, label: t('audit.allOfModule', { module: moduleName, prefix: `${mod}.` }) },
        ],
      };
      groups.push(group);
      known.add(`${mod}.`);
    }
    group.options.push({ value: a.action, label: actionName(t, a.action, a.label) });
    known.add(a.action);
  }
  const typed = (v: string): Option => ({
    value: v,
    label: t(v.endsWith('.') ? 'audit.typedPrefix' : 'audit.typedAction', { value: v }),
  });
  const extra: Option[] = [];
  const text = search.trim();
  // 登录 matches the options named 登录…; only a code-like text becomes a filter of its own.
  if (text && !known.has(text) && ACTION_CODE.test(text)) extra.push(typed(text));
  if (value && !known.has(value) && value !== text) extra.push(typed(value));

  return (
    <Select<string, Option | Group>
      id={id}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v || undefined)}
      placeholder={t('audit.filter.actionPlaceholder')}
      loading={actions.isPending}
      showSearch={{
        onSearch: setSearch,
        filterOption: (input, option) => {
          if (!option || 'options' in option) return false;
          if (extra.some((e) => e.value === option.value)) return true;
          const q = input.trim().toLowerCase();
          return option.label.toLowerCase().includes(q) || option.value.toLowerCase().includes(q);
        },
      }}
      options={[...extra, ...groups]}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)' } } }}
    />
  );
}
