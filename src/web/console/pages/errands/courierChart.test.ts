import { describe, expect, it } from 'vitest';
import type { TErrandStats } from '../../../../shared/errands.ts';
import { courierChart } from './courierChart.ts';

const rows: TErrandStats['byCourier'] = [
  {
    courierOrg: { id: 1, name: '桥西快递站' },
    courier: { id: 5, name: '郭小军' },
    errands: 15,
    delivered: 14,
    declined: 1,
    medianMinutesToDelivery: 83.5,
  },
  {
    courierOrg: { id: 1, name: '桥西快递站' },
    courier: null,
    errands: 5,
    delivered: 0,
    declined: 0,
    medianMinutesToDelivery: null,
  },
];
const options = (narrow: boolean) => ({
  name: (r: TErrandStats['byCourier'][number]) => r.courier?.name ?? '未接单',
  series: { errands: '工单数', delivered: '已送达', declined: '退回次数', median: '送达用时中位数（分钟）' },
  minutes: '{c} 分',
  narrow,
  labelWidth: 110,
  colors: { errands: '#1', delivered: '#2', declined: '#3', median: '#4' },
});

interface Grid {
  top: number;
  height?: number;
}
interface Series {
  type: string;
  name: string;
  xAxisIndex: number;
  data: unknown[];
  label?: { show: boolean; formatter?: string };
}

describe('快递员 chart', () => {
  for (const narrow of [false, true]) {
    it(`draws the median minutes in a band above the bars, never over their labels (${narrow ? 'phone' : 'desktop'})`, () => {
      const option = courierChart(rows, options(narrow));
      const [band, counts] = option.grid as Grid[];
      const series = option.series as Series[];
      const line = series.find((x) => x.type === 'line');
      const bars = series.filter((x) => x.type === 'bar');
      expect(bars.map((b) => b.name)).toEqual(['工单数', '已送达', '退回次数']);
      expect(bars.every((b) => b.xAxisIndex === 1 && b.label?.show)).toBe(true);
      expect(line?.xAxisIndex).toBe(0);
      expect(line?.data).toEqual([83.5, null]);
      expect(line?.label).toMatchObject({ show: true, formatter: '{c} 分' });
      // The band ends before the bars' grid starts, leaving room for a bar's value label.
      expect((band?.top ?? 0) + (band?.height ?? 0) + 20).toBeLessThanOrEqual(counts?.top ?? 0);
      // Both grids list the couriers in the same order, so a median sits over its courier's bars.
      const [x0, x1] = option.xAxis as { data: string[] }[];
      expect(x0?.data).toEqual(['郭小军', '未接单']);
      expect(x1?.data).toEqual(x0?.data);
    });
  }

  it('leaves a second legend row on a phone', () => {
    const [desk] = courierChart(rows, options(false)).grid as Grid[];
    const [phone] = courierChart(rows, options(true)).grid as Grid[];
    expect((phone?.top ?? 0) - (desk?.top ?? 0)).toBeGreaterThanOrEqual(24);
  });
});
