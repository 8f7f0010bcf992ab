import { describe, expect, it } from 'vitest';
import { auditDetailValue } from './audit-labels.ts';
import { formatFen, formatYuan, halfWidthNumber, yuanTextToFen } from './money.ts';

describe('money as cadres read it', () => {
  it('writes yuan with thousands separators and two decimals', () => {
    expect(formatYuan(1234.5)).toBe('¥1,234.50');
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(null)).toBe('—');
  });

  it('reads a typed amount, also in the full-width digits of a phone’s Chinese keyboard', () => {
    expect(yuanTextToFen('120')).toBe(12_000);
    expect(yuanTextToFen('１２０')).toBe(12_000);
    expect(yuanTextToFen('４９．９０')).toBe(4_990);
    expect(yuanTextToFen(' ¥24,000.5 ')).toBe(2_400_050);
    expect(yuanTextToFen('￥１，２００')).toBe(120_000);
    expect(yuanTextToFen('49.999')).toBeNull();
    expect(yuanTextToFen('-5')).toBeNull();
    expect(yuanTextToFen('一百')).toBeNull();
    expect(yuanTextToFen('')).toBeNull();
    expect(halfWidthNumber('４５１０２１ｘ－１．５元')).toBe('451021ｘ-1.5元');
  });

  it('writes fen as yuan without float noise', () => {
    expect(formatFen(123_450)).toBe('¥1,234.50');
    expect(formatFen(1)).toBe('¥0.01');
    expect(formatFen(29_000_00)).toBe('¥29,000.00');
    expect(formatFen(undefined)).toBe('—');
  });

  it('is what the audit export writes for amounts in fen', () => {
    const entry = { action: 'hardship.assist', entityType: 'hardship_archive' };
    expect(auditDetailValue(entry, 'amountFen', 80_000)).toBe('¥800.00');
    expect(auditDetailValue(entry, 'count', 80_000)).toBe('80000');
  });
});
