import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { classifyFailure, outageDelayMs, outageRetryLimit, PermanentJobError } from '../../src/jobs/definition.js';
import { judgeFailure } from '../../src/jobs/runner.js';
import { OutageReporter } from '../../src/jobs/outage.js';
import { conflict, invalid, notFound, unavailable } from '../../src/services/errors.js';
import { connectionProblem, createLogger, describeError } from '../../src/logger.js';

const TOKEN_HASH = 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78';

/** An error as postgres-js raises it: a code, and sometimes a `detail` with the values of a row. */
function pgError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR', ...extra });
}
/** The same, inside drizzle's wrapper, whose message lists the query's parameters. */
const wrapped = (cause: Error) => new DrizzleQueryError('select u.id from api_tokens t join users u on u.id = t.user_id where t.token_hash = $1', [TOKEN_HASH], cause);
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });

describe('how a runner tells an outage from a real failure', () => {
  it('an unreachable dependency, a lost connection, a server going away or contention is an outage', () => {
    for (const err of [
      refused(),
      wrapped(refused()),
      wrapped(pgError('57P01', 'terminating connection due to administrator command')),
      wrapped(Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' })),
      wrapped(pgError('08006', 'connection failure')),
      wrapped(pgError('40001', 'could not serialize access due to concurrent update')),
      wrapped(pgError('40P01', 'deadlock detected')),
      Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND' }),
      new AggregateError([refused(), refused()], 'connect failed'),
      Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
      unavailable('DATABASE_UNAVAILABLE', 'down', 5),
    ]) {
      expect(classifyFailure(err), String(err)).toBe('outage');
    }
  });

  it('a refusal that would come back the same is permanent; a bug or a passing conflict spends attempts', () => {
    expect(classifyFailure(notFound('invoice'))).toBe('permanent');
    expect(classifyFailure(invalid('VALIDATION_FAILED', 'bad'))).toBe('permanent');
    expect(classifyFailure(new PermanentJobError('bad payload'))).toBe('permanent');
    expect(classifyFailure(new PermanentJobError('PDF_UNREADABLE: no text', { recorded: true }))).toBe('recorded');
    expect(classifyFailure(conflict('CONCURRENT_UPDATE', 'moved'))).toBe('error');
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'amount')"))).toBe('error');
    expect(classifyFailure(wrapped(pgError('23505', 'duplicate key value violates unique constraint "invoices_pkey"')))).toBe('error');
  });

  it('retries through an outage without spending attempts, then, past the window, spends them and ends a dead letter', () => {
    const cap = 60_000;
    expect(judgeFailure(refused(), 1, 0, 10, cap)).toEqual({ kind: 'outage', delayMs: 1000 });
    expect(judgeFailure(refused(), 1, 3, 10, cap)).toEqual({ kind: 'outage', delayMs: 8000 });
    expect(judgeFailure(refused(), 1, 9, 10, cap)).toEqual({ kind: 'outage', delayMs: 60_000 });
    expect(judgeFailure(refused(), 1, 10, 10, cap)).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(judgeFailure(refused(), 5, 10, 10, cap)).toEqual({ kind: 'dead' });
    expect(judgeFailure(new Error('bug'), 4, 0, 10, cap)).toEqual({ kind: 'retry', delayMs: 8000 });
    expect(judgeFailure(new Error('bug'), 5, 0, 10, cap)).toEqual({ kind: 'dead' });
    expect(judgeFailure(notFound('invoice'), 1, 0, 10, cap)).toEqual({ kind: 'dead' });
    expect(judgeFailure(new PermanentJobError('unreadable', { recorded: true }), 1, 0, 10, cap)).toEqual({ kind: 'recorded' });
  });

  it('the outage window is hours of capped backoff: 1 s, 2 s, 4 s … up to the cap', () => {
    expect([1, 2, 3, 7, 8].map((n) => outageDelayMs(n, 60_000))).toEqual([1000, 2000, 4000, 60_000, 60_000]);
    // 24 h at one retry a minute once capped, after 1+2+…+32 s.
    const limit = outageRetryLimit({ JOB_OUTAGE_HOURS: 24, JOB_RETRY_MAX_DELAY_MS: 60_000 });
    expect(limit).toBeGreaterThan(1430);
    expect(limit).toBeLessThan(1450);
    expect(outageRetryLimit({ JOB_OUTAGE_HOURS: 0, JOB_RETRY_MAX_DELAY_MS: 60_000 })).toBe(0);
  });
});

