import { describe, expect, it } from 'vitest';
import { beijingWall, fromBeijingWall } from './beijingClock.ts';

describe('Beijing date-time pickers', () => {
  it('shows an instant as the Beijing wall clock, whatever the zone this runs in', () => {
    expect(beijingWall(Date.parse('2026-11-27T17:43:00Z')).format('YYYY-MM-DD HH:mm')).toBe(
      '2026-11-28 01:43',
    );
    expect(beijingWall('2026-01-01T00:00:00+08:00').format('YYYY-MM-DD HH:mm')).toBe('2026-01-01 00:00');
  });

  it('turns a picked wall-clock time back into the same instant, with +08:00', () => {
    const at = Date.parse('2026-11-27T17:43:00Z');
    const iso = fromBeijingWall(beijingWall(at));
    expect(iso).toBe('2026-11-28T01:43:00+08:00');
    expect(Date.parse(iso)).toBe(at);
  });
});
