/**
 * Client-side helpers of the 履职评价 console pages (issue #9): API paths, query keys, the congress
 * chosen in the address (`?congress=<id>`), tag colours and source links. Types and Chinese labels come
 * from the shared contract `shared/duty.ts`.
 */
import { useSearchParams } from 'react-router';
import type {
  AttendanceState,
  DutyRecordState,
  TDutyRecord,
  TLeaderboard,
  TScheme,
} from '../../../../shared/duty.ts';
import { request } from '../../../shared/api.ts';
import { type TCongress, useCongresses } from '../proposals/model.ts';
import { registerDutyPageStrings } from './duty-pages.i18n.ts';

registerDutyPageStrings();

export const DUTY = '/api/v1/duty';
export const dutyKey = ['duty'] as const;
export const leaderboardKey = (congressId: number) => [...dutyKey, 'leaderboard', congressId] as const;
export const schemeKey = (congressId: number) => [...dutyKey, 'scheme', congressId] as const;
export const archiveKey = (congressId: number) => [...dutyKey, 'archive', congressId] as const;
export const sessionsKey = (congressId: number) => [...dutyKey, 'sessions', congressId] as const;
export const sessionKey = (id: number) => [...dutyKey, 'session', id] as const;
export const recordsKey = [...dutyKey, 'records'] as const;
export const profileKey = (repId: number) => [...dutyKey, 'profile', repId] as const;

/** The API client has no `put`; the scheme and attendance endpoints use PUT. */
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);

export type { TCongress, TDutyRecord, TLeaderboard, TScheme };

/**
 * The congress the page shows: `?congress=<id>` if it is one of the caller's, else the first active one,
 * else the first. `choose` keeps the other search params except those named in `reset`.
 */
export function useDutyCongress() {
  const congresses = useCongresses();
  const [params, setParams] = useSearchParams();
  const list = congresses.data ?? [];
  const wanted = Number(params.get('congress'));
  const current = list.find((c) => c.id === wanted) ?? list.find((c) => c.state === 'active') ?? list[0];
  const choose = (id: number, reset: string[] = []) => {
    const next = new URLSearchParams(params);
    next.set('congress', String(id));
    for (const k of reset) next.delete(k);
    setParams(next);
  };
  return { congresses, list, current, choose, params, setParams };
}

export const recordStateColor: Record<DutyRecordState, string> = {
  counted: 'green',
  pending: 'gold',
  approved: 'blue',
  rejected: 'red',
  void: 'default',
};

export const attendanceColor: Record<AttendanceState, string> = {
  present: 'green',
  leave: 'blue',
  absent: 'red',
  unmarked: 'default',
};

/** Where a record's source lives on the console (a proposal or a session), else null. */
export function sourceLink(r: Pick<TDutyRecord, 'sourceRef'>): { to: string; kind: string } | null {
  const m = /^(proposal|session|survey|thread):(\d+)$/.exec(r.sourceRef ?? '');
  if (!m) return null;
  if (m[1] === 'proposal') return { to: `/proposals/${m[2]}`, kind: 'proposal' };
  if (m[1] === 'session') return { to: `/duty/sessions/${m[2]}`, kind: 'session' };
  if (m[1] === 'survey') return { to: `/surveys/${m[2]}`, kind: 'survey' };
  return null;
}

/** Points as the console writes them: +5, −3, 2.5. */
export function signedPoints(n: number): string {
  const v = Math.round(n * 100) / 100;
  return v > 0 ? `+${v}` : v < 0 ? `−${Math.abs(v)}` : '0';
}

export const fmt = (n: number) => String(Math.round(n * 100) / 100);
