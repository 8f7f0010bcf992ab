/**
 * Pure helpers of the 值班与电话 and 投诉 pages (no i18n, no React), so they can be tested on their own:
 * the Beijing clock (shifts are entered and shown in China Standard Time whatever the browser's zone),
 * list shapes and masking.
 */

/** A list the server may send bare or as `{ items }`. */
export const itemsOf = <T>(r: T[] | { items: T[] } | undefined): T[] =>
  r === undefined ? [] : Array.isArray(r) ? r : r.items;

// ---------------------------------------------------------------- the Beijing clock

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const pad = (n: number) => String(n).padStart(2, '0');
const bj = (at: string | number) => new Date((typeof at === 'string' ? Date.parse(at) : at) + 8 * HOUR);

/** `2026-11-26`: the Beijing day of an instant. */
export function bjDay(at: string | number): string {
  return bj(at).toISOString().slice(0, 10);
}
/** `20:05`: the Beijing wall-clock time of an instant. */
export function bjTime(at: string | number): string {
  const d = bj(at);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
export const bjToday = () => bjDay(Date.now());
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}
export const mondayOf = (day: string) => addDays(day, -weekdayOf(day));
/** An instant from a Beijing day and `HH:mm`, with its offset, as the contract wants it. */
export const bjIso = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
export const isDay = (s: string | null): s is string =>
  !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** `11/26` */
export const shortDay = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;

/** Client-side masking of a mobile for lists: `138****5678` (landlines and masked numbers unchanged). */
export const maskMobile = (m: string) => (/^1\d{10}$/.test(m) ? `${m.slice(0, 3)}****${m.slice(-4)}` : m);
