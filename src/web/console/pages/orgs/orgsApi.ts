import type { TOrg } from '../../../../shared/orgs.ts';
import { type OrgType, orgTypes, partnerOrgTypes } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const base = '/api/v1/orgs';

/** Every orgs query starts with 'orgs', so one invalidation refreshes the page after a change. */
export const orgKeys = {
  all: ['orgs'] as const,
  root: ['orgs', 'root'] as const,
  children: (id: number) => ['orgs', 'children', id] as const,
  one: (id: number) => ['orgs', 'one', id] as const,
  childTotal: (id: number) => ['orgs', 'childTotal', id] as const,
  activeChildTotal: (id: number) => ['orgs', 'activeChildTotal', id] as const,
  search: (q: string, scope: string) => ['orgs', 'search', scope, q] as const,
};

/** The server's largest page: more direct children than this are reached through search. */
export const CHILDREN_PAGE = 500;

export const orgsApi = {
  /** The acting org itself (with its child count). */
  root: () => api.get<Page<TOrg>>(base, { childrenOnly: '1', pageSize: 1 }),
  children: (id: number) =>
    api.get<Page<TOrg>>(base, { rootId: id, childrenOnly: '1', pageSize: CHILDREN_PAGE }),
  childTotal: async (id: number) =>
    (await api.get<Page<TOrg>>(base, { rootId: id, childrenOnly: '1', pageSize: 1 })).total,
  /** Direct children still active: an org with any cannot be deactivated. */
  activeChildTotal: async (id: number) =>
    (await api.get<Page<TOrg>>(base, { rootId: id, childrenOnly: '1', state: 'active', pageSize: 1 })).total,
  one: (id: number) => api.get<TOrg>(`${base}/${id}`),
  search: (q: string, pageSize: number, state?: 'active') =>
    api.get<Page<TOrg>>(base, { q: q || undefined, state, pageSize }),
  create: (body: { parentId: number; type: OrgType; name: string; regionCode: string | null }) =>
    api.post<TOrg>(base, body),
  update: (id: number, body: { name: string; regionCode: string | null }) =>
    api.patch<TOrg>(`${base}/${id}`, body),
  move: (id: number, parentId: number) => api.post<TOrg>(`${base}/${id}/move`, { parentId }),
  setState: (id: number, event: 'deactivate' | 'activate', note: string) =>
    api.post<TOrg>(`${base}/${id}/${event}`, note ? { note } : {}),
};

/** Types a new org may have (the national federation is only ever the root). */
export const childTypes: readonly OrgType[] = orgTypes.filter((t) => t !== 'national');

/** Outside partners have no child orgs (as `partnerOrgTypes` in src/shared/orgs.ts). */
export const isPartner = (type: OrgType) => partnerOrgTypes.includes(type);

/** The usual type one level down, preselected in the create form. */
export function suggestedChildType(parent: OrgType): OrgType {
  const next: Partial<Record<OrgType, OrgType>> = {
    national: 'provincial',
    provincial: 'municipal',
    municipal: 'county',
    county: 'township',
  };
  return next[parent] ?? 'grassroots';
}

/** Ids on an org's path from `fromDepth` down, the org itself excluded. */
export function ancestorIds(org: Pick<TOrg, 'path'>, fromDepth: number): number[] {
  return org.path
    .split('.')
    .slice(fromDepth, -1)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export const depthOf = (path: string) => path.split('.').length - 1;
