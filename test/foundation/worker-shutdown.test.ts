import { afterAll, describe, expect, it } from 'vitest';
import { onlyWith, requires } from '../support/gates.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { registry } from '../../src/jobs/definition.js';
import { enqueue } from '../../src/jobs/outbox.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';
import { slowJob } from '../support/slow-worker.js';

// Two processes must share the database, so this needs a Postgres server (DATABASE_URL), as in CI.
describe.runIf(onlyWith('SIGTERM on a worker process', 'DATABASE_URL') && requires('SIGTERM on a worker process', hasRedisServer, 'no redis-server binary'))('SIGTERM on a worker process', () => {
  let redis: PrivateRedis;
  let rt: TestRuntime;
  afterAll(async () => {
    await rt?.close();
    await redis?.stop();
  });

  it('finishes the job in flight, then exits 0', async () => {
    redis = await PrivateRedis.reserve();
    await redis.start();
    const key = randomBytes(32).toString('hex');
    rt = await testRuntime({ REDIS_URL: redis.url, QUEUE_PREFIX: 'sigterm', SECRET_ENCRYPTION_KEY: key }, {
      jobs: registry([slowJob]),
      consumeJobs: false,
    });
    const worker = spawn(process.execPath, ['--import', 'tsx', 'test/support/slow-worker.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: rt.config.DATABASE_URL,
        REDIS_URL: redis.url,
        QUEUE_PREFIX: 'sigterm',
        SECRET_ENCRYPTION_KEY: key,
        LOG_LEVEL: 'warn',
        RUN_MIGRATIONS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout!.on('data', (d) => (output += d));
    worker.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));

    const marker = join(mkdtempSync(join(tmpdir(), 'cs-sigterm-')), 'job');
    await rt.database.db.transaction((tx) => enqueue(tx, slowJob, { marker, ms: 2500 }));
    rt.jobs.poke();

    const deadline = Date.now() + 30_000;
    while (!existsSync(`${marker}.started`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`${marker}.started`), output).toBe(true);
    expect(existsSync(`${marker}.finished`)).toBe(false);

    worker.kill('SIGTERM');
    const code = await exited;
    expect(code, output).toBe(0);
    expect(existsSync(`${marker}.finished`)).toBe(true);
  });
});
