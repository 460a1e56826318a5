import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import { createLogger } from '../../src/logger.js';
import { inject } from 'vitest';
import { freshDatabaseUrl } from './databases.js';

let snapshot: Blob | null = null;
/** The run's migrated PGlite snapshot (test/pglite-snapshot.ts), read once per test file. */
function pgliteSnapshot(): Blob | undefined {
  const file = inject('pgliteSnapshot');
  if (!file) return undefined;
  snapshot ??= new Blob([readFileSync(file)]);
  return snapshot;
}

export interface TestRuntime extends Runtime {
  adminToken: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<TestResponse>;
  /** Creates a user through the API and returns its token. */
  userToken(role: string, scope?: string | null): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | null;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/**
 * A whole service for one test file: PGlite in memory, or a fresh Postgres database when DATABASE_URL is
 * set; in-process jobs, or BullMQ with its own key prefix when REDIS_URL is set (workers in-process).
 */
export async function testRuntime(env: Record<string, string> = {}, opts: RuntimeOptions = {}): Promise<TestRuntime> {
  // A test that brings its own database server (to stop or restart it) passes DATABASE_URL itself.
  const database = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => {} } : await freshDatabaseUrl();
  const adminToken = `cst_test_admin_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    OUTBOX_POLL_MS: '50',
    // Short, so the coalescing path runs under BullMQ without slowing every test that waits for matching.
    RECON_COALESCE_MS: '50',
    // One parser thread: a test parses a handful of files, and each thread costs a second of CPU to start.
    PARSE_THREADS: '1',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}` } : {}),
    ...env,
  });
  const fromSnapshot = !config.DATABASE_URL && config.DATA_DIR.startsWith('memory://') ? pgliteSnapshot() : undefined;
  const runtime = await createRuntime(config, {
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    consumeJobs: true,
    ...(fromSnapshot ? { pgliteSnapshot: fromSnapshot } : {}),
    ...opts,
  });
  runtime.start();

  const request = async (method: string, path: string, o: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? adminToken : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body = o.body;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    const res = await runtime.app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  };

  return {
    ...runtime,
    adminToken,
    request,
    userToken: async (role, scope) => {
      const res = await request('POST', '/v1/users', { json: { name: `${role} user`, role, ...(scope ? { scope } : {}) } });
      if (res.status !== 201) throw new Error(`could not create ${role} user: ${res.text}`);
      return res.body.token as string;
    },
    close: async () => {
      await runtime.stop();
      await database.drop();
    },
  };
}
