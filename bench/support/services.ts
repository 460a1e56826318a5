import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import postgres from 'postgres';
import { postgresUrl, redisUrl } from '../lib.js';

/**
 * What the Postgres + Redis benches share: a throwaway database, the environment a service process
 * needs, child processes that are always ended, and CPU and memory read from /proc.
 */

/** BENCH_QUICK=1: small sizes, for checking that the scripts run, not for figures. */
export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

export async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
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

export interface ServiceEnv extends Record<string, string> {
  DATABASE_URL: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
  BOOTSTRAP_ADMIN_TOKEN: string;
  SECRET_ENCRYPTION_KEY: string;
}

export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): ServiceEnv {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: `bench${randomBytes(3).toString('hex')}`,
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    BOOTSTRAP_ADMIN_TOKEN: `cst_bench_${randomBytes(16).toString('hex')}`,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** Removes what BullMQ left under the prefix (the database is dropped separately). */
export async function clearQueuePrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** A child process that is killed when this one exits, however it exits. */
export function child(args: string[], env: Record<string, string>, stdout: 'pipe' | 'ignore' = 'ignore'): ChildProcess {
  const c = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['pipe', stdout, 'inherit'] });
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}

export async function stopChild(c: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill(signal);
  const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Resolves with the first line of a child's stdout that satisfies `test`. */
export function lineFrom(c: ChildProcess, test: (line: string) => boolean = () => true): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (test(line)) {
          c.stdout!.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    c.stdout!.on('data', onData);
    c.once('exit', (code) => reject(new Error(`process exited (${code}) before the expected line`)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function waitFor(url: string, limitMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${limitMs} ms`);
}

const TICK = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, all its threads included. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/** CPU seconds of a process's main thread alone (its JavaScript event loop). */
export function mainThreadCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/** Summed CPU seconds of every process whose command name starts with `prefix` (postgres, redis-server). */
export function cpuSecondsByName(prefix: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith(prefix)) total += cpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Peak resident set (VmHWM) of a live process, in MB. */
export function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}
