/** Dates and money the way each language writes them. Dates are shown in China Standard Time. */
const cst = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000);
const pad = (n: number) => String(n).padStart(2, '0');

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = cst(iso);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return lang.startsWith('zh') ? `${y}年${m}月${day}日` : `${y}-${pad(m)}-${pad(day)}`;
}

export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = cst(iso);
  return `${formatDate(iso, lang)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export { formatFen, formatYuan } from '../../shared/money.ts';
