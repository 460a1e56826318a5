import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { defineJob, PermanentJobError, registry } from '../../src/jobs/definition.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { outbox } from '../../src/db/schema/index.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

const seen: string[] = [];
const attempts = new Map<string, number>();

const recordJob = defineJob({
  name: 'test.record',
  payload: z.strictObject({ key: z.string(), failTimes: z.number().int().default(0) }),
  jobId: (p) => `record-${p.key}`,
  async handler(p, ctx) {
    const n = (attempts.get(p.key) ?? 0) + 1;
    attempts.set(p.key, n);
    if (p.key === 'permanent') throw new PermanentJobError('cannot ever work');
    if (n <= p.failTimes) throw new Error(`transient failure ${n}`);
    expect(ctx.attempt).toBe(n);
    seen.push(p.key);
  },
});

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime({}, { jobs: registry([recordJob]) });
});
afterAll(() => rt.close());

describe('jobs through the outbox', () => {
  it('a job enqueued in a committed transaction runs once', async () => {
    await rt.database.db.transaction(async (tx) => {
      await enqueue(tx, recordJob, { key: 'committed', failTimes: 0 });
    });
    await rt.jobs.idle();
    expect(seen.filter((k) => k === 'committed')).toEqual(['committed']);
  });

  it('a job enqueued in a rolled-back transaction never runs', async () => {
    await expect(
      rt.database.db.transaction(async (tx) => {
        await enqueue(tx, recordJob, { key: 'rolled-back', failTimes: 0 });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await rt.jobs.idle();
    expect(seen).not.toContain('rolled-back');
    const rows = await rt.database.db.select().from(outbox).where(eq(outbox.jobId, 'record-rolled-back'));
    expect(rows).toEqual([]);
  });

  it('a bad payload is refused at enqueue time', async () => {
    await expect(enqueue(rt.database.db, recordJob, { key: 42 } as never)).rejects.toThrow();
  });

  it('a transient failure is retried with backoff until it succeeds', async () => {
    await enqueue(rt.database.db, recordJob, { key: 'flaky', failTimes: 1 });
    rt.jobs.poke();
    const deadline = Date.now() + 20_000;
    while (!seen.includes('flaky') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(seen).toContain('flaky');
    expect(attempts.get('flaky')).toBe(2);
  });

  it('a permanent failure is not retried', async () => {
    await enqueue(rt.database.db, recordJob, { key: 'permanent', failTimes: 0 });
    await rt.jobs.idle();
    await new Promise((r) => setTimeout(r, 1500));
    expect(attempts.get('permanent')).toBe(1);
  });

  it('the same job id enqueued twice runs once', async () => {
    await enqueue(rt.database.db, recordJob, { key: 'twice', failTimes: 0 });
    await rt.jobs.idle();
    await enqueue(rt.database.db, recordJob, { key: 'twice', failTimes: 0 });
    await rt.jobs.idle();
    expect(seen.filter((k) => k === 'twice')).toHaveLength(1);
  });
});
