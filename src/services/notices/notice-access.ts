import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { notices } from '../../db/schema/index.js';
import { CalendarYearUnknownError } from '../../domain/calendar.js';
import { maxDate } from '../../domain/dates.js';
import { notFound, conflict } from '../errors.js';
import { loadParameterSet, loadWorkCalendar } from '../policy/index.js';

export type NoticeRow = typeof notices.$inferSelect;

export async function loadNotice(db: Queryable, id: string): Promise<NoticeRow> {
  const [row] = await db.select().from(notices).where(eq(notices.id, id)).limit(1);
  if (!row) throw notFound('notice');
  return row;
}

/**
 * 四(三) "公示期为5个工作日" on the official PRC calendar: day 1 is startsOn when it is a working day, else
 * the next one. A year without a loaded schedule is a 409, never a weekends-only guess.
 */
export async function noticeEndsOn(db: Queryable, startsOn: string): Promise<{ endsOn: string; workingDays: number }> {
  // One after the other: two small reads, on one connection rather than two of the pool.
  const params = await loadParameterSet(db);
  const calendar = await loadWorkCalendar(db);
  const workingDays = params.whole('notice.workingDays', maxDate(startsOn, params.firstDayAllInForce())).value;
  try {
    return { endsOn: calendar.nthWorkingDay(startsOn, workingDays), workingDays };
  } catch (err) {
    if (err instanceof CalendarYearUnknownError) {
      throw conflict('CALENDAR_YEAR_UNKNOWN', `${err.message}; the notice period starting ${startsOn} cannot be counted (PUT /v1/calendar/${err.year})`);
    }
    throw err;
  }
}
