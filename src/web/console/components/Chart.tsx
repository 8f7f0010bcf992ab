/**
 * A small React wrapper around ECharts. Only the chart types and components the console uses are
 * registered (tree-shaken `echarts/core`), so the console bundle stays small. The chart follows its
 * container's size (ResizeObserver) and is disposed on unmount.
 */
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
} from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECElementEvent, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([
  BarChart,
  LineChart,
  PieChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/**
 * Whether a chart has anything to draw: some series holds a value other than 0. A time chart of an empty
 * period would otherwise be bare axes; the page shows its "no data" note instead.
 */
export function chartHasData(option: ChartOption): boolean {
  const series =
    option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  const nonZero = (v: unknown): boolean => {
    if (typeof v === 'number') return v !== 0 && Number.isFinite(v);
    if (Array.isArray(v)) return v.some(nonZero);
    if (v !== null && typeof v === 'object' && 'value' in v) return nonZero((v as { value: unknown }).value);
    return false;
  };
  return series.some((x) => Array.isArray(x.data) && x.data.some(nonZero));
}

export type ChartClick = Pick<ECElementEvent, 'name' | 'seriesName' | 'dataIndex' | 'value'>;

interface ChartProps {
  option: ChartOption;
  /** CSS height; the width follows the container. */
  height?: number | string;
  /** What the chart shows, for screen readers (ECharts' aria description is added too). */
  label: string;
  onClick?: ((e: ChartClick) => void) | undefined;
  testId?: string | undefined;
}

export function Chart({ option, height = 300, label, onClick, testId }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (e) => clickRef.current?.(e));
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
