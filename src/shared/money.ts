/** Money as cadres read it, shared by the server's pages and exports and the web apps. */

/** ¥1,234.50 */
export function formatYuan(amount: number | null | undefined): string {
  if (amount == null) return '—';
  return `¥${amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** An amount kept in fen (分), written in yuan: 123450 → ¥1,234.50 */
export const formatFen = (fen: number | null | undefined): string =>
  fen == null ? '—' : formatYuan(fen / 100);
