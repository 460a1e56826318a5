import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { calendarYears } from '../../db/schema/index.js';
import { CalendarScheduleError, WorkCalendar } from '../../domain/calendar.js';
import { BUILTIN_SOURCE } from '../../domain/calendar-builtin.js';
import { IsoDate } from '../../domain/schemas.js';
import { conflict, invalid, type FieldError } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { isBundledYear, loadCalendarState } from './calendar-state.js';
import { calendarYearView, type CalendarYearView } from './calendar-view.js';
import { scheduleProblems } from './schedule-problems.js';
import { isUniqueViolation } from './unique-violation.js';

export const CalendarScheduleBody = z.strictObject({
  /** Every day off of the year's holiday periods, weekend days inside a period included. */
  holidays: z.array(IsoDate).min(1, 'a year always has official holidays').max(366),
  /** Saturdays and Sundays worked in lieu (调休上班). */
  workdays: z.array(IsoDate).max(366),
});
export type CalendarScheduleBody = z.infer<typeof CalendarScheduleBody>;

export interface LoadCalendarYearResult {
  view: CalendarYearView;
  /** Whether this call stored the year for the first time (201), or replaced or repeated it (200). */
  created: boolean;
}

const invalidSchedule = (detail: string, errors?: FieldError[]) => invalid('INVALID_CALENDAR_SCHEDULE', detail, errors);

/** The schedule as stored: the calendar's own check is the authority, and it sorts the lists. */
function checkedSchedule(year: number, body: CalendarScheduleBody): { holidays: string[]; workdays: string[] } {
  try {
    const schedule = new WorkCalendar().loadYear(year, body);
    return { holidays: schedule.holidays, workdays: schedule.workdays };
  } catch (err) {
    if (err instanceof CalendarScheduleError) throw invalidSchedule(err.message);
    throw err;
  }
}

/**
 * Loads the official schedule of a year the bundled data does not know (admin). The same schedule
 * again changes nothing; a different one replaces it, and the audit event keeps both.
 */
export async function loadCalendarYear(ctx: ServiceContext, year: number, body: CalendarScheduleBody): Promise<LoadCalendarYearResult> {
  assertRole(ctx, 'admin');
  if (isBundledYear(year)) {
    throw conflict('CALENDAR_YEAR_BUNDLED', `${year} comes from the official bundled schedule (${BUILTIN_SOURCE}) and cannot be replaced`);
  }
  const problems = scheduleProblems(year, body);
  if (problems.length > 0) throw invalidSchedule(`the schedule for ${year} has ${problems.length} problem(s)`, problems);
  const lists = checkedSchedule(year, body);

  let created: boolean;
  try {
    created = await verb(ctx, async (tx) => {
      const [existing] = await tx.select().from(calendarYears).where(eq(calendarYears.year, year)).for('update');
      const loadedBy = actorOf(ctx.principal);
      const entity = { entityType: 'calendar_year', entityId: String(year) };
      if (!existing) {
        await tx.insert(calendarYears).values({ year, ...lists, loadedBy, createdAt: ctx.clock() });
        return { result: true, audit: { action: 'calendar_year.loaded', ...entity, after: lists } };
      }
      const before = { holidays: existing.holidays as string[], workdays: existing.workdays as string[] };
      if (JSON.stringify(before) === JSON.stringify(lists)) return { result: false, audit: null };
      // created_at records when the version in force was stored; the audit event keeps the earlier one.
      await tx.update(calendarYears).set({ ...lists, loadedBy, createdAt: ctx.clock() }).where(eq(calendarYears.year, year));
      return { result: false, audit: { action: 'calendar_year.replaced', ...entity, before, after: lists } };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('CONCURRENT_UPDATE', `the schedule for ${year} was loaded concurrently; retry`);
    throw err;
  }
  return { view: calendarYearView(await loadCalendarState(ctx.db), year), created };
}
