import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { Queue } from 'bullmq';
import { rowsOf } from '../../src/db/client.js';
import { queueName } from '../../src/jobs/bullmq.js';
import { PrivatePostgres, hasPostgresServer, postgresSkipReason } from '../support/private-postgres.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';
import { upload } from '../support/upload.js';
import { requires } from '../support/gates.js';
import { recordLost, tally } from '../support/tally.js';
import { awardRound, changesNotReconciled, expectAuditChainIntact, expectMoneyReconciled } from '../support/integrity.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';
import { PROVIDER, invoiceNumber, registerUnit, uscc, world, type World } from '../workflow/support/world.js';

const SUITE = 'a worker killed with SIGKILL mid-job';
const enabled = requires(SUITE, hasPostgresServer && hasRedisServer, hasRedisServer ? postgresSkipReason : 'no redis-server binary');

/**
 * A worker process is killed with SIGKILL while parse jobs are inside their transaction (rows, follow-up
 * job and audit event written, not committed). Another worker picks the jobs up once their lock lapses,
 * and every effect exists exactly once. Two processes share the database, so it is a private Postgres.
 */
describe.runIf(enabled)(SUITE, () => {
  const PREFIX = 'kill';
  const BUYER = { uscc: uscc('350100', 71), name: '福州语料科技有限公司' };
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let w: World;
  let workerEnv: NodeJS.ProcessEnv;
  const workers: ChildProcess[] = [];

  function startWorker(extra: Record<string, string> = {}): { proc: ChildProcess; ready: Promise<void>; output: () => string } {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/fault-worker.ts'], {
      env: { ...workerEnv, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(proc);
    let out = '';
    proc.stderr!.on('data', (d) => (out += d));
    const ready = new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('worker ready')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${out}`)));
    });
    return { proc, ready, output: () => out };
  }

  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await w.rt.database.db.execute(query))[0]!.n);

  beforeAll(async () => {
    [pg, redis] = await Promise.all([PrivatePostgres.create(), PrivateRedis.reserve()]);
    await redis.start();
    const key = randomBytes(32).toString('hex');
    const env = {
      DATABASE_URL: await pg.createDatabase('cs_kill'),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: PREFIX,
      SECRET_ENCRYPTION_KEY: key,
      // A dead worker's job is free again within about 3 s instead of the production minute.
      JOB_LOCK_MS: '2000',
      JOB_STALLED_CHECK_MS: '1000',
      WORKER_CONCURRENCY: '3',
    };
    // Only the worker processes run jobs; this process serves the API and relays the outbox.
    w = await world('2026-05-11', env, { consumeJobs: false });
    workerEnv = { ...process.env, ...env, LOG_LEVEL: 'error', RUN_MIGRATIONS: 'false', OUTBOX_POLL_MS: '100' };
    await registerUnit(w, BUYER.uscc, BUYER.name);
  }, 120_000);

  afterAll(async () => {
    for (const p of workers) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await w?.rt.close();
    await Promise.all([pg?.destroy(), redis?.stop()]);
  });

  it('runs the killed jobs again on another worker, and each effect happens once', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'cs-kill-')), 'parse');
    const first = startWorker({ HANG_MARKER: marker });
    await first.ready;

    const token = await w.enterprise(BUYER.uscc);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const bytes = computeInvoiceXml({ number: invoiceNumber(), issueDate: '2026-04-10', buyer: { taxId: BUYER.uscc, name: BUYER.name }, seller: PROVIDER, net: 1_000_000 * (i + 1) });
      const res = await upload(w.rt, bytes, { token });
      expect(res.status, res.text).toBe(202);
      ids.push(res.body.id);
    }

    // The first parse stops before its commit; the others queue behind the audit chain's lock it holds.
    const deadline = Date.now() + 60_000;
    // Until its line is there: the file exists a moment before the worker's pid is written into it.
    const hungLine = () => (existsSync(`${marker}.hung`) ? readFileSync(`${marker}.hung`, 'utf8').trim() : '');
    while (hungLine() === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`${marker}.hung`), first.output()).toBe(true);
    expect(readFileSync(`${marker}.hung`, 'utf8').trim()).toBe(String(first.proc.pid));

    const exited = new Promise((resolve) => first.proc.once('exit', (_code, signal) => resolve(signal)));
    first.proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    tally('faultInjected', 'worker SIGKILLed mid-transaction');

    // Nothing of the killed attempt committed.
    expect(await count(sql`select count(*)::int as n from invoices where status <> 'received'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.parsed'`)).toBe(0);

    const second = startWorker();
    await second.ready;
    const done = Date.now() + 60_000;
    while (Date.now() < done && (await count(sql`select count(*)::int as n from invoices where status = 'parsed'`)) < ids.length) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await w.rt.jobs.idle(60_000);

    const lost = recordLost('invoice parses after a worker SIGKILL', ids.length - (await count(sql`select count(*)::int as n from invoices where status = 'parsed'`)));
    expect(lost, second.output()).toBe(0);
    for (const id of ids) {
      expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.parsed' and entity_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from audit_events where action = 'invoice.received' and entity_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from invoice_items where invoice_id = ${id}`)).toBe(1);
      expect(await count(sql`select count(*)::int as n from outbox where job_id like ${`recon-invoice-${id}-%`}`)).toBe(1);
    }
    // Follow-up reconciliation: one trigger per parse (above), and a run after the last of them.
    expect(await changesNotReconciled(w.rt.database.db, BUYER.uscc, sql`select parsed_at from invoices`)).toBe(0);

    // BullMQ saw the stall: the job that was in flight was started again, not enqueued a second time.
    const queue = new Queue(queueName('invoice.parse'), { connection: { url: redis.url }, prefix: PREFIX });
    try {
      const jobs = await Promise.all(ids.map((id) => queue.getJob(`invoice-parse-${id}`)));
      expect(jobs.every((j) => j?.finishedOn && !j.failedReason)).toBe(true);
      expect(jobs.some((j) => (j?.stalledCounter ?? 0) >= 1)).toBe(true);
    } finally {
      await queue.close();
    }

    // The surviving worker carries on with the rest of the day's work: a full award round, paid.
    const expected = await awardRound(w, { count: 3, serial: 80 });
    await w.rt.jobs.idle(60_000);
    await expectMoneyReconciled(w.rt.database.db, expected);
    await expectAuditChainIntact(w.rt.database.db, 'after a worker SIGKILL');

    const stopped = new Promise((resolve) => second.proc.once('exit', (code) => resolve(code)));
    second.proc.kill('SIGTERM');
    expect(await stopped).toBe(0);
    tally('fault', 'worker SIGKILLed mid-transaction');
  }, 150_000);
});
