import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { rowsOf } from '../src/db/client.js';
import { completeUscc } from '../src/domain/uscc.js';
import { postgresUrl, redisUrl, report } from './lib.js';
import { usableFixtures } from './support/fixture-files.js';

/**
 * Upload → parsed throughput on 2 worker processes with Postgres and Redis, against the raw parsing rate
 * of the same fixture mix on 2 cores (two processes calling the pure parser in a loop, nothing else).
 */
const ENTERPRISES = Number(process.argv[2] ?? 12);
const files = usableFixtures();

async function rawRate(): Promise<number> {
  const rounds = 6;
  const procs = [0, 1].map(() =>
    spawn(process.execPath, ['--import', 'tsx', 'bench/support/parse-loop.ts', String(rounds)], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const lines = (p: ChildProcess) => {
    const queue: string[] = [];
    let waiter: ((l: string) => void) | null = null;
    let buf = '';
    p.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const l = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (waiter) {
          const w = waiter;
          waiter = null;
          w(l);
        } else queue.push(l);
      }
    });
    return () => new Promise<string>((resolve) => (queue.length ? resolve(queue.shift()!) : (waiter = resolve)));
  };
  const readers = procs.map(lines);
  await Promise.all(readers.map((r) => r()));
  const start = performance.now();
  for (const p of procs) p.stdin!.write('go\n');
  const results = (await Promise.all(readers.map((r) => r()))).map((l) => JSON.parse(l) as { n: number });
  const seconds = (performance.now() - start) / 1000;
  return results.reduce((a, r) => a + r.n, 0) / seconds;
}

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `cs_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(postgresUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function endToEnd(): Promise<{ rate: number; n: number; seconds: number }> {
  return withDatabase(async (databaseUrl) => {
    const key = randomBytes(32).toString('hex');
    const adminToken = `cst_bench_${randomBytes(16).toString('hex')}`;
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
      SECRET_ENCRYPTION_KEY: key,
      BOOTSTRAP_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '1',
      OUTBOX_POLL_MS: '100',
    };
    const rt = await createRuntime(loadConfig(env), { logger: createLogger('warn') });
    rt.start();
    const workers = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], { env: { ...process.env, ...env, RUN_MIGRATIONS: 'false' }, stdio: ['ignore', 'ignore', 'inherit'] }),
    );
    const call = (path: string, init: RequestInit) =>
      rt.app.request(path, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...(init.headers as object) } });
    const usccs = Array.from({ length: ENTERPRISES + 1 }, (_, i) => completeUscc(`913501000${String(500 + i).padStart(7, '0')}`));
    for (const uscc of usccs) {
      await call('/v1/enterprises', { method: 'POST', body: JSON.stringify({ uscc, name: uscc }), headers: { 'content-type': 'application/json' } });
    }
    const uploadAll = async (uscc: string) => {
      for (const f of files) {
        const form = new FormData();
        form.set('file', new Blob([f.bytes]), f.name);
        form.set('purpose', 'model_development');
        form.set('uscc', uscc);
        const res = await call('/v1/invoices', { method: 'POST', body: form });
        if (res.status !== 202) throw new Error(`upload ${f.name}: ${res.status} ${await res.text()}`);
      }
    };
    const pending = async () =>
      Number(rowsOf<{ n: number }>(await rt.database.db.execute(sql`select count(*)::int as n from invoices where status = 'received'`))[0]!.n);
    const drain = async () => {
      while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 50));
    };
    // Warm-up: each worker loads its parser threads and pdf.js once.
    await uploadAll(usccs[0]!);
    await drain();

    const start = performance.now();
    for (const uscc of usccs.slice(1)) await uploadAll(uscc);
    await drain();
    const seconds = (performance.now() - start) / 1000;
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r))));
    await rt.stop();
    const n = ENTERPRISES * files.length;
    return { rate: n / seconds, n, seconds };
  });
}

const raw = await rawRate();
console.log(`raw parse rate on 2 cores: ${raw.toFixed(1)} invoices/s (${files.length} fixtures, PDF/OFD/XML mix)`);
const e2e = await endToEnd();
console.log(`upload → parsed, 2 workers on Postgres + Redis: ${e2e.n} invoices in ${e2e.seconds.toFixed(2)} s = ${e2e.rate.toFixed(1)} invoices/s`);
const ratio = e2e.rate / raw;
console.log(`ratio ${ratio.toFixed(2)} (target ≥ 0.6)`);
report('ingest-throughput', [
  {
    figure: 'upload → parsed, 2 workers, Postgres + Redis',
    value: e2e.rate,
    unit: 'invoices/s',
    baseline: { label: 'raw parser on 2 cores', value: raw, unit: 'invoices/s' },
    ratio,
    target: '≥ 0.6',
    met: ratio >= 0.6,
  },
]);
