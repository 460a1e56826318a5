import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from '../../src/config.js';
import { inProcessJobConfig, jobConcurrency } from '../../src/jobs/concurrency.js';

describe('configuration from the environment', () => {
  it('defaults to the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ embeddedDatabase: true, inProcessJobs: true, DATA_DIR: './data', PORT: 3000, UPLOAD_MAX_BYTES: 10 * 1024 * 1024 });
  });

  it('Postgres and Redis URLs switch the mode', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d', REDIS_URL: 'redis://h:6379' });
    expect(c.embeddedDatabase).toBe(false);
    expect(c.inProcessJobs).toBe(false);
  });

  it('jobs at once: two per parser thread unless WORKER_CONCURRENCY says', () => {
    expect(jobConcurrency(loadConfig({}))).toBe(2 * Math.max(1, Math.min(4, availableParallelism())));
    expect(jobConcurrency(loadConfig({ PARSE_THREADS: '1' }))).toBe(2);
    // Jobs in the API process leave a core to its main thread, unless told the number of parser threads.
    expect([1, 2, 3, 4, 8].map((cores) => inProcessJobConfig(loadConfig({}), cores).PARSE_THREADS)).toEqual([1, 1, 2, 3, 4]);
    expect(inProcessJobConfig(loadConfig({ PARSE_THREADS: '2' }), 2).PARSE_THREADS).toBe(2);
    expect(jobConcurrency(inProcessJobConfig(loadConfig({}), 2))).toBe(2);
    expect(jobConcurrency(loadConfig({ PARSE_THREADS: '3', WORKER_CONCURRENCY: '5' }))).toBe(5);
  });

  it('a bad value names the variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://x', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/REDIS_URL/);
    expect(attempt).toThrow(/LOG_LEVEL/);
  });

  it('a short bootstrap token and a malformed encryption key are refused', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_TOKEN: 'short' })).toThrow(/BOOTSTRAP_ADMIN_TOKEN/);
    expect(() => loadConfig({ SECRET_ENCRYPTION_KEY: 'abc' })).toThrow(/SECRET_ENCRYPTION_KEY/);
  });

  it('the process stops with a message naming the variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '-1', DATABASE_URL: '', REDIS_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('PORT');
  });
});
