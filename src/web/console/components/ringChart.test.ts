import { describe, expect, it } from 'vitest';
import { labelWidth, legendRows, ringChart } from './ringChart.ts';

const slices = [
  { name: '在档', value: 31, color: '#1' },
  { name: '已驳回', value: 0, color: '#2' },
  { name: '脱困解档', value: 6, color: '#3' },
];

interface Pie {
  radius: unknown;
  center: unknown;
  data: { name: string; value: number }[];
}
const pieOf = (o: ReturnType<typeof ringChart>) => (o.option.series as Pie[])[0];
const legendOf = (o: ReturnType<typeof ringChart>) =>
  o.option.legend as { formatter: (name: string) => string; bottom?: number; orient?: string };

describe('ringChart', () => {
  it('leaves out empty slices and puts each figure in the legend', () => {
    const ring = ringChart(slices, { narrow: false, format: (v) => `${v} 户` });
    expect(pieOf(ring)?.data.map((d) => d.name)).toEqual(['在档', '脱困解档']);
    expect(legendOf(ring).formatter('在档')).toBe('在档  31 户');
  });

  it('on a desktop keeps the height asked for, with the legend beside the ring', () => {
    const ring = ringChart(slices, { narrow: false, height: 260, centerX: '25%' });
    expect(ring.height).toBe(260);
    expect(legendOf(ring).orient).toBe('vertical');
    expect(pieOf(ring)?.center).toEqual(['25%', '50%']);
  });

  it('on a phone is as tall as the ring and its legend rows below it, so no blank band opens', () => {
    const few = ringChart(slices, { narrow: true });
    const many = ringChart(
      Array.from({ length: 10 }, (_, i) => ({ name: `状态名称${i}`, value: i + 1, color: '#1' })),
      { narrow: true },
    );
    expect(legendOf(few).bottom).toBe(0);
    // A fixed ring 12 px from the top: 2 × 88 px, then 16 px, then 22 px a legend row.
    expect(pieOf(few)?.center).toEqual(['50%', 100]);
    expect(few.height).toBe(12 + 176 + 16 + 22);
    expect(many.height - few.height).toBe(
      22 *
        (legendRows(
          Array.from({ length: 10 }, (_, i) => `状态名称${i}  ${i + 1}`),
          320,
          25,
        ) -
          1),
    );
    expect(many.height).toBeGreaterThan(few.height);
  });
});

describe('legendRows', () => {
  it('wraps when the entries outgrow the width', () => {
    expect(legendRows(['甲', '乙'], 320, 25)).toBe(1);
    expect(legendRows(['防疫一线职工  30', '志愿者  13', '困难职工  9', '其他  4'], 320, 25)).toBe(2);
  });
  it('counts CJK characters wider than digits', () => {
    expect(labelWidth('职工')).toBe(24);
    expect(labelWidth('30')).toBe(14);
  });
});
