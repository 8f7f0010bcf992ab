import type { TAuditFilter } from '../../../../shared/audit.ts';

export type AuditResult = NonNullable<TAuditFilter['result']>;
export const auditResultList = ['success', 'failure', 'denied'] as const satisfies readonly AuditResult[];

/** The filters this page offers, all kept in the URL as strings. */
export type AuditFilters = Pick<TAuditFilter, 'from' | 'to' | 'action' | 'actor' | 'result' | 'ip'>;
const keys = [
  'from',
  'to',
  'action',
  'actor',
  'result',
  'ip',
] as const satisfies readonly (keyof AuditFilters)[];

const isResult = (v: string | null): v is AuditResult =>
  (auditResultList as readonly string[]).includes(v ?? '');

export function readFilters(params: URLSearchParams): AuditFilters {
  const out: AuditFilters = {};
  for (const k of keys) {
    const v = params.get(k)?.trim();
    if (!v) continue;
    if (k === 'result') {
      if (isResult(v)) out.result = v;
    } else out[k] = v;
  }
  return out;
}

export function readPage(params: URLSearchParams): number {
  const n = Number(params.get('page'));
  return Number.isInteger(n) && n > 1 ? n : 1;
}

/** URL search params for filters and page (page 1 and empty filters are left out). */
export function toParams(filters: AuditFilters, page = 1): URLSearchParams {
  const params = new URLSearchParams();
  for (const k of keys) {
    const v = filters[k]?.trim();
    if (v) params.set(k, v);
  }
  if (page > 1) params.set('page', String(page));
  return params;
}
