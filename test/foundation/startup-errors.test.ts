import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports.js';
import { requires } from '../support/gates.js';
import { PrivatePostgres, hasPostgresServer, postgresSkipReason } from '../support/private-postgres.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';

const KEY = randomBytes(32).toString('hex');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the signal (or start) to the exit. */
  ms: number;
}

/** Starts an entry point with only the given environment (and PATH/HOME), as an operator's shell would. */
function start(entry: string, env: Record<string, string>): ChildProcess & { out: { stdout: string; stderr: string } } {
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SECRET_ENCRYPTION_KEY: KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { out: { stdout: string; stderr: string } };
  proc.out = { stdout: '', stderr: '' };
  proc.stdout!.on('data', (d) => (proc.out.stdout += d));
  proc.stderr!.on('data', (d) => (proc.out.stderr += d));
  return proc;
}

function exited(proc: ReturnType<typeof start>, since = Date.now(), limitMs = 60_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`still running after ${limitMs} ms:\n${proc.out.stdout}\n${proc.out.stderr}`));
    }, limitMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ...proc.out, ms: Date.now() - since });
    });
  });
}

async function until(proc: ReturnType<typeof start>, text: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!proc.out.stdout.includes(text) && proc.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(proc.out.stdout, proc.out.stderr).toContain(text);
}

/** The operator's whole view of a failed start: one line on stderr, no stack, a non-zero exit. */
function expectOneLine(run: Run, line: RegExp): void {
  expect(run.code, run.stderr).not.toBe(0);
  expect(run.code).not.toBeNull();
  const lines = run.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:|Failed query|node:internal/);
}

const logs = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string });

