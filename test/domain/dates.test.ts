import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  isValidDate,
  parseDate,
  toDayNumber,
} from '../../src/domain/dates.js';

// Date.UTC is used here only as an independent oracle for the integer formulas under test.
const utcDays = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const anyDate = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar dates', () => {
  it.each([
    ['2026-02-04', true],
    ['2028-02-29', true],
    ['2000-02-29', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-2-4', false],
    ['2026-02-04T00:00:00Z', false],
    ['', false],
    ['2026-02-04\n', false],
    ['2026/02/04', false],
    ['202a-02-04', false],
    ['2026-0:-04', false],
    ['0000-01-01', false],
    ['2026-０2-04', false],
  ])('isValidDate(%s) = %s', (text, valid) => {
    expect(isValidDate(text)).toBe(valid);
  });

  it('accepts exactly what the shape YYYY-MM-DD with a real day accepts, whatever the characters', () => {
    const shape = /^(\d{4})-(\d{2})-(\d{2})$/;
    const oracle = (t: string) => {
      const m = shape.exec(t);
      if (!m) return false;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && utcDays(y, mo, d) === utcDays(y, mo, 1) + d - 1 && new Date(Date.UTC(y, mo - 1, d)).getUTCMonth() === mo - 1;
    };
    const near = fc.tuple(anyDate, fc.nat(9), fc.constantFrom('0', '9', '-', '/', ' ', 'a', '\n', '٣')).map(([d, i, c]) => d.slice(0, i) + c + d.slice(i + 1));
    fc.assert(fc.property(fc.oneof(anyDate, near, fc.string({ maxLength: 12 })), (t) => isValidDate(t) === oracle(t)), { numRuns: 5_000 });
  });

  it('rejects an invalid date with a clear error', () => {
    expect(() => parseDate('2026-02-30')).toThrow(/not a valid YYYY-MM-DD date/);
    expect(() => addDays('2026-02-30', 1)).toThrow();
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-02-04', 1060)).toBe('2028-12-30');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-02-04', '2028-12-31')).toBe(1061);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
  });

  it('gives ISO weekdays (1 = Monday … 7 = Sunday)', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-02-04')).toBe(3);
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(dayOfWeek('2026-10-11')).toBe(7);
    expect(dayOfWeek('1969-12-29')).toBe(1);
  });

  it('adds months and years, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
    expect(addMonths('2026-11-30', 14)).toBe('2028-01-30');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2023-06-01', 3)).toBe('2026-06-01');
  });

  it('compares dates', () => {
    expect(compareDates('2026-02-04', '2026-02-05')).toBe(-1);
    expect(compareDates('2026-02-04', '2026-02-04')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
  });

  it('day numbers agree with an independent UTC computation', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const { year, month, day } = parseDate(d);
        expect(toDayNumber(d)).toBe(utcDays(year, month, day));
        expect(fromDayNumber(toDayNumber(d))).toBe(d);
        expect(dayOfWeek(d) % 7).toBe(new Date(`${d}T00:00:00Z`).getUTCDay());
      }),
    );
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});
