/**
 * Calendar days as unions count them: in China Standard Time (UTC+8, no daylight saving), as
 * `YYYY-MM-DD`. Zod-free, so server, console and H5 share them.
 */

/** The calendar day in China Standard Time of an instant. */
export const beijingDay = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** `day` plus `n` calendar days (n may be negative). */
export const addDays = (day: string, n: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