describe('start-up failures name the variable and the cause in one line', () => {
  it('DATABASE_URL on a port nothing listens on: connection refused', async () => {
    const port = await freePort();
    const run = await exited(start('src/main.ts', { PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/cs` }));
    expectOneLine(run, new RegExp(`^failed to start: cannot connect to DATABASE_URL 127\\.0\\.0\\.1:${port}/cs: connection refused$`));
  }, 90_000);

  it('DATABASE_URL on a host that does not exist: host not found', async () => {
    const run = await exited(start('src/main.ts', { PORT: '0', DATABASE_URL: 'postgres://postgres:pw@db.no-such-host.invalid:5432/cs' }));
    expectOneLine(run, /^failed to start: cannot connect to DATABASE_URL db\.no-such-host\.invalid:5432\/cs: host not found/);
    // The URL's password is not part of what is said.
    expect(run.stderr).not.toContain('pw');
  }, 90_000);

  it('a worker: DATABASE_URL refused, REDIS_URL missing; the API: DATABASE_URL without its key', async () => {
    const port = await freePort();
    const refused = await exited(start('workers/main.ts', { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/cs`, REDIS_URL: 'redis://127.0.0.1:1' }));
    expectOneLine(refused, new RegExp(`^worker failed to start: cannot connect to DATABASE_URL 127\\.0\\.0\\.1:${port}/cs: connection refused$`));
    expect(refused.code).toBe(1);
    const noRedis = await exited(start('workers/main.ts', { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/cs` }));
    expectOneLine(noRedis, /^invalid configuration: REDIS_URL: required for a worker process/);
    expect(noRedis.code).toBe(78);
    const noKey = await exited(start('src/main.ts', { PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/cs`, SECRET_ENCRYPTION_KEY: '' }));
    expectOneLine(noKey, /^invalid configuration: SECRET_ENCRYPTION_KEY: required when DATABASE_URL is set/);
    expect(noKey.code).toBe(78);
  }, 90_000);

  it('PORT already in use', async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((resolve) => taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)));
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-port-'));
    try {
      const run = await exited(start('src/main.ts', { PORT: String(port), DATA_DIR: dataDir }));
      expectOneLine(run, new RegExp(`^failed to start: PORT ${port} is in use on HOST 127\\.0\\.0\\.1; stop what listens there or choose another PORT$`));
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe.runIf(requires('start-up against a real PostgreSQL server', hasPostgresServer, postgresSkipReason))('start-up against a real PostgreSQL server', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await PrivatePostgres.create();
  }, 60_000);
  afterAll(async () => {
    await pg?.destroy();
  });

  it('DATABASE_URL naming a database that does not exist: says which', async () => {
    const run = await exited(start('src/main.ts', { PORT: '0', DATABASE_URL: pg.url('subsidy_missing') }));
    expectOneLine(run, new RegExp(`^failed to start: cannot connect to DATABASE_URL 127\\.0\\.0\\.1:${pg.port}/subsidy_missing: database "subsidy_missing" does not exist`));
  }, 90_000);

  it('with REDIS_URL pointing nowhere the API says it is ready but degraded, and warns once', async () => {
    const redisPort = await freePort();
    const api = start('src/main.ts', { PORT: '0', DATABASE_URL: await pg.createDatabase('cs_api_noredis'), REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    try {
      const deadline = Date.now() + 60_000;
      while (!logs(api.out.stdout).some((l) => l.msg.startsWith('ready')) && api.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Several reconnection rounds of the queue connection (every 0.2 … 2 s).
      await new Promise((r) => setTimeout(r, 5000));
      const lines = logs(api.out.stdout);
      const ready = lines.filter((l) => l.msg.startsWith('ready'));
      expect(ready.map((l) => l.msg), api.out.stdout + api.out.stderr).toEqual([expect.stringMatching(new RegExp(`^ready, degraded: REDIS_URL unreachable \\(connection refused\\)`))]);
      expect(ready[0]!.level).toBe(40);
      expect(lines.filter((l) => l.msg.startsWith(`REDIS_URL 127.0.0.1:${redisPort} unreachable`))).toHaveLength(1);
    } finally {
      api.kill('SIGTERM');
      await exited(api, Date.now(), 30_000);
    }
  }, 90_000);

  it('a worker with Redis unreachable warns once, and exits 0 within SHUTDOWN_TIMEOUT_MS of SIGTERM', async () => {
    const redisPort = await freePort();
    const worker = start('workers/main.ts', {
      DATABASE_URL: await pg.createDatabase('cs_worker_noredis'),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    await until(worker, 'worker ready');
    // Ten seconds of reconnection attempts by the relay's and each job queue's connections.
    await new Promise((r) => setTimeout(r, 10_000));
    const warnings = logs(worker.out.stdout).filter((l) => l.level >= 40);
    expect(warnings.map((l) => l.msg), worker.out.stdout).toEqual([`REDIS_URL 127.0.0.1:${redisPort} unreachable: connection refused; jobs wait in the outbox until it is back`]);

    const signalled = Date.now();
    worker.kill('SIGTERM');
    const run = await exited(worker, signalled, 30_000);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // SHUTDOWN_TIMEOUT_MS, plus what closing the database and the process itself take.
    expect(run.ms).toBeLessThan(2000 + 1500);
    expect(logs(run.stdout).map((l) => l.msg)).toContain('worker stopped');
    expect(run.stderr).toBe('');
    // The key that seals provider secrets is never logged, however the process went.
    expect(run.stdout).not.toContain(KEY);
  }, 90_000);

  it.runIf(requires('a worker whose Redis goes away', hasRedisServer, 'no redis-server binary'))(
    'a worker whose Redis went away while it waited for jobs warns once, and exits 0 within SHUTDOWN_TIMEOUT_MS of SIGTERM',
    async () => {
      const redis = await PrivateRedis.reserve();
      await redis.start();
      try {
        const worker = start('workers/main.ts', { DATABASE_URL: await pg.createDatabase('cs_worker_redis_gone'), REDIS_URL: redis.url, SHUTDOWN_TIMEOUT_MS: '2000' });
        await until(worker, 'worker ready');
        // Connected and blocked waiting for jobs, when Redis dies.
        await new Promise((r) => setTimeout(r, 2000));
        await redis.stop();
        await new Promise((r) => setTimeout(r, 6000));
        const warnings = logs(worker.out.stdout).filter((l) => l.level >= 40);
        const target = `REDIS_URL 127.0.0.1:${redis.port}`;
        expect(warnings.map((l) => l.msg), worker.out.stdout).toEqual([expect.stringMatching(new RegExp(`^${target.replaceAll('.', '\\.')} unreachable: `))]);
        // Back, said once with how long it was away; then gone again while the worker is told to stop.
        await redis.start();
        const deadline = Date.now() + 15_000;
        const back = () => logs(worker.out.stdout).filter((l) => l.msg.startsWith(`${target} reachable again after `));
        while (back().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 1000));
        expect(back().map((l) => l.msg)).toEqual([expect.stringMatching(/reachable again after \d+ s \(\d+ failed attempts to reach it meanwhile\)$/)]);
        await redis.stop();
        await new Promise((r) => setTimeout(r, 1000));

        const signalled = Date.now();
        worker.kill('SIGTERM');
        const run = await exited(worker, signalled, 30_000);
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(run.ms).toBeLessThan(2000 + 1500);
      } finally {
        await redis.stop();
      }
    },
    90_000,
  );
});
