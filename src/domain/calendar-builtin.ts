import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };
import type { YearSchedule } from './calendar.js';

/** Version of the bundled holiday data, recorded as each built-in schedule's source. */
export const BUILTIN_SOURCE = `chinese-days@${pkg.version}`;

interface ChineseDaysData {
  /** date → "English name,中文名,days" for every day off in a holiday period. */
  holidays: Record<string, string>;
  /** date → the holiday whose period it makes up for, for every adjusted working weekend day. */
  workdays: Record<string, string>;
}

function groupByYear(dates: Iterable<string>): Map<number, string[]> {
  const byYear = new Map<number, string[]>();
  for (const d of dates) {
    const year = Number(d.slice(0, 4));
    const list = byYear.get(year) ?? [];
    list.push(d);
    byYear.set(year, list);
  }
  return byYear;
}

/**
 * The official schedules for every year in the `chinese-days` data. The raw lists are used (not the
 * package's `isWorkday`), because for a year it does not know the package silently falls back to
 * Monday–Friday, which is exactly the guess this service must never make.
 */
export function builtinSchedules(): YearSchedule[] {
  const raw = data as ChineseDaysData;
  const holidays = groupByYear(Object.keys(raw.holidays));
  const workdays = groupByYear(Object.keys(raw.workdays));
  const years = [...holidays.keys()].sort((a, b) => a - b);
  return years.map((year) => ({
    year,
    holidays: (holidays.get(year) ?? []).sort(),
    workdays: (workdays.get(year) ?? []).sort(),
    source: BUILTIN_SOURCE,
  }));
}
