import dayjs, { type Dayjs } from 'dayjs';

/**
 * Date-time pickers in Beijing time whatever the PC's zone. Union times are China Standard Time (the
 * pages show them so); a picker shows its value in the browser's zone, so on a PC set to UTC the
 * default 来电时间 was eight hours behind what the page beside it said. A picker value here is a
 * Dayjs whose local fields read the Beijing wall clock; it becomes an instant only with +08:00.
 */
const BEIJING_OFFSET_MINUTES = 8 * 60;

/** The Beijing wall-clock time of an instant (default now), for a picker's value. */
export function beijingWall(at: Date | string | number = Date.now()): Dayjs {
  const ms = new Date(at).getTime();
  const shift = (BEIJING_OFFSET_MINUTES + new Date(ms).getTimezoneOffset()) * 60_000;
  return dayjs(ms + shift);
}

/** The instant a picker's Beijing wall-clock value means, as the contracts take it (ISO, +08:00). */
export function fromBeijingWall(d: Dayjs): string {
  return `${d.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}