describe('errors as operators read them', () => {
  it('a connection failure in words; a query failure without its parameters or text', () => {
    expect(connectionProblem(wrapped(refused()))).toBe('connection refused');
    expect(describeError(wrapped(refused()))).toBe('connection refused');
    expect(describeError(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' }))).toBe('host not found');
    expect(describeError(pgError('3D000', 'database "subsidy" does not exist'))).toBe('database "subsidy" does not exist (3D000)');
    const unique = wrapped(pgError('23505', 'duplicate key value violates unique constraint "api_tokens_hash_key"', { detail: `Key (token_hash)=(${TOKEN_HASH}) already exists.` }));
    expect(describeError(unique)).toBe('duplicate key value violates unique constraint "api_tokens_hash_key" (23505)');
    expect(describeError(new DrizzleQueryError('select 1', [TOKEN_HASH]))).toBe('a database query failed');
    // PGlite's own error also carries the query and its parameters; its message is still the cause.
    const embedded = pgError('P0001', 'invoice items are refused', { query: 'insert into invoice_items values ($1)', params: [TOKEN_HASH] });
    expect(describeError(wrapped(embedded))).toBe('invoice items are refused (P0001)');
  });

  it('logs no query parameters, no row values and no error text holding them, however the error is logged', () => {
    const lines: string[] = [];
    const logger = createLogger('trace', new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const unique = wrapped(pgError('23505', 'duplicate key value violates unique constraint "api_tokens_hash_key"', { detail: `Key (token_hash)=(${TOKEN_HASH}) already exists.` }));
    logger.error({ err: unique }, 'unhandled error');
    logger.error({ err: wrapped(refused()) }, 'database unavailable');
    logger.warn({ job: 'invoice.parse', err: unique.message }, 'job attempt failed');
    logger.error(unique);
    logger.info({ outer: { err: unique } }, 'nested');
    const all = lines.join('');
    expect(all).not.toContain(TOKEN_HASH);
    expect(all).not.toContain('params:');
    // What is kept: the kind of error, its code, the query's text (without values) and the real cause.
    const first = JSON.parse(lines[0]!);
    expect(first.err).toMatchObject({ type: 'DrizzleQueryError', message: 'query failed', cause: { code: '23505' } });
    expect(first.err.query).toContain('token_hash = $1');
    expect(first.err.stack).toMatch(/\n\s+at /);
    expect(JSON.parse(lines[1]!).err.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('outage warnings', () => {
  it('one warning when a dependency goes, a reminder while it stays away, one line when it is back', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const outage = new OutageReporter(logger, 'REDIS_URL 127.0.0.1:6390', 'jobs wait in the outbox until it is back', 200);
    for (let i = 0; i < 50; i++) outage.failed(refused());
    expect(outage.problem).toBe('connection refused');
    expect(lines.map((l) => l.msg)).toEqual(['REDIS_URL 127.0.0.1:6390 unreachable: connection refused; jobs wait in the outbox until it is back']);
    await new Promise((r) => setTimeout(r, 250));
    outage.failed(refused());
    expect(lines[1]!.msg).toMatch(/^REDIS_URL 127\.0\.0\.1:6390 still unreachable after 0 s: connection refused \(51 failed attempts/);
    outage.recovered();
    outage.recovered();
    expect(lines.map((l) => l.msg).slice(2)).toEqual([expect.stringMatching(/^REDIS_URL 127\.0\.0\.1:6390 reachable again after 0 s \(51 failed attempts/)]);
    expect(outage.down).toBe(false);
  });

  it('connections the outage broke, failing right after it ended, are its tail, not a new outage', async () => {
    const lines: { msg: string }[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const outage = new OutageReporter(logger, 'DATABASE_URL 127.0.0.1:5432/cs', 'requests get 503', 300_000, 200);
    outage.failed(refused());
    outage.recovered();
    outage.failed(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(outage.down).toBe(false);
    expect(lines.map((l) => l.msg)).toEqual([expect.stringContaining('unreachable: connection refused'), expect.stringContaining('reachable again')]);
    // Past the settling time a failure is a new outage, and said.
    await new Promise((r) => setTimeout(r, 250));
    outage.failed(refused());
    expect(outage.down).toBe(true);
    expect(lines.length).toBe(3);
    expect(lines[2]!.msg).toContain('unreachable: connection refused');
  });
});
