import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { Validator } from '@seriousme/openapi-schema-validator';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime({ BODY_MAX_BYTES: '2048' });
  rt.app.get('/boom', () => {
    throw new Error('connection string postgres://secret@db');
  });
});
afterAll(() => rt.close());

describe('operations endpoints', () => {
  it('/healthz answers with a request id', async () => {
    const res = await rt.request('GET', '/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed incoming request id', async () => {
    const res = await rt.request('GET', '/healthz', { token: null, headers: { 'x-request-id': 'abc-12345678' } });
    expect(res.headers.get('x-request-id')).toBe('abc-12345678');
  });

  it('/readyz checks the database and the queue', async () => {
    const res = await rt.request('GET', '/readyz', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok', jobs: 'ok' }, deadLetters: 0 });
  });

  it('/metrics exposes request histograms, job counters, queue depth and outbox backlog', async () => {
    await rt.request('GET', '/healthz', { token: null });
    const res = await rt.request('GET', '/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toContain('http_request_duration_seconds_bucket{le="0.001",method="GET",route="/healthz",status="200"}');
    expect(res.text).toMatch(/# TYPE job_attempts_total counter/);
    expect(res.text).toMatch(/# TYPE job_duration_seconds histogram/);
    expect(res.text).toMatch(/^queue_depth\{state="\w+"\} \d+/m);
    expect(res.text).toMatch(/^outbox_backlog \d+/m);
  });

  it('/openapi.json is a valid OpenAPI 3.1 document listing the routes', async () => {
    const res = await rt.request('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/users', '/v1/enterprises', '/v1/providers', '/v1/audit-events']));
  });

  it('/docs is served with local assets only', async () => {
    const page = await rt.request('GET', '/docs', { token: null });
    expect(page.status).toBe(200);
    const srcs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBeGreaterThan(2);
    for (const src of srcs) {
      expect(src.startsWith('/docs/assets/')).toBe(true);
      const asset = await rt.request('GET', src, { token: null });
      expect(asset.status).toBe(200);
    }
  });
});

describe('errors are RFC 9457 problem+json', () => {
  it('401 for an unauthenticated GET /v1/invoices', async () => {
    const res = await rt.request('GET', '/v1/invoices', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: 'Unauthorized' });
    expect(res.body.type).toMatch(/^urn:compute-subsidy:problem:/);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('401 for an unknown token', async () => {
    const res = await rt.request('GET', '/v1/invoices', { token: 'cst_not-a-real-token' });
    expect(res.status).toBe(401);
  });

  it('404 for an unknown route', async () => {
    const res = await rt.request('GET', '/nowhere', { token: null });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('422 with field errors, and unknown fields rejected', async () => {
    const res = await rt.request('POST', '/v1/users', { json: { name: '', role: 'emperor', extra: true } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'role', '(body)']));
  });

  it('400 for malformed JSON', async () => {
    const res = await rt.request('POST', '/v1/users', { body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('413 for a body over the limit', async () => {
    const res = await rt.request('POST', '/v1/users', { json: { name: 'x'.repeat(4000), role: 'auditor' } });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('500 without internals', async () => {
    const res = await rt.request('GET', '/boom', { token: null });
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('INTERNAL');
    expect(res.text).not.toContain('postgres://');
    expect(res.text).not.toContain('at ');
  });
});

describe('the end of a database outage', () => {
  it('is said by the first /readyz that reaches the database, not only by the job runner', async () => {
    const lines: { msg: string }[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const probed = await testRuntime({}, { logger });
    try {
      // The job runner and the sweeper stopped (as the relay waits while Redis is away): the probe alone can tell.
      await probed.jobs.stop();
      await probed.sweeper.stop();
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      probed.deps.databaseOutage.failed(refused);
      expect(lines.filter((l) => / unreachable: connection refused/.test(l.msg)).length).toBe(1);
      const ready = await probed.request('GET', '/readyz', { token: null });
      expect(ready.status, ready.text).toBe(200);
      expect(lines.filter((l) => / reachable again after /.test(l.msg)).length).toBe(1);
    } finally {
      await probed.close();
    }
  });
});
