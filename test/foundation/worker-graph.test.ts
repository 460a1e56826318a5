import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { completeUscc } from '../../src/domain/uscc.js';
import { WORKER_NODE_FLAGS } from '../../workers/node-flags.js';
import { freshDatabaseUrl } from '../support/databases.js';
import { PrivatePostgres, hasPostgresServer } from '../support/private-postgres.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { upload } from '../support/upload.js';
import { computeInvoiceXml } from '../workflow/support/invoices.js';

/**
 * A worker process builds the core runtime only: it must run jobs without the web app (routes, console,
 * docs) in its module graph. The worker entry runs under a loader hook that records every module the process
 * loads (module-recorder.mjs); it parses an invoice enqueued through the API's outbox, and then the record
 * must hold the job's modules and none under src/http, src/console or src/routes.
 *
 * The API and the worker share a database, so this needs a Postgres server (DATABASE_URL, or a private one
 * when the binaries are installed) and a Redis (a private redis-server, or REDIS_URL).
 */
const ROOT = new URL('../../', import.meta.url);
const RECORDER = new URL('./module-recorder.mjs', import.meta.url).pathname;
const TRANSPORT = /\/src\/(http|console|routes)\//;
const canRun = (hasRedisServer || !!process.env.REDIS_URL) && (!!process.env.DATABASE_URL || hasPostgresServer);

/** The modules a process loaded, as repository paths (`src/jobs/…`), read from its record (then deleted). */
function loadedModules(record: string): string[] {
  const root = ROOT.href;
  const urls = readFileSync(record, 'utf8').split('\n');
  rmSync(dirname(record), { recursive: true, force: true });
  return [...new Set(urls.filter((u) => u.startsWith(root)).map((u) => u.slice(root.length)))];
}

function recordFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'cs-modules-')), 'loaded.txt');
}

describe('the module recorder', () => {
  it('sees the HTTP app when a process does load it (the API runtime)', () => {
    const record = recordFile();
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', RECORDER, '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(ROOT.pathname, 'src/runtime.ts')).href)})`],
      { cwd: ROOT.pathname, env: { ...process.env, MODULE_RECORD_FILE: record }, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const loaded = loadedModules(record);
    expect(loaded).toContain('src/http/app.ts');
    expect(loaded).toContain('src/console/app.ts');
    expect(loaded).toContain('src/routes/index.ts');
  });
});

describe.runIf(canRun)('a worker process without the web app', () => {
  let pg: PrivatePostgres | null = null;
  let redis: PrivateRedis | null = null;
  let dropDatabase = async () => {};
  let rt: TestRuntime;
  let worker: ChildProcess | null = null;
  let workerEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    let databaseUrl: string;
    if (process.env.DATABASE_URL) {
      const db = await freshDatabaseUrl();
      databaseUrl = db.url!;
      dropDatabase = db.drop;
    } else {
      pg = await PrivatePostgres.create();
      databaseUrl = await pg.createDatabase('cs_worker_graph');
    }
    let redisUrl = process.env.REDIS_URL!;
    if (hasRedisServer) {
      redis = await PrivateRedis.reserve();
      await redis.start();
      redisUrl = redis.url;
    }
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: `graph${randomBytes(4).toString('hex')}`,
      SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    // This process serves the API and relays the outbox; only the worker process runs the jobs.
    rt = await testRuntime(env, { consumeJobs: false });
    workerEnv = { ...process.env, ...env, LOG_LEVEL: 'warn', RUN_MIGRATIONS: 'false', OUTBOX_POLL_MS: '100' };
  }, 120_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await rt?.close();
    await dropDatabase();
    await Promise.all([pg?.destroy(), redis?.stop()]);
  });

  it('parses an invoice enqueued through the outbox, and no module of src/http, src/console or src/routes was loaded', async () => {
    const record = recordFile();
    const proc = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', '--import', RECORDER, 'workers/main.ts'], {
      cwd: ROOT.pathname,
      env: { ...workerEnv, MODULE_RECORD_FILE: record },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker = proc;
    let output = '';
    proc.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (d) => {
        output += d;
        if (output.includes('worker ready')) resolve();
      });
      void exited.then((code) => reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)));
    });

    const buyer = { taxId: completeUscc('9135010000000881'), name: '福州模型科技有限公司' };
    expect((await rt.request('POST', '/v1/enterprises', { json: { uscc: buyer.taxId, name: buyer.name } })).status).toBe(201);
    const bytes = computeInvoiceXml({
      number: `2635${String(Date.now()).padStart(16, '0')}`,
      issueDate: '2026-04-10',
      buyer,
      seller: { taxId: completeUscc('9135010099000001'), name: '福州智算服务有限公司' },
      net: 1_000_000,
    });
    const uploaded = await upload(rt, bytes, { uscc: buyer.taxId });
    expect(uploaded.status, uploaded.text).toBe(202);

    let status = 'received';
    const deadline = Date.now() + 60_000;
    while (status === 'received' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await rt.request('GET', `/v1/invoices/${uploaded.body.id}`)).body.status;
    }
    expect(status, output).toBe('parsed');

    proc.kill('SIGTERM');
    expect(await exited, output).toBe(0);

    const loaded = loadedModules(record);
    // The record is of this worker: its entry, the core runtime and the modules of the job it ran.
    for (const module of ['workers/main.ts', 'src/core-runtime.ts', 'src/jobs/invoice-parse.job.ts', 'src/services/invoices/record-parse-result.ts']) {
      expect(loaded, module).toContain(module);
    }
    expect(loaded.filter((m) => TRANSPORT.test(`/${m}`))).toEqual([]);
  }, 120_000);
});
