import { CalendarYearUnknownError } from '../../domain/calendar.js';
import { missing } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { loadCalendarState } from './calendar-state.js';
import { calendarYearView, type CalendarYearView } from './calendar-view.js';

/** The working-day schedule in force for a year (any signed-in user); 404 when none is known. */
export async function getCalendarYear(ctx: ServiceContext, year: number): Promise<CalendarYearView> {
  assertRole(ctx);
  const state = await loadCalendarState(ctx.db);
  try {
    return calendarYearView(state, year);
  } catch (err) {
    if (err instanceof CalendarYearUnknownError) throw missing(err.code, err.message);
    throw err;
  }
}

/** Which years have a schedule, and where each comes from, so an administrator sees what to load. */
export async function listCalendarYears(ctx: ServiceContext): Promise<{ years: { year: number; source: string }[] }> {
  assertRole(ctx);
  const { calendar } = await loadCalendarState(ctx.db);
  return { years: calendar.knownYears().map((year) => ({ year, source: calendar.schedule(year).source })) };
}
