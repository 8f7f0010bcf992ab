import { describe, expect, it } from 'vitest';
import { chartHasData } from './Chart.tsx';

describe('chartHasData', () => {
  it('is false for a time chart of an empty period (all zeros) and for no series', () => {
    expect(
      chartHasData({
        xAxis: { type: 'category', data: ['11-01', '11-02'] },
        series: [
          { type: 'bar', data: [0, 0] },
          { type: 'line', data: [null, null] },
        ],
      }),
    ).toBe(false);
    expect(chartHasData({})).toBe(false);
  });

  it('is true as soon as one value in any series is not zero, in any data shape', () => {
    expect(
      chartHasData({
        series: [
          { type: 'bar', data: [0, 0] },
          { type: 'line', data: [0, 3] },
        ],
      }),
    ).toBe(true);
    expect(chartHasData({ series: { type: 'pie', data: [{ name: '在档', value: 2 }] } })).toBe(true);
    expect(
      chartHasData({
        series: [
          {
            type: 'line',
            data: [
              ['2026-11-01', 0],
              ['2026-11-02', 1],
            ],
          },
        ],
      }),
    ).toBe(true);
  });
});
