import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarYears, policyParameters } from '../../src/db/schema/index.js';
import type { Db } from '../../src/db/client.js';
import { loadParameterSet, loadWorkCalendar } from '../../src/services/policy/index.js';
import { policyDigests } from '../../src/services/policy/policy-digest.js';
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

  it('reads asked for in one turn share one digest query, sent after the last of them asked; a later read sends its own', async () => {
    let queries = 0;
    // The database handle with its queries counted: every digest read is one `execute`.
    const db = rt.database.db;
    const counted = new Proxy(db, {
      get: (target, key) => (key === 'execute' ? (...args: Parameters<Db['execute']>) => (queries++, target.execute(...args)) : Reflect.get(target, key, target)),
    });
    const together = await Promise.all(Array.from({ length: 20 }, () => policyDigests(counted)));
    expect(queries).toBe(1);
    expect(new Set(together.map((d) => JSON.stringify(d))).size).toBe(1);

    // A read asked for while another's query is on its way does not join it: a value stored meanwhile is in
    // what the later read returns.
    const onItsWay = policyDigests(counted);
    await new Promise((r) => setImmediate(r));
    await db.insert(policyParameters).values({ name: 'compute.cap', validFrom: '2028-01-01', value: 40_000_000, note: '', createdBy: 'user:elsewhere' });
    const after = policyDigests(counted);
    await onItsWay;
    expect((await after).parameters).not.toBe(together[0]!.parameters);
    expect(queries).toBe(3);
  });
});
