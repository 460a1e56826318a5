import { describe, expect, it } from 'vitest';
import { CalendarScheduleError, CalendarYearUnknownError, WorkCalendar } from '../../src/domain/calendar.js';

const official = WorkCalendar.official();

describe('PRC working-day calendar', () => {
  it('knows the years of the bundled official schedules, and no later ones', () => {
    const years = official.knownYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
  });

  it('ends a 5-working-day notice starting 2026-09-28 on 2026-10-09, across National Day', () => {
    expect(official.nthWorkingDay('2026-09-28', 5)).toBe('2026-10-09');
  });

  it('starts counting on the next working day when the notice starts on a holiday', () => {
    // 10-08 (1), 10-09 (2), Saturday 10-10 worked in lieu (3), 10-12 (4), 10-13 (5)
    expect(official.nthWorkingDay('2026-10-01', 5)).toBe('2026-10-13');
    expect(official.nthWorkingDay('2026-10-01', 1)).toBe('2026-10-08');
  });

  it('counts adjusted working Saturdays and Sundays as working days', () => {
    expect(official.isWorkingDay('2026-10-10')).toBe(true); // Saturday
    expect(official.dayKind('2026-10-10')).toBe('adjusted_workday');
    expect(official.isWorkingDay('2026-09-20')).toBe(true); // Sunday
    expect(official.isWorkingDay('2026-02-14')).toBe(true); // Saturday before Spring Festival
    expect(official.isWorkingDay('2026-02-28')).toBe(true);
  });

  it('treats official holidays on weekdays as days off, and ordinary weekends too', () => {
    expect(official.dayKind('2026-10-01')).toBe('holiday');
    expect(official.isWorkingDay('2026-02-16')).toBe(false); // Monday in Spring Festival
    expect(official.dayKind('2026-03-07')).toBe('weekend');
    expect(official.dayKind('2026-03-09')).toBe('workday');
  });

  it('exposes a year schedule as data', () => {
    const s = official.schedule(2026);
    expect(s.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(s.holidays).toContain('2026-10-07');
    expect(s.source).toMatch(/^chinese-days@/);
    s.holidays.length = 0; // a copy: the calendar is unaffected
    expect(official.isWorkingDay('2026-10-07')).toBe(false);
  });

  it('counts working days in October 2026', () => {
    expect(official.countWorkingDays('2026-10-01', '2026-10-31')).toBe(18);
  });

  it('adds working days forwards and backwards', () => {
    expect(official.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(official.addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    expect(official.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(official.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('refuses to guess for a year with no schedule', () => {
    const ask = () => official.isWorkingDay('2027-03-03');
    expect(ask).toThrow(CalendarYearUnknownError);
    try {
      ask();
    } catch (e) {
      expect((e as CalendarYearUnknownError).code).toBe('CALENDAR_YEAR_UNKNOWN');
      expect((e as CalendarYearUnknownError).year).toBe(2027);
    }
    expect(() => official.schedule(2027)).toThrow(CalendarYearUnknownError);
  });

  it('fails a count that runs into an unknown year instead of guessing', () => {
    expect(() => official.nthWorkingDay('2026-12-28', 5)).toThrow(CalendarYearUnknownError);
  });

  it('uses an administrator-loaded year', () => {
    const cal = WorkCalendar.official();
    cal.loadYear(2027, { holidays: ['2027-01-01', '2027-10-01', '2027-10-04'], workdays: ['2027-09-26'] });
    expect(cal.knownYears()).toContain(2027);
    expect(cal.schedule(2027).source).toBe('admin');
    expect(cal.isWorkingDay('2027-10-01')).toBe(false); // Friday, holiday
    expect(cal.isWorkingDay('2027-09-26')).toBe(true); // Sunday, worked
    expect(cal.nthWorkingDay('2026-12-28', 5)).toBe('2027-01-04');
    expect(official.hasYear(2027)).toBe(false);
  });

  it('rejects a malformed schedule', () => {
    const cal = new WorkCalendar();
    expect(() => cal.loadYear(2027, { holidays: ['2028-01-01'], workdays: [] })).toThrow(CalendarScheduleError);
    expect(() => cal.loadYear(2027, { holidays: ['2027-02-30'], workdays: [] })).toThrow(/not a valid date/);
    expect(() => cal.loadYear(2027, { holidays: [], workdays: ['2027-03-03'] })).toThrow(/weekday/);
    expect(() => cal.loadYear(2027, { holidays: ['2027-10-02'], workdays: ['2027-10-02'] })).toThrow(/both/);
    expect(cal.knownYears()).toEqual([]);
  });
});
