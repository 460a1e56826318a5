import { isWeekend, yearOf } from '../../domain/dates.js';
import type { FieldError } from '../errors.js';

/**
 * Each entry of a year's schedule that `WorkCalendar.loadYear` would refuse, with its path in the
 * request body, so an administrator can fix exactly the dates at fault. Dates are already valid.
 */
export function scheduleProblems(year: number, lists: { holidays: readonly string[]; workdays: readonly string[] }): FieldError[] {
  const problems: FieldError[] = [];
  const firstSeen = new Map<string, string>();
  for (const list of ['holidays', 'workdays'] as const) {
    lists[list].forEach((date, i) => {
      const path = `${list}.${i}`;
      const earlier = firstSeen.get(date);
      if (yearOf(date) !== year) problems.push({ path, message: `${date} is not in ${year}` });
      else if (earlier !== undefined) problems.push({ path, message: `${date} is already listed at ${earlier}` });
      else if (list === 'workdays' && !isWeekend(date)) {
        problems.push({ path, message: `${date} is a weekday; only a Saturday or Sunday can be an adjusted working day` });
      }
      if (earlier === undefined) firstSeen.set(date, path);
    });
  }
  return problems;
}
