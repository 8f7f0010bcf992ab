import { describe, expect, it } from 'vitest';
import {
  addDays,
  bjDay,
  bjIso,
  bjTime,
  isDay,
  itemsOf,
  maskMobile,
  mondayOf,
  shortDay,
  weekdayOf,
} from './roster.clock.ts';

describe('值班与电话: the Beijing clock and list helpers', () => {
  it('reads an instant as a Beijing day and time, whatever the zone it was written in', () => {
    // 22:05 in Beijing is 14:05 UTC; 23:20 on the 25th UTC is already the 26th in Beijing.
    expect(bjDay('2026-11-25T14:05:00Z')).toBe('2026-11-25');
    expect(bjTime('2026-11-25T14:05:00Z')).toBe('22:05');
    expect(bjDay('2026-11-25T16:30:00Z')).toBe('2026-11-26');
    expect(bjTime('2026-11-25T16:30:00Z')).toBe('00:30');
    expect(bjDay('2026-11-26T08:00:00+08:00')).toBe('2026-11-26');
    expect(bjTime('2026-11-26T08:00:00+08:00')).toBe('08:00');
  });

  it('writes a shift boundary with the +08:00 offset', () => {
    expect(bjIso('2026-11-26', '20:00')).toBe('2026-11-26T20:00:00+08:00');
    expect(Date.parse(bjIso('2026-11-26', '20:00'))).toBe(Date.parse('2026-11-26T12:00:00Z'));
  });

  it('steps through days and weeks across months and years', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-11-23')).toBe(0); // Monday
    expect(weekdayOf('2026-11-29')).toBe(6); // Sunday
    expect(mondayOf('2026-11-26')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
    expect(shortDay('2026-11-09')).toBe('11/9');
  });

  it('accepts only real days in the URL', () => {
    expect(isDay('2026-11-23')).toBe(true);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-11-2')).toBe(false);
    expect(isDay('monday')).toBe(false);
    expect(isDay(null)).toBe(false);
  });

  it('masks mobiles for lists, leaving landlines and masked numbers alone', () => {
    expect(maskMobile('13912345678')).toBe('139****5678');
    expect(maskMobile('139****5678')).toBe('139****5678');
    expect(maskMobile('0311-86680001')).toBe('0311-86680001');
  });

  it('takes a list bare or as { items }', () => {
    expect(itemsOf([1, 2])).toEqual([1, 2]);
    expect(itemsOf({ items: [3] })).toEqual([3]);
    expect(itemsOf<number>(undefined)).toEqual([]);
  });
});
