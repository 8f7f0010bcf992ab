import type { ChartOption } from './Chart.tsx';

export interface RingSlice {
  name: string;
  value: number;
  color: string;
}

/** Width of a 12-px label: CJK characters and full-width punctuation take 12 px, the rest about 7. */
export function labelWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 12 : 7;
  return w;
}

/**
 * Rows a wrapping horizontal legend takes in `width` px; `extra` is each entry's icon and gaps.
 * An estimate (ECharts lays the legend out itself), used to leave it room.
 */
export function legendRows(labels: string[], width: number, extra: number): number {
  let rows = 1;
  let used = 0;
  for (const label of labels) {
    const w = labelWidth(label) + extra;
    if (used + w > width && used > 0) {
      rows += 1;
      used = 0;
    }
    used += w;
  }
  return rows;
}

/** A phone's chart card is about this wide inside its padding (390-px screen). */
const PHONE_WIDTH = 320;
/** The ring on a phone: outer radius, and the space above it and between it and the legend. */
const PHONE_RADIUS = 88;
const PHONE_TOP = 12;
const PHONE_GAP = 16;
const LEGEND_ROW = 22;
/** Each legend entry's circle (10 px), its gap to the text (5) and to the next entry (10). */
const LEGEND_EXTRA = 25;

/**
 * A ring (donut) chart of shares with each figure in the legend, so small slices need no crowded labels.
 * Beside the ring on a desktop; under it on a phone, where the chart is as tall as the ring and the
 * legend's rows, so no blank band opens between them however many entries there are.
 * Empty slices are left out of both.
 */
export function ringChart(
  slices: RingSlice[],
  o: {
    narrow: boolean;
    format?: (value: number) => string;
    /** Where the ring's centre sits across a desktop card (the legend takes the right). */
    centerX?: string;
    /** Desktop height, px. */
    height?: number;
  },
): { option: ChartOption; height: number } {
  const format = o.format ?? String;
  const shown = slices.filter((d) => d.value > 0);
  const label = new Map(shown.map((d) => [d.name, `${d.name}  ${format(d.value)}`]));
  const rows = legendRows([...label.values()], PHONE_WIDTH, LEGEND_EXTRA);
  const option: ChartOption = {
    tooltip: { trigger: 'item', valueFormatter: (v) => format(Number(v)) },
    legend: {
      ...(o.narrow
        ? { bottom: 0, left: 'center' as const }
        : { orient: 'vertical' as const, right: 0, top: 'middle' as const }),
      icon: 'circle',
      itemWidth: 10,
      itemHeight: 10,
      itemGap: 10,
      formatter: (name: string) => label.get(name) ?? name,
      textStyle: { fontSize: 12 },
    },
    series: [
      {
        type: 'pie',
        radius: o.narrow ? [Math.round(PHONE_RADIUS * 0.6), PHONE_RADIUS] : ['38%', '60%'],
        center: o.narrow ? ['50%', PHONE_TOP + PHONE_RADIUS] : [o.centerX ?? '30%', '50%'],
        label: { show: false },
        labelLine: { show: false },
        data: shown.map((d) => ({ name: d.name, value: d.value, itemStyle: { color: d.color } })),
      },
    ],
  };
  const height = o.narrow ? PHONE_TOP + 2 * PHONE_RADIUS + PHONE_GAP + rows * LEGEND_ROW : (o.height ?? 280);
  return { option, height };
}
