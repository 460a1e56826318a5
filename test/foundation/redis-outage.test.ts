import { afterAll, describe, expect, it } from 'vitest';
import { requires } from '../support/gates.js';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { defineJob, registry } from '../../src/jobs/definition.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { outbox } from '../../src/db/schema/index.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';

const ran: string[] = [];
const noteJob = defineJob({
  name: 'test.note',
  payload: z.strictObject({ key: z.string() }),
  jobId: (p) => `note-${p.key}`,
  async handler(p) {
    ran.push(p.key);
  },
});

describe.runIf(requires('a job enqueued while Redis is down', hasRedisServer, 'no redis-server binary'))('a job enqueued while Redis is down', () => {
  let redis: PrivateRedis;
  let rt: TestRuntime;
  afterAll(async () => {
    await rt?.close();
    await redis?.stop();
  });

  it('waits in the outbox and runs once Redis is back', async () => {
    redis = await PrivateRedis.reserve();
    rt = await testRuntime({ REDIS_URL: redis.url, QUEUE_PREFIX: 'outage' }, { jobs: registry([noteJob]) });
    expect(rt.jobs.kind).toBe('bullmq');

    await rt.database.db.transaction(async (tx) => enqueue(tx, noteJob, { key: 'during-outage' }));
    rt.jobs.poke();
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran).toEqual([]);
    const [row] = await rt.database.db.select().from(outbox).where(eq(outbox.jobId, 'note-during-outage'));
    expect(row?.status).toBe('pending');
    // Degraded, not unready: requests are still accepted while their jobs wait in the outbox.
    const ready = await rt.request('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', checks: { database: 'ok', queue: expect.stringMatching(/^unavailable/) } });

    await redis.start();
    const deadline = Date.now() + 30_000;
    while (!ran.includes('during-outage') && Date.now() < deadline) {
      rt.jobs.poke();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ran).toEqual(['during-outage']);
    const [after] = await rt.database.db.select().from(outbox).where(eq(outbox.jobId, 'note-during-outage'));
    expect(after?.status).toBe('dispatched');
  });
});
