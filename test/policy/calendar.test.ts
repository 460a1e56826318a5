import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SOURCE } from '../../src/domain/calendar-builtin.js';
import { loadWorkCalendar } from '../../src/services/policy/index.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
let reviewerToken: string;
beforeAll(async () => {
  rt = await testRuntime();
  reviewerToken = await rt.userToken('provincial_reviewer');
});
afterAll(() => rt.close());

const ADMIN = 'user:usr_bootstrap_admin';

// A schedule shaped like the State Council's: 1 January 2027 is a Friday, 1 October too.
const SCHEDULE_2027 = {
  holidays: [
    '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07',
    '2027-01-01', '2027-01-02', '2027-01-03',
  ],
  workdays: ['2027-10-09', '2027-09-26'],
};

describe('GET /v1/calendar/{year}', () => {
  it('returns a bundled official year with its source', async () => {
    const res = await rt.request('GET', '/v1/calendar/2026', { token: reviewerToken });
    expect(res.status).toBe(200);
    expect(BUILTIN_SOURCE).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(res.body).toMatchObject({ year: 2026, source: BUILTIN_SOURCE, loadedBy: null, loadedAt: null });
    expect(res.body.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07', '2026-02-16']));
    expect(res.body.workdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
  });

  it('404 CALENDAR_YEAR_UNKNOWN for a year nobody loaded, 422 for a path that is not a year', async () => {
    const res = await rt.request('GET', '/v1/calendar/2031');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CALENDAR_YEAR_UNKNOWN');
    expect(res.body.detail).toContain('2031');
    expect((await rt.request('GET', '/v1/calendar/next')).status).toBe(422);
    expect((await rt.request('GET', '/v1/calendar/2031', { token: null })).status).toBe(401);
  });
});

describe('PUT /v1/calendar/{year}', () => {
  it('403 for anyone but an admin', async () => {
    const res = await rt.request('PUT', '/v1/calendar/2027', { token: reviewerToken, json: SCHEDULE_2027 });
    expect(res.status).toBe(403);
    expect((await rt.request('GET', '/v1/calendar/2027')).status).toBe(404);
  });

  it('422 for malformed dates, with the path of each', async () => {
    const res = await rt.request('PUT', '/v1/calendar/2027', {
      json: { holidays: ['2027-01-01', '2027-02-30', '20270203'], workdays: [] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['holidays.1', 'holidays.2', 'holidays.2']);
  });

  it('422 INVALID_CALENDAR_SCHEDULE for dates outside the year, repeats and weekday "workdays"', async () => {
    const res = await rt.request('PUT', '/v1/calendar/2027', {
      json: { holidays: ['2027-01-01', '2028-01-01', '2027-01-01'], workdays: ['2027-09-27', '2027-01-01'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_CALENDAR_SCHEDULE');
    expect(res.body.errors).toEqual([
      { path: 'holidays.1', message: '2028-01-01 is not in 2027' },
      { path: 'holidays.2', message: '2027-01-01 is already listed at holidays.0' },
      { path: 'workdays.0', message: '2027-09-27 is a weekday; only a Saturday or Sunday can be an adjusted working day' },
      { path: 'workdays.1', message: '2027-01-01 is already listed at holidays.0' },
    ]);
  });

  it('422 for an empty holiday list or an unknown field', async () => {
    const empty = await rt.request('PUT', '/v1/calendar/2027', { json: { holidays: [], workdays: [] } });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ path: 'holidays', message: 'a year always has official holidays' }]);
    const extra = await rt.request('PUT', '/v1/calendar/2027', { json: { ...SCHEDULE_2027, source: 'gov.cn' } });
    expect(extra.status).toBe(422);
    expect(extra.body.errors).toEqual([{ path: '(body)', message: 'unknown field(s): source' }]);
  });

  it('409 CALENDAR_YEAR_BUNDLED for a year the official bundle already has', async () => {
    const res = await rt.request('PUT', '/v1/calendar/2026', { json: SCHEDULE_2027 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CALENDAR_YEAR_BUNDLED');
  });

  it('loads 2027 (sorted), serves it, and the working-day calendar counts with it', async () => {
    const res = await rt.request('PUT', '/v1/calendar/2027', { json: SCHEDULE_2027 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      year: 2027,
      source: 'admin',
      loadedBy: ADMIN,
      holidays: [...SCHEDULE_2027.holidays].sort(),
      workdays: ['2027-09-26', '2027-10-09'],
    });

    const got = await rt.request('GET', '/v1/calendar/2027', { token: reviewerToken });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);

    const list = await rt.request('GET', '/v1/calendar');
    expect(list.body.years).toContainEqual({ year: 2027, source: 'admin' });
    expect(list.body.years).toContainEqual({ year: 2026, source: BUILTIN_SOURCE });

    const calendar = await loadWorkCalendar(rt.database.db);
    // 09-29 (1), 09-30 (2), holiday 10-01…10-07, 10-08 (3), Saturday 10-09 worked in lieu (4), 10-11 (5).
    expect(calendar.nthWorkingDay('2027-09-29', 5)).toBe('2027-10-11');
    expect(calendar.dayKind('2027-09-26')).toBe('adjusted_workday');
    expect(() => calendar.loadYear(2028, { holidays: ['2028-01-01'], workdays: [] })).toThrow(/read-only/);

    const audit = await rt.request('GET', '/v1/audit-events?entityType=calendar_year&entityId=2027');
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'calendar_year.loaded', actor: ADMIN, after: { workdays: ['2027-09-26', '2027-10-09'] } });
  });

  it('the same schedule again changes nothing; a corrected one replaces it and the audit keeps both', async () => {
    const again = await rt.request('PUT', '/v1/calendar/2027', { json: SCHEDULE_2027 });
    expect(again.status).toBe(200);
    const corrected = { holidays: SCHEDULE_2027.holidays, workdays: ['2027-09-26'] };
    const replaced = await rt.request('PUT', '/v1/calendar/2027', { json: corrected });
    expect(replaced.status).toBe(200);
    expect(replaced.body.workdays).toEqual(['2027-09-26']);

    const audit = await rt.request('GET', '/v1/audit-events?entityType=calendar_year&entityId=2027');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['calendar_year.loaded', 'calendar_year.replaced']);
    expect(audit.body.items[1].before.workdays).toEqual(['2027-09-26', '2027-10-09']);
    expect(audit.body.items[1].after.workdays).toEqual(['2027-09-26']);

    // Saturday 10-09 is now a day off: the fifth working day moves to Tuesday 10-12.
    expect((await loadWorkCalendar(rt.database.db)).nthWorkingDay('2027-09-29', 5)).toBe('2027-10-12');
  });
});
