import { useQuery } from '@tanstack/react-query';
import type {
  TCheckinView,
  TDutyProfile,
  TDutyRecord,
  TLeaderboard,
  TScheme,
} from '../../../../shared/duty.ts';
import { api } from '../../../shared/api.ts';

/**
 * 履职评价 on the H5: the endpoints under /api/v1/duty. Types only from src/shared/duty.ts (a value import
 * would bring zod into the H5).
 */
export const base = '/api/v1/duty';

export type RecordState = TDutyRecord['state'];

/** One seat of `GET /duty/me` (the shared ZMyDuty is an array of these). */
export interface MySeat {
  congress: { id: number; name: string; state: 'active' | 'closed' };
  representativeId: number;
  total: number;
  rank: number;
  representativeCount: number;
  records: number;
  pending: number;
}

export const myDutyKey = ['duty', 'me'] as const;

export function useMyDuty(enabled = true) {
  return useQuery({
    queryKey: myDutyKey,
    queryFn: () => api.get<MySeat[]>(`${base}/me`),
    enabled,
    staleTime: 5_000,
  });
}

export const profileKey = (repId: number) => ['duty', 'profile', repId] as const;

export function useDutyProfile(repId: number) {
  return useQuery({
    queryKey: profileKey(repId),
    queryFn: () => api.get<TDutyProfile>(`${base}/representatives/${repId}/profile`),
    enabled: repId > 0,
    staleTime: 5_000,
  });
}

export function useLeaderboard(congressId: number) {
  return useQuery({
    queryKey: ['duty', 'leaderboard', congressId],
    queryFn: () => api.get<TLeaderboard>(`${base}/congresses/${congressId}/leaderboard`),
    enabled: congressId > 0,
    staleTime: 30_000,
  });
}

export function useScheme(congressId: number) {
  return useQuery({
    queryKey: ['duty', 'scheme', congressId],
    queryFn: () => api.get<TScheme>(`${base}/congresses/${congressId}/scheme`),
    enabled: congressId > 0,
    staleTime: 60_000,
  });
}

export const checkinKey = (token: string) => ['duty', 'checkin', token] as const;

export function useCheckin(token: string) {
  return useQuery({
    queryKey: checkinKey(token),
    queryFn: () => api.get<TCheckinView>(`${base}/checkin/${encodeURIComponent(token)}`),
    enabled: token.length > 0,
    retry: false,
  });
}

/** Chip tone of a record state (the errand chips' colours). */
export function recordTone(state: RecordState): string {
  if (state === 'pending') return 'is-pending';
  if (state === 'approved' || state === 'counted') return 'is-done';
  if (state === 'rejected') return 'is-off';
  return 'is-off';
}

/** +5, −5, 0: a record's points for the list (two decimals at most, no trailing zeros). */
export function formatPoints(points: number): string {
  const v = Math.round(points * 100) / 100;
  if (v > 0) return `+${v}`;
  if (v < 0) return `−${Math.abs(v)}`;
  return '0';
}

/** A score with at most two decimals (the server rounds; this only drops trailing zeros). */
export const formatScore = (n: number) => String(Math.round(n * 100) / 100);

// ---------------------------------------------------------------- radar geometry

export interface RadarAxis {
  name: string;
  points: number;
  cap: number;
}

/**
 * Corners of the radar: axis i at angle −90° + i × 360°/n (first axis straight up), the value's share of
 * its cap (clamped to 0..1) times the radius. Coordinates rounded to 0.1 for a small SVG.
 */
export function radarPoints(axes: RadarAxis[], radius: number, center: number) {
  const n = axes.length;
  const round = (v: number) => Math.round(v * 10) / 10;
  return axes.map((a, i) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / n;
    const share = a.cap > 0 ? Math.min(1, Math.max(0, a.points / a.cap)) : 0;
    return {
      share,
      x: round(center + Math.cos(angle) * radius * share),
      y: round(center + Math.sin(angle) * radius * share),
      axisX: round(center + Math.cos(angle) * radius),
      axisY: round(center + Math.sin(angle) * radius),
      cos: Math.cos(angle),
      sin: Math.sin(angle),
    };
  });
}

/** The polygon of the rings at `level` (0..1) of the radius. */
export function ringPath(n: number, radius: number, center: number, level: number): string {
  const round = (v: number) => Math.round(v * 10) / 10;
  return Array.from({ length: n }, (_, i) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / n;
    return `${round(center + Math.cos(angle) * radius * level)},${round(center + Math.sin(angle) * radius * level)}`;
  }).join(' ');
}
