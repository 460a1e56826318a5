import { asc } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { calendarYears } from '../../db/schema/index.js';
import { builtinSchedules } from '../../domain/calendar-builtin.js';
import { WorkCalendar, type YearSchedule } from '../../domain/calendar.js';
import { policyDigests } from './policy-digest.js';

export const ADMIN_SOURCE = 'admin';

/** Who loaded an administrator's schedule, and when its current version was stored. */
export interface LoadedYearInfo {
  loadedBy: string;
  loadedAt: Date;
}

export interface CalendarState {
  calendar: WorkCalendar;
  /** Years whose schedule in force came from an administrator. */
  loaded: ReadonlyMap<number, LoadedYearInfo>;
}

/**
 * A calendar shared by every caller until the stored schedules change, so it refuses `loadYear`
 * once built: a caller adding a year would otherwise change it for everyone else.
 */
class SharedWorkCalendar extends WorkCalendar {
  // Undefined while the base constructor loads the schedules, true afterwards.
  private sealed = false;

  constructor(schedules: readonly YearSchedule[]) {
    super(schedules);
    this.sealed = true;
  }

  override loadYear(year: number, lists: { holidays: readonly string[]; workdays: readonly string[] }, source?: string): YearSchedule {
    if (this.sealed) throw new Error('the shared working-day calendar is read-only; build a new WorkCalendar to add years');
    return super.loadYear(year, lists, source);
  }
}

const BUILTIN = builtinSchedules();
const BUILTIN_YEARS = new Set(BUILTIN.map((s) => s.year));

export function isBundledYear(year: number): boolean {
  return BUILTIN_YEARS.has(year);
}

/**
 * The last calendar built, by the digest of the stored schedules it was built from (policy-digest.ts).
 * Every call reads the digest and rebuilds only when it differs, so a schedule loaded by any process is
 * in force from the very next call.
 */
let last: { digest: string; state: CalendarState } | null = null;

export async function loadCalendarState(db: Queryable): Promise<CalendarState> {
  const { calendar: digest } = await policyDigests(db);
  if (last && last.digest === digest) return last.state;
  const rows = await db.select().from(calendarYears).orderBy(asc(calendarYears.year));

  // The bundled official data wins over a stored schedule for the same year: loading is only
  // offered for years the bundle lacks, so an overlap means a newer bundle now covers that year.
  const extra = rows.filter((r) => !BUILTIN_YEARS.has(r.year));
  const schedules: YearSchedule[] = [
    ...BUILTIN,
    ...extra.map((r) => ({
      year: r.year,
      holidays: r.holidays as string[],
      workdays: r.workdays as string[],
      source: ADMIN_SOURCE,
    })),
  ];
  const state: CalendarState = {
    calendar: new SharedWorkCalendar(schedules),
    loaded: new Map(extra.map((r) => [r.year, { loadedBy: r.loadedBy, loadedAt: r.createdAt }])),
  };
  // Kept only when nothing was committed between the two reads, so the digest names these very rows.
  if ((await policyDigests(db)).calendar === digest) last = { digest, state };
  return state;
}

/** The PRC working-day calendar: the bundled official years plus those loaded by an administrator. Read-only. */
export async function loadWorkCalendar(db: Queryable): Promise<WorkCalendar> {
  return (await loadCalendarState(db)).calendar;
}
