import { describe, expect, it } from 'vitest';
import { daysUntil, inDays, valueBands } from './data.ts';

describe('wish deadlines in China time', () => {
  // 2026-11-25 16:30 UTC is already 11-26 00:30 in Beijing.
  const justAfterMidnightCst = Date.parse('2026-11-25T16:30:00Z');

  it('counts days from the Beijing calendar day, not the UTC one', () => {
    expect(daysUntil('2026-11-26', justAfterMidnightCst)).toBe(0);
    expect(daysUntil('2026-12-10', justAfterMidnightCst)).toBe(14);
    expect(daysUntil('2026-11-25', justAfterMidnightCst)).toBe(-1);
  });

  it('adds days to today in Beijing', () => {
    expect(inDays(14, justAfterMidnightCst)).toBe('2026-12-10');
    expect(inDays(0, Date.parse('2026-11-25T15:59:00Z'))).toBe('2026-11-25');
  });
});

describe('value bands of the wall filter', () => {
  it('are contiguous fen ranges the wall query takes as min / max', () => {
    expect(valueBands.upTo100).toEqual([undefined, 10_000]);
    expect(valueBands['100to300'][0]).toBe(valueBands.upTo100[1]);
    expect(valueBands['300to500'][0]).toBe(valueBands['100to300'][1]);
    expect(valueBands.over500[0]).toBe(valueBands['300to500'][1]);
  });
});
