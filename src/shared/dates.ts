/**
 * Calendar days as unions count them: in China Standard Time (UTC+8, no daylight saving), as
 * `YYYY-MM-DD`. Zod-free, so server, console and H5 share them.
 */

/** The calendar day in China Standard Time of an instant. */
export const beijingDay = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** An instant as `YYYY-MM-DD HH:mm` in China Standard Time (for files: Excel has no time zones). */
export const beijingDateTime = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** `day` plus `n` calendar days (n may be negative). */
export const addDays = (day: string, n: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

/**
 * A duration as people say it: `15 分钟`, `1 小时 40 分钟`, `3 小时` (`1 h 40 min` in English),
 * rounded to the minute. The same words in notices, pages and alerts.
 */
export function formatMinutes(min: number | null | undefined, lang = 'zh-CN'): string {
  if (min === null || min === undefined || !Number.isFinite(min)) return '—';
  // A clock a little ahead on one side must not show "-1 小时 58 分钟".
  const total = Math.max(0, Math.round(min));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const en = lang.startsWith('en');
  if (h === 0) return en ? `${m} min` : `${m} 分钟`;
  if (m === 0) return en ? `${h} h` : `${h} 小时`;
  return en ? `${h} h ${m} min` : `${h} 小时 ${m} 分钟`;
}
