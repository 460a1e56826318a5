import { addDays, compareDates, isValidDate, isWeekend, yearOf, type IsoDate } from './dates.js';
import { builtinSchedules } from './calendar-builtin.js';

/**
 * PRC working days: Monday–Friday, minus the official holidays, plus the adjusted working weekends
 * (调休上班) that the State Council publishes each year. Both lists are needed: a weekends-only
 * guess would, for example, count the 2026 National Day week as five working days.
 */
export interface YearSchedule {
  year: number;
  /** Days off, including weekends that fall inside a holiday period. Sorted. */
  holidays: IsoDate[];
  /** Saturdays and Sundays that are working days. Sorted. */
  workdays: IsoDate[];
  /** Where the schedule came from: the bundled `chinese-days` data or an administrator. */
  source: string;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export class CalendarYearUnknownError extends Error {
  override name = 'CalendarYearUnknownError';
  readonly code = 'CALENDAR_YEAR_UNKNOWN';
  constructor(readonly year: number) {
    super(`no official working-day schedule is loaded for ${year}; an administrator must load it first`);
  }
}

export class CalendarScheduleError extends Error {
  override name = 'CalendarScheduleError';
  readonly code = 'INVALID_CALENDAR_SCHEDULE';
}

interface LoadedYear {
  schedule: YearSchedule;
  holidays: Set<IsoDate>;
  workdays: Set<IsoDate>;
}

function checkSchedule(year: number, holidays: readonly string[], workdays: readonly string[]): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(year) || year < 1 || year > 9999) problems.push(`not a year: ${year}`);
  const seen = new Set<string>();
  for (const [list, dates] of [['holidays', holidays], ['workdays', workdays]] as const) {
    for (const d of dates) {
      if (!isValidDate(d)) problems.push(`${list}: not a valid date: ${JSON.stringify(d)}`);
      else if (yearOf(d) !== year) problems.push(`${list}: ${d} is not in ${year}`);
      else if (seen.has(d)) problems.push(`${list}: ${d} is listed twice or in both lists`);
      else if (list === 'workdays' && !isWeekend(d)) problems.push(`workdays: ${d} is a weekday already`);
      seen.add(d);
    }
  }
  return problems;
}

export class WorkCalendar {
  private readonly years = new Map<number, LoadedYear>();

  constructor(schedules: readonly YearSchedule[] = []) {
    for (const s of schedules) this.loadYear(s.year, s, s.source);
  }

  /** A calendar with every year the bundled `chinese-days` data knows. */
  static official(): WorkCalendar {
    return new WorkCalendar(builtinSchedules());
  }

  /**
   * Loads (or replaces) a year's schedule, e.g. one published after the bundled data was built.
   * Rejects dates outside the year, duplicates, and "adjusted workdays" that are not weekend days.
   */
  loadYear(
    year: number,
    lists: { holidays: readonly string[]; workdays: readonly string[] },
    source = 'admin',
  ): YearSchedule {
    const problems = checkSchedule(year, lists.holidays, lists.workdays);
    if (problems.length > 0) throw new CalendarScheduleError(`schedule for ${year} rejected: ${problems.join('; ')}`);
    const schedule: YearSchedule = {
      year,
      holidays: [...lists.holidays].sort(),
      workdays: [...lists.workdays].sort(),
      source,
    };
    this.years.set(year, { schedule, holidays: new Set(schedule.holidays), workdays: new Set(schedule.workdays) });
    return schedule;
  }

  knownYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** The schedule of a year (a copy); throws `CalendarYearUnknownError` when none is loaded. */
  schedule(year: number): YearSchedule {
    const s = this.loaded(year).schedule;
    return { ...s, holidays: [...s.holidays], workdays: [...s.workdays] };
  }

  dayKind(date: IsoDate): DayKind {
    const y = this.loaded(yearOf(date));
    if (y.holidays.has(date)) return 'holiday';
    if (y.workdays.has(date)) return 'adjusted_workday';
    return isWeekend(date) ? 'weekend' : 'workday';
  }

  isWorkingDay(date: IsoDate): boolean {
    const kind = this.dayKind(date);
    return kind === 'workday' || kind === 'adjusted_workday';
  }

  /**
   * The n-th working day of a period that starts on `startsOn`: day 1 is `startsOn` when it is a
   * working day, else the next working day (a public notice published on a holiday starts counting
   * on the first working day after it).
   */
  nthWorkingDay(startsOn: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1, got ${n}`);
    let date = startsOn;
    let count = this.isWorkingDay(date) ? 1 : 0;
    while (count < n) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) count++;
    }
    return date;
  }

  /**
   * The date `n` working days after `date` (before it when n < 0), not counting `date` itself;
   * n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`n must be a whole number, got ${n}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let d = date;
    while (remaining > 0) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) remaining--;
    }
    return d;
  }

  /** Working days in [from, to], both inclusive (0 when to < from). */
  countWorkingDays(from: IsoDate, to: IsoDate): number {
    let count = 0;
    for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  private loaded(year: number): LoadedYear {
    const y = this.years.get(year);
    if (!y) throw new CalendarYearUnknownError(year);
    return y;
  }
}
