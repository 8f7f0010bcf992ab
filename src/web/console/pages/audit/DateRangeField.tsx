import { DatePicker, Grid } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export type DayRange = [Dayjs | null, Dayjs | null] | null;

/**
 * A date range as a form control. Wide screens get a RangePicker with presets; on a phone its
 * two-month panel does not fit, so the start and end are two single pickers there.
 */
export function DateRangeField({
  value,
  onChange,
  id,
}: {
  value?: DayRange;
  onChange?: (value: DayRange) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const today = dayjs().startOf('day');
  const [from, to] = value ?? [null, null];
  const set = (next: [Dayjs | null, Dayjs | null]) => onChange?.(next[0] || next[1] ? next : null);
  const future = (d: Dayjs) => d.isAfter(today, 'day');

  if (screens.md === false) {
    return (
      <div className="nj-audit-dates" id={id}>
        <DatePicker
          value={from}
          onChange={(d) => set([d, to])}
          placeholder={t('audit.filter.from')}
          aria-label={t('audit.filter.from')}
          disabledDate={(d) => future(d) || (to !== null && d.isAfter(to, 'day'))}
          inputReadOnly
        />
        <DatePicker
          value={to}
          onChange={(d) => set([from, d])}
          placeholder={t('audit.filter.to')}
          aria-label={t('audit.filter.to')}
          disabledDate={(d) => future(d) || (from !== null && d.isBefore(from, 'day'))}
          inputReadOnly
          placement="bottomRight"
        />
      </div>
    );
  }
  return (
    <DatePicker.RangePicker
      id={id}
      value={value ?? null}
      onChange={(v) => set(v ? [v[0], v[1]] : [null, null])}
      allowEmpty={[true, true]}
      style={{ width: '100%' }}
      placeholder={[t('audit.filter.from'), t('audit.filter.to')]}
      disabledDate={future}
      presets={[
        { label: t('audit.preset.today'), value: [today, today] },
        { label: t('audit.preset.week'), value: [today.subtract(6, 'day'), today] },
        { label: t('audit.preset.month'), value: [today.subtract(29, 'day'), today] },
      ]}
    />
  );
}
