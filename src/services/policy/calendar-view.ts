import type { CalendarState } from './calendar-state.js';

export interface CalendarYearView {
  year: number;
  holidays: string[];
  workdays: string[];
  /** `admin`, or the bundled data's package and version, e.g. `chinese-days@1.5.7`. */
  source: string;
  loadedBy: string | null;
  loadedAt: string | null;
}

/** The schedule in force for a year; throws `CalendarYearUnknownError` when there is none. */
export function calendarYearView(state: CalendarState, year: number): CalendarYearView {
  const s = state.calendar.schedule(year);
  const loaded = state.loaded.get(year);
  return {
    year: s.year,
    holidays: s.holidays,
    workdays: s.workdays,
    source: s.source,
    loadedBy: loaded?.loadedBy ?? null,
    loadedAt: loaded?.loadedAt.toISOString() ?? null,
  };
}
