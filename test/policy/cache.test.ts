import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarYears, policyParameters } from '../../src/db/schema/index.js';
import { loadParameterSet, loadWorkCalendar } from '../../src/services/policy/index.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(() => rt.close());

// Rows written straight to the database stand for another API process: nothing in this process
// is told about them, so they are seen only if every read checks the stored state.
describe('parameters and calendar cached per process', () => {
  it('reuses the built parameter set until the stored values change, then sees the change on the next read', async () => {
    const db = rt.database.db;
    const first = await loadParameterSet(db);
    expect(await loadParameterSet(db)).toBe(first);
    expect(first.fen('compute.cap', '2027-06-01')).toMatchObject({ value: 50_000_000, from: '2026-02-04' });

    await db.insert(policyParameters).values({ name: 'compute.cap', validFrom: '2027-01-01', value: 60_000_000, note: '', createdBy: 'user:elsewhere' });
    const next = await loadParameterSet(db);
    expect(next).not.toBe(first);
    expect(next.fen('compute.cap', '2027-06-01')).toMatchObject({ value: 60_000_000, from: '2027-01-01' });
    expect(next.fen('compute.cap', '2026-12-31').value).toBe(50_000_000);
    // The set handed out earlier is immutable: a decision in flight keeps the values it started with.
    expect(first.fen('compute.cap', '2027-06-01').value).toBe(50_000_000);
  });

  it('reuses the built calendar until a schedule is stored, then knows the new year on the next read', async () => {
    const db = rt.database.db;
    const first = await loadWorkCalendar(db);
    expect(await loadWorkCalendar(db)).toBe(first);
    expect(first.hasYear(2028)).toBe(false);

    await db.insert(calendarYears).values({ year: 2028, holidays: ['2028-01-01'], workdays: [], loadedBy: 'user:elsewhere' });
    const next = await loadWorkCalendar(db);
    expect(next).not.toBe(first);
    expect(next.dayKind('2028-01-01')).toBe('holiday');
    expect(next.isWorkingDay('2028-01-03')).toBe(true);
    expect(next.knownYears()).toContain(2026);
  });
});
