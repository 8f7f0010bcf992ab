/**
 * The 履职画像 radar: the second-level indicators as axes, points earned against each cap. The shared
 * `components/Chart.tsx` registers only bar/line/pie; the radar is registered here so that only the
 * profile page's chunk carries it.
 */
import { RadarChart as ERadar, type RadarSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  LegendComponent,
  RadarComponent,
  type RadarComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([ERadar, RadarComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

type RadarOption = ComposeOption<RadarSeriesOption | RadarComponentOption | TooltipComponentOption>;

export function RadarChart({
  axes,
  seriesName,
  label,
  height = 320,
  testId,
}: {
  axes: { name: string; points: number; cap: number }[];
  seriesName: string;
  label: string;
  height?: number;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Each axis is scaled to its own cap, so a full axis means "reached the cap".
    const option: RadarOption = {
      tooltip: { trigger: 'item' },
      radar: {
        radius: '66%',
        indicator: axes.map((a) => ({ name: `${a.name}\n${a.points}/${a.cap}`, max: a.cap })),
        axisName: { color: '#595959', fontSize: 12 },
        splitArea: { areaStyle: { color: ['#fafafa', '#f5f5f5'] } },
      },
      series: [
        {
          type: 'radar',
          name: seriesName,
          data: [
            {
              value: axes.map((a) => a.points),
              name: seriesName,
              areaStyle: { color: 'rgba(22,119,255,0.25)' },
              lineStyle: { color: '#1677ff' },
              itemStyle: { color: '#1677ff' },
            },
          ],
        },
      ],
    };
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [axes, seriesName]);

  return (
    <div ref={box} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
  );
}
