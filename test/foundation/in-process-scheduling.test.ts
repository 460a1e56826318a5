import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { defineJob, registry } from '../../src/jobs/definition.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

/** A promise the test resolves when it chooses: holds a job in its slot. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const gates = new Map<string, ReturnType<typeof gate>>();
const started: string[] = [];
const finished: string[] = [];
let workRunning = 0;
let workPeak = 0;

/** Ordinary work, like a parse: runs as soon as a slot is free. */
const workJob = defineJob({
  name: 'test.work',
  payload: z.strictObject({ key: z.string() }),
  jobId: (p) => `work-${p.key}`,
  async handler(p) {
    workRunning++;
    workPeak = Math.max(workPeak, workRunning);
    started.push(p.key);
    try {
      await (gates.get(p.key)?.opened ?? new Promise((r) => setTimeout(r, 20)));
    } finally {
      workRunning--;
    }
    finished.push(p.key);
  },
});

/** A run that folds, like matching: one run covers every trigger for the same enterprise committed before it starts. */
const runs: { enterprise: string; trigger: string }[] = [];
const foldingJob = defineJob({
  name: 'test.fold',
  payload: z.strictObject({ enterprise: z.string(), trigger: z.string() }),
  jobId: (p) => `fold-${p.trigger}`,
  dedupKey: (p) => p.enterprise,
  coalesceMs: () => 200,
  async handler(p) {
    runs.push(p);
    await gates.get(`fold-${p.trigger}`)?.opened;
  },
});

let rt: TestRuntime;
beforeAll(async () => {
  // The embedded runner is what is tested, on whichever database the pass uses, even when REDIS_URL is set.
  rt = await testRuntime({ WORKER_CONCURRENCY: '2', REDIS_URL: '' }, { jobs: registry([workJob, foldingJob]) });
  expect(rt.jobs.kind).toBe('in-process');
});
afterAll(() => rt.close());

const statuses = async (prefix: string) =>
  rowsOf<{ job_id: string; status: string }>(
    await rt.database.db.execute(sql`select job_id, status from outbox where job_id like ${`${prefix}%`} order by id`),
  ).map((r) => r.status);

describe('the embedded runner schedules continuously, by lane', () => {
  it('a slot freed by a quick job claims the next row while a slow job still holds the other', async () => {
    const slow = gate();
    gates.set('slow', slow);
    await enqueue(rt.database.db, workJob, { key: 'slow' });
    rt.jobs.poke();
    await until('the slow job started', () => started.includes('slow'));
    for (let i = 0; i < 6; i++) await enqueue(rt.database.db, workJob, { key: `quick-${i}` });
    rt.jobs.poke();
    // All six pass through the one free slot while the slow job waits: a runner that claimed two rows and
    // waited for both would finish at most one of them before the slow one is let go.
    await until('every quick job finished', () => Array.from({ length: 6 }, (_, i) => `quick-${i}`).every((k) => finished.includes(k)));
    expect(finished).not.toContain('slow');
    expect(workPeak).toBeLessThanOrEqual(2);
    slow.open();
    await rt.jobs.idle();
    expect(finished).toContain('slow');
    expect(await statuses('work-')).toEqual(Array(7).fill('done'));
  });

  it('a matching run has its own slot: ordinary work keeps both of its slots while one runs', async () => {
    const held = gate();
    gates.set('fold-held', held);
    await enqueue(rt.database.db, foldingJob, { enterprise: 'E-held', trigger: 'held' });
    rt.jobs.poke();
    await until('the folding run started', () => runs.some((r) => r.trigger === 'held'));
    const a = gate();
    const b = gate();
    gates.set('pair-a', a);
    gates.set('pair-b', b);
    await enqueue(rt.database.db, workJob, { key: 'pair-a' });
    await enqueue(rt.database.db, workJob, { key: 'pair-b' });
    rt.jobs.poke();
    // Both run at once beside the matching run: neither can finish before the test opens them.
    await until('both work jobs running beside the matching run', () => started.includes('pair-a') && started.includes('pair-b'));
    expect(workRunning).toBe(2);
    a.open();
    b.open();
    held.open();
    await rt.jobs.idle();
  });

  it('triggers for one enterprise that arrive together fold into one run; other enterprises get their own', async () => {
    const before = runs.length;
    // Committed together, as a burst of parses would within the coalescing time.
    await rt.database.db.transaction(async (tx) => {
      for (let i = 0; i < 8; i++) await enqueue(tx, foldingJob, { enterprise: 'E-1', trigger: `burst-1-${i}` });
      for (let i = 0; i < 3; i++) await enqueue(tx, foldingJob, { enterprise: 'E-2', trigger: `burst-2-${i}` });
    });
    rt.jobs.poke();
    await rt.jobs.idle();
    const burst = runs.slice(before);
    expect(burst.filter((r) => r.enterprise === 'E-1')).toHaveLength(1);
    expect(burst.filter((r) => r.enterprise === 'E-2')).toHaveLength(1);
    // The newest trigger of each group runs; every row of both groups is finished.
    expect(burst.map((r) => r.trigger).sort()).toEqual(['burst-1-7', 'burst-2-2']);
    expect(await statuses('fold-burst-')).toEqual(Array(11).fill('done'));
  });

  it('a trigger that arrives while its enterprise is being matched gets a run after it, not folded into it', async () => {
    const before = runs.length;
    const first = gate();
    gates.set('fold-during-0', first);
    await enqueue(rt.database.db, foldingJob, { enterprise: 'E-3', trigger: 'during-0' });
    rt.jobs.poke();
    await until('the first run started', () => runs.some((r) => r.trigger === 'during-0'));
    await enqueue(rt.database.db, foldingJob, { enterprise: 'E-3', trigger: 'during-1' });
    await enqueue(rt.database.db, foldingJob, { enterprise: 'E-3', trigger: 'during-2' });
    first.open();
    await rt.jobs.idle();
    // The first run may not have seen what these two committed: one more run covers both.
    expect(runs.slice(before).map((r) => r.trigger)).toEqual(['during-0', 'during-2']);
    expect(await statuses('fold-during-')).toEqual(['done', 'done', 'done']);
  });
});
