import { describe, expect, it } from 'vitest';
import { formatMinutes, tabOf, telHref } from './data.ts';

describe('及时送 H5 helpers', () => {
  it('puts each state under one courier tab', () => {
    expect(tabOf('dispatched')).toBe('waiting');
    expect(tabOf('accepted')).toBe('active');
    expect(tabOf('picked_up')).toBe('active');
    expect(tabOf('delivered')).toBe('done');
  });

  it('says minutes in hours and minutes', () => {
    expect(formatMinutes(70, 'zh-CN')).toBe('1 小时 10 分钟');
    expect(formatMinutes(75, 'zh-CN')).toBe('1 小时 15 分钟');
    expect(formatMinutes(120, 'zh-CN')).toBe('2 小时');
    expect(formatMinutes(8.4, 'zh-CN')).toBe('8 分钟');
    expect(formatMinutes(0, 'zh-CN')).toBe('0 分钟');
    expect(formatMinutes(70, 'en-US')).toBe('1 h 10 min');
    expect(formatMinutes(null, 'zh-CN')).toBe('—');
    // One side's clock a little ahead: no negative hours.
    expect(formatMinutes(-3, 'zh-CN')).toBe('0 分钟');
    expect(formatMinutes(Number.NaN, 'zh-CN')).toBe('—');
  });

  it('dials digits only', () => {
    expect(telHref('0311-86680001')).toBe('tel:031186680001');
    expect(telHref('138 1234 5678')).toBe('tel:13812345678');
  });
});
