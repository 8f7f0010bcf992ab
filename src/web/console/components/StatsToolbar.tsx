import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Grid, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { api } from '../../shared/api.ts';

/**
 * The Excel export of a dashboard: downloads `path` with the dashboard's query as `filename`, says
 * `successText` when done and the server's message when not.
 */
export function useStatsExport(
  path: string,
  query: Parameters<typeof api.download>[1],
  filename: string,
  successText: string,
) {
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.download(path, query, filename);
      message.success(successText);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };
  return { exporting, exportXlsx };
}

/**
 * The controls row of a statistics dashboard: the dashboard's own scope controls (`children`), the
 * period range picker with presets (days, or months with `picker="month"`), anything to show after it
 * (`extra`), a reload button (or `reloadButton` in its place) and the Excel export button.
 */
export function StatsToolbar({
  children,
  picker = 'date',
  period,
  presets,
  onPeriodChange,
  periodLabel,
  periodTestId,
  maxDays,
  noFuture = false,
  extra,
  onReload,
  reloadLabel,
  reloadButton,
  exportState,
  exportDisabled,
  exportLabel,
  exportTestId,
}: {
  children?: ReactNode;
  picker?: 'date' | 'month';
  period: [Dayjs, Dayjs] | null;
  presets: { label: string; value: [Dayjs, Dayjs] }[];
  /** The chosen period as `YYYY-MM-DD` (or `YYYY-MM` for months). */
  onPeriodChange: (from: string, to: string) => void;
  periodLabel: string;
  periodTestId: string;
  /** A period may not span this many days or more. */
  maxDays?: number;
  /** Days (or months) after today may not be chosen. */
  noFuture?: boolean;
  extra?: ReactNode;
  onReload: () => void;
  reloadLabel: string;
  reloadButton?: ReactNode;
  exportState: { exporting: boolean; exportXlsx: () => Promise<void> };
  exportDisabled: boolean;
  exportLabel: string;
  exportTestId: string;
}) {
  const screens = Grid.useBreakpoint();
  const month = picker === 'month';
  const format = month ? 'YYYY-MM' : 'YYYY-MM-DD';
  return (
    <Space wrap>
      {children}
      <DatePicker.RangePicker
        picker={month ? 'month' : undefined}
        aria-label={periodLabel}
        value={period}
        allowClear={false}
        presets={presets}
        disabledDate={(day, info) =>
          (noFuture && day.isAfter(dayjs(), month ? 'month' : 'day')) ||
          (maxDays !== undefined && info?.from ? Math.abs(day.diff(info.from, 'day')) >= maxDays : false)
        }
        onChange={(v) => {
          if (v?.[0] && v[1]) onPeriodChange(v[0].format(format), v[1].format(format));
        }}
        style={{ width: screens.sm ? (month ? 240 : 260) : '100%' }}
        data-testid={periodTestId}
      />
      {extra}
      {reloadButton ?? <Button icon={<ReloadOutlined />} onClick={onReload} aria-label={reloadLabel} />}
      <Button
        type="primary"
        icon={<DownloadOutlined />}
        loading={exportState.exporting}
        disabled={exportDisabled}
        onClick={() => void exportState.exportXlsx()}
        data-testid={exportTestId}
      >
        {exportLabel}
      </Button>
    </Space>
  );
}

/** A dashboard's heading: its title and subtitle, with its controls (`children`) wrapping to the right. */
export function StatsHeader({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <div
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 12,
        alignItems: 'flex-end',
        justifyContent: 'space-between',
        marginBottom: 12,
      }}
    >
      <div style={{ minWidth: 0, flex: '1 1 320px' }}>
        <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
          {title}
        </Typography.Title>
        <Typography.Text type="secondary">{subtitle}</Typography.Text>
      </div>
      {children}
    </div>
  );
}
