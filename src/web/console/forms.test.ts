import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { dayNotAfterToday, dayNotBeforeToday, numberRange } from './forms.ts';

// The message key and its values, as the page's i18n would fill them in.
const t = ((key: string, v?: Record<string, unknown>) =>
  `${key} ${JSON.stringify(v ?? {})}`) as unknown as TFunction;

describe('console form rules', () => {
  it('refuses a day after today for what happened, naming the field', async () => {
    const rule = dayNotAfterToday(t, '发生日期');
    await expect(rule.validator(null, dayjs().add(1, 'day'))).rejects.toThrow(
      'msg.dayFuture {"field":"发生日期"}',
    );
    await expect(rule.validator(null, dayjs())).resolves.toBeUndefined();
    await expect(rule.validator(null, dayjs().subtract(30, 'day'))).resolves.toBeUndefined();
    await expect(rule.validator(null, null)).resolves.toBeUndefined();
  });

  it('refuses a day before today for a deadline, naming the field', async () => {
    const rule = dayNotBeforeToday(t, '办理期限');
    await expect(rule.validator(null, dayjs().subtract(1, 'day'))).rejects.toThrow(
      'msg.dayPast {"field":"办理期限"}',
    );
    await expect(rule.validator(null, dayjs())).resolves.toBeUndefined();
    await expect(rule.validator(null, dayjs().add(7, 'day'))).resolves.toBeUndefined();
  });

  it('says a number field’s range in words', () => {
    expect(numberRange(t, '金额', 0, 10_000_000)).toEqual({
      type: 'number',
      min: 0,
      max: 10_000_000,
      message: 'msg.range {"field":"金额","min":"0","max":"10,000,000"}',
    });
  });
});
