/** Money as cadres read it, shared by the server's pages and exports and the web apps. */

/** ¥1,234.50 */
export function formatYuan(amount: number | null | undefined): string {
  if (amount == null) return '—';
  return `¥${amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** An amount kept in fen (分), written in yuan: 123450 → ¥1,234.50 */
export const formatFen = (fen: number | null | undefined): string =>
  fen == null ? '—' : formatYuan(fen / 100);

/**
 * A typed amount in yuan → fen, or null when it is not one: "24000", "24,000.50", "¥300", and as a
 * phone's Chinese keyboard types them, full-width "１２０" or "４９．９０".
 */
export function yuanTextToFen(raw: string): number | null {
  const v = halfWidthNumber(raw)
    .replace(/[,，\s\u3000]/g, '')
    .replace(/^[¥￥]/, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(v)) return null;
  const [whole = '0', frac = ''] = v.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Full-width digits, point and minus (a Chinese keyboard's) as their ASCII selves; the rest unchanged. */
export function halfWidthNumber(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/\uFF0E/g, '.')
    .replace(/\uFF0D/g, '-');
}
