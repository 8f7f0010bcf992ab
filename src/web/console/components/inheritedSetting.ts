import { type QueryKey, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';

/**
 * A per-org setting as the API answers it: `orgId` is the org asked about, `fromOrgId` the org whose
 * value applies (itself, the nearest ancestor that set one, or null for the platform default).
 */
export interface InheritedSetting {
  orgId: number;
  fromOrgId: number | null;
}

/** Where a setting's value comes from, as a settings form says it. */
export type SettingSource = { kind: 'own' } | { kind: 'ancestor'; name: string } | { kind: 'default' };

/** `name` is the ancestor's name once known; until then (or if it cannot be read) its id stands in. */
export function settingSource(s: InheritedSetting, name: string | undefined): SettingSource {
  if (s.fromOrgId === s.orgId) return { kind: 'own' };
  if (s.fromOrgId === null) return { kind: 'default' };
  return { kind: 'ancestor', name: name ?? `#${s.fromOrgId}` };
}

/**
 * Loads an org's setting and, when it is inherited from an ancestor, that ancestor's name, so the form
 * can say whose figure applies (本组织设定 / 沿用上级 … / 平台默认).
 */
export function useInheritedSetting<T extends InheritedSetting>({
  queryKey,
  url,
  orgId,
  enabled = true,
}: {
  queryKey: QueryKey;
  url: string;
  orgId: number;
  enabled?: boolean;
}) {
  const setting = useQuery({ queryKey, queryFn: () => api.get<T>(url, { orgId }), enabled });
  const s = setting.data;
  const ancestorId = s && s.fromOrgId !== null && s.fromOrgId !== s.orgId ? s.fromOrgId : null;
  const ancestor = useQuery({
    queryKey: ['orgs', 'one', ancestorId],
    queryFn: () => api.get<{ id: number; name: string }>(`/api/v1/orgs/${ancestorId}`),
    enabled: enabled && ancestorId !== null,
    staleTime: 60_000,
  });
  const source = s ? settingSource(s, ancestor.data?.name) : undefined;
  return { setting, source };
}
