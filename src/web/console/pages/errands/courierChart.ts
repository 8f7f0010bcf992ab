import type { TErrandStats } from '../../../../shared/errands.ts';
import type { ChartOption } from '../../components/Chart.tsx';

type CourierRow = TErrandStats['byCourier'][number];
type Count = 'errands' | 'delivered' | 'declined';

/** Height of one legend row, and how many rows the four legend entries take. */
const LEGEND_ROW = 26;
/** The band the median minutes are drawn in, and the space below it before the counts. */
const MEDIAN_BAND = 44;
const BAND_GAP = 30;

/**
 * 及时送统计 快递员: per courier, the errands, deliveries and returns as bars, and the median minutes from call
 * to delivery as a line with its own band above the bars. Drawn over the bars on a second axis, the line
 * ran through their value labels.
 */
export function courierChart(
  rows: CourierRow[],
  o: {
    name: (row: CourierRow) => string;
    series: Record<Count | 'median', string>;
    /** ECharts label template for a median, e.g. `{c} 分`. */
    minutes: string;
    /** Phone width: the legend takes two rows. */
    narrow: boolean;
    labelWidth: number;
    colors: Record<Count | 'median', string>;
  },
): ChartOption {
  const medianTop = 12 + (o.narrow ? 2 : 1) * LEGEND_ROW;
  const countsTop = medianTop + MEDIAN_BAND + BAND_GAP;
  const categories = rows.map(o.name);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    legend: { top: 0 },
    grid: [
      { left: 36, right: 12, top: medianTop, height: MEDIAN_BAND },
      { left: 36, right: 12, top: countsTop, bottom: 28 },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: categories, show: false },
      {
        type: 'category',
        gridIndex: 1,
        data: categories,
        axisLabel: { interval: 0, width: o.labelWidth, overflow: 'truncate' },
      },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, show: false, min: 0 },
      { type: 'value', gridIndex: 1, minInterval: 1 },
    ],
    series: [
      ...(['errands', 'delivered', 'declined'] as const).map((k) => ({
        type: 'bar' as const,
        name: o.series[k],
        xAxisIndex: 1,
        yAxisIndex: 1,
        data: rows.map((c) => c[k]),
        itemStyle: { color: o.colors[k] },
        barMaxWidth: 16,
        label: { show: true, position: 'top' as const, fontSize: 11 },
      })),
      {
        type: 'line',
        name: o.series.median,
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: rows.map((c) => c.medianMinutesToDelivery),
        itemStyle: { color: o.colors.median },
        lineStyle: { type: 'dashed' },
        symbolSize: 8,
        label: { show: true, position: 'top', fontSize: 11, formatter: o.minutes },
      },
    ],
  };
}
