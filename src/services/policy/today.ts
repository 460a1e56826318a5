import type { IsoDate } from '../../domain/dates.js';

// China has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the calendar date.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar date of an instant: the "today" of API.md's dates. */
export function shanghaiDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
