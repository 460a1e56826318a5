import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requires } from '../support/gates.js';
import { createLogger } from '../../src/logger.js';
import { MemoryRateLimitStore, RedisRateLimitStore } from '../../src/http/rate-limit.js';
import { securityHeaders } from '../../src/http/security-headers.js';
import { freePort } from '../support/ports.js';
import { PrivateRedis, hasRedisServer } from '../support/redis-server.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { providerHeaders } from '../support/signing.js';
import { changedRows } from '../support/row-changes.js';
import { recordLost, tally } from '../support/tally.js';
import { uscc } from '../workflow/support/world.js';
import { expectProblem, rowCounts } from './api-support.js';

/**
 * Rate limits per user token and per provider key, security headers, and credentials kept out of the logs.
 * One service with small limits and a clock the test moves: each test starts in a fresh window.
 */
const WINDOW_S = 60;
const PER_TOKEN = 8;
const PER_PROVIDER = 4;

let rt: TestRuntime;
let now = Date.parse('2026-06-01T02:00:00Z');
const nextWindow = () => {
  now = (Math.floor(now / 1000 / WINDOW_S) + 1) * WINDOW_S * 1000 + 5_000;
};
const unix = () => Math.floor(now / 1000);
const logLines: string[] = [];
const secrets: Record<string, string> = {};
const E = { uscc: uscc('350100', 95), name: '福州限流测试有限公司' };
const P = { uscc: uscc('350100', 99_000_095), name: '福州限流算力有限公司' };
const P2 = { uscc: uscc('350100', 99_000_096), name: '福州限流二号算力有限公司' };
let provider = { keyId: '', secret: '', id: '' };
let provider2 = { keyId: '', secret: '' };

beforeAll(async () => {
  // Everything the service logs, at the most verbose level, to search for credentials afterwards.
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  rt = await testRuntime(
    { RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_S), RATE_LIMIT_PER_TOKEN: String(PER_TOKEN), RATE_LIMIT_PER_PROVIDER_KEY: String(PER_PROVIDER) },
    { logger: createLogger('trace', sink), clock: () => new Date(now) },
  );
  secrets.adminToken = rt.adminToken;
  secrets.encryptionKey = rt.config.SECRET_ENCRYPTION_KEY!;
  expect((await rt.request('POST', '/v1/enterprises', { json: E })).status).toBe(201);
  const p = await rt.request('POST', '/v1/providers', { json: P });
  expect(p.status).toBe(201);
  provider = { keyId: p.body.keyId, secret: p.body.secret, id: p.body.id };
  secrets.providerSecret = p.body.secret;
  const p2 = await rt.request('POST', '/v1/providers', { json: P2 });
  provider2 = { keyId: p2.body.keyId, secret: p2.body.secret };
  secrets.provider2Secret = p2.body.secret;
}, 180_000);

afterAll(() => rt?.close());

const signedGet = (p: { keyId: string; secret: string }, at = unix()) =>
  rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders(p.keyId, p.secret, '', at) });

describe('rate limits', () => {
  it('limits each user token to its budget per window: 429 RATE_LIMITED with Retry-After, other tokens unaffected', async () => {
    nextWindow();
    const token = await rt.userToken('auditor');
    const other = await rt.userToken('auditor');
    for (let i = 0; i < PER_TOKEN; i++) expect((await rt.request('GET', '/v1/calendar', { token })).status).toBe(200);
    now += 10_000;
    const limited = await rt.request('GET', '/v1/calendar', { token });
    expectProblem(limited, 'over the token budget', [429]);
    expect(limited.body.code).toBe('RATE_LIMITED');
    // 15 s into a 60 s window: the budget returns in 45 s.
    expect(limited.headers.get('retry-after')).toBe(String(WINDOW_S - 15));
    expect((await rt.request('GET', '/v1/calendar', { token: other })).status).toBe(200);
    // Counted before the token is looked up, so even a refused (over-budget) write changes nothing.
    const before = await rowCounts(rt);
    const write = await rt.request('POST', '/v1/users', { token, json: { name: 'x', role: 'auditor' } });
    expectProblem(write, 'write over the budget', [429]);
    const after = await rowCounts(rt);
    expect(recordLost('rows written by rate-limited requests', changedRows(before, after))).toBe(0);
    tally('access', 'rate limited per token (429)', 2);

    nextWindow();
    expect((await rt.request('GET', '/v1/calendar', { token })).status).toBe(200);
  });

  it('limits each provider key once its signature holds; forged requests naming the key spend nothing of its budget', async () => {
    nextWindow();
    // Anyone can name a key id; unsigned and badly signed requests must not use up the provider's budget.
    for (let i = 0; i < PER_PROVIDER * 3; i++) {
      const forged = await rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders(provider.keyId, 'psk_guess', '', unix() - i) });
      expectProblem(forged, 'forged signature', [401]);
    }
    for (let i = 0; i < PER_PROVIDER; i++) expect((await signedGet(provider, unix() - i)).status).toBe(200);
    const limited = await signedGet(provider, unix() - PER_PROVIDER);
    expectProblem(limited, 'over the provider budget', [429]);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signedGet(provider2)).status).toBe(200);
    tally('access', 'rate limited per provider key (429)', 1);

    // A statement refused for the rate is not stored and its signature is not spent: the same request
    // is accepted as sent once the window turns.
    const body = JSON.stringify({
      periodStart: '2026-05-01',
      periodEnd: '2026-05-31',
      lines: [{ lineId: 'L-1', customerUscc: E.uscc, issueDate: '2026-05-05', amount: '10.00', serviceType: 'gpu_compute' }],
    });
    const headers = { 'content-type': 'application/json', ...providerHeaders(provider.keyId, provider.secret, body, unix()) };
    const before = await rowCounts(rt);
    expectProblem(await rt.request('PUT', '/v1/statements/rl-1', { token: null, body, headers }), 'statement over the budget', [429]);
    expect(recordLost('rows written by rate-limited requests', changedRows(before, await rowCounts(rt)))).toBe(0);
    tally('access', 'rate limited per provider key (429)', 1);
    nextWindow();
    const retried = await rt.request('PUT', '/v1/statements/rl-1', { token: null, body, headers });
    expect(retried.status, retried.text).toBe(202);
    await rt.jobs.idle();
  });
});

describe('rate limit stores', () => {
  it('counts in memory per window, forgetting earlier windows', async () => {
    const store = new MemoryRateLimitStore();
    expect(store.hit('a', 1)).toBe(1);
    expect(store.hit('a', 1)).toBe(2);
    expect(store.hit('b', 1)).toBe(1);
    expect(store.hit('a', 2)).toBe(1);
    // A request stamped in an earlier window counts in the current one rather than reopening the old.
    expect(store.hit('a', 1)).toBe(2);
    expect(await store.take('c', 2, 1000, 2)).toBe(true);
    expect(await store.take('c', 2, 1000, 2)).toBe(true);
    expect(await store.take('c', 2, 1000, 2)).toBe(false);
  });

  it('falls back to counting per process while Redis cannot be reached', async () => {
    const store = new RedisRateLimitStore(`redis://127.0.0.1:${await freePort()}`, 'rl-down', createLogger('silent'));
    try {
      expect(await store.take('a', 1, 1000, 2)).toBe(true);
      expect(await store.take('a', 1, 1000, 2)).toBe(true);
      expect(await store.take('a', 1, 1000, 2)).toBe(false);
    } finally {
      await store.close();
    }
  });

  describe.runIf(!!process.env.REDIS_URL || requires('rate-limit store on Redis', hasRedisServer, 'no redis-server binary and no REDIS_URL'))('on Redis', () => {
    let redis: PrivateRedis | null = null;
    let url = process.env.REDIS_URL ?? '';
    beforeAll(async () => {
      if (!url) {
        redis = await PrivateRedis.reserve();
        await redis.start();
        url = redis.url;
      }
    });
    afterAll(() => redis?.stop());

    const stores = (prefix: string) => [new RedisRateLimitStore(url, prefix, createLogger('silent')), new RedisRateLimitStore(url, prefix, createLogger('silent'))] as const;
    /** What Redis holds as counted for the credential's window: the blocks reserved so far. */
    const counted = async (prefix: string, key: string, window: number) => {
      const redis = new Redis(url);
      try {
        return Number(await redis.get(`${prefix}:ratelimit:${key}:${window}`));
      } finally {
        redis.disconnect();
      }
    };

    it('shares one count between API processes: a small budget is counted request by request', async () => {
      const prefix = `rl${Date.now()}`;
      const [one, two] = stores(prefix);
      try {
        await Promise.all([one.ready(), two.ready()]);
        const spent = [];
        for (let i = 0; i < 4; i++) spent.push(await one.take('token:x', 7, 60_000, 5), await two.take('token:x', 7, 60_000, 5));
        expect(spent).toEqual([true, true, true, true, true, false, false, false]);
        // Five spent, then each process asked once more, learnt the budget was gone and asks no more this window.
        expect(await counted(prefix, 'token:x', 7)).toBe(7);
        expect(await two.take('token:x', 8, 60_000, 5)).toBe(true);
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('reserves a large budget in blocks of 1%: never past the limit, at most a block short per process', async () => {
      const prefix = `rl${Date.now()}b`;
      const [one, two] = stores(prefix);
      try {
        await Promise.all([one.ready(), two.ready()]);
        // 1,000 a window: blocks of 10. Fifteen requests in one process reserve two blocks; one in the other a third.
        for (let i = 0; i < 15; i++) expect(await one.take('token:y', 3, 60_000, 1000)).toBe(true);
        expect(await two.take('token:y', 3, 60_000, 1000)).toBe(true);
        expect(await counted(prefix, 'token:y', 3)).toBe(30);
        // Concurrent requests of one credential share a reservation: 40 at once reserve 4 blocks, not 40.
        const burst = await Promise.all(Array.from({ length: 40 }, () => two.take('token:z', 3, 60_000, 1000)));
        expect(burst.every(Boolean)).toBe(true);
        expect(await counted(prefix, 'token:z', 3)).toBe(40);
        // Spent alternately to the end of the budget: both refuse from then on, and together they let through
        // no more than the limit and at most one block less each.
        let allowed = 16;
        for (let i = 0; i < 600; i++) {
          if (await one.take('token:y', 3, 60_000, 1000)) allowed++;
          if (await two.take('token:y', 3, 60_000, 1000)) allowed++;
        }
        expect(allowed).toBeLessThanOrEqual(1000);
        expect(allowed).toBeGreaterThanOrEqual(1000 - 2 * 9);
        expect(await one.take('token:y', 3, 60_000, 1000)).toBe(false);
        expect(await two.take('token:y', 3, 60_000, 1000)).toBe(false);
        // The next window starts afresh.
        expect(await one.take('token:y', 4, 60_000, 1000)).toBe(true);
      } finally {
        await one.close();
        await two.close();
      }
    });
  });
});

describe('security headers', () => {
  const common = (h: Headers) => {
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
  };

  it('the docs page gets a strict CSP: scripts from this origin only, nothing inline, no framing', async () => {
    nextWindow();
    const res = await rt.request('GET', '/docs', { token: null });
    expect(res.status).toBe(200);
    common(res.headers);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self'(;|$)/u);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('JSON responses and problems carry them too, and HSTS only outside development', async () => {
    const ok = await rt.request('GET', '/v1/calendar');
    expect(ok.status).toBe(200);
    common(ok.headers);
    expect(ok.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    common((await rt.request('GET', '/v1/calendar', { token: null })).headers);
    common((await rt.request('GET', '/nowhere', { token: null })).headers);
    expect(ok.headers.get('strict-transport-security')).toBeNull();

    const app = new Hono();
    app.use('*', securityHeaders({ NODE_ENV: 'production' }));
    app.get('/', (c) => c.json({}));
    app.get('/own', (c) => c.html('<p>x</p>', 200, { 'Content-Security-Policy': "default-src 'self'" }));
    const prod = await app.request('/');
    expect(prod.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/u);
    // A page with its own policy (the console) keeps it.
    expect((await app.request('/own')).headers.get('content-security-policy')).toBe("default-src 'self'");
  });

  it('the console, where present, is not framable and not sniffed', async () => {
    const res = await rt.request('GET', '/console', { token: null });
    if (res.status === 404) return expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    common(res.headers);
  });
});

describe('logs', () => {
  it('never contain a token, secret, signature, password or the encryption key', async () => {
    nextWindow();
    const created = await rt.request('POST', '/v1/users', { json: { name: 'log reader', role: 'enterprise', scope: E.uscc } });
    expect(created.status).toBe(201);
    secrets.userToken = created.body.token;
    const password = 'Lo9-correct-horse-battery';
    const setPassword = await rt.request('PUT', `/v1/users/${created.body.id}/password`, { json: { password } });
    if (setPassword.status === 200) secrets.password = password;

    const body = JSON.stringify({ periodStart: '2026-04-01', periodEnd: '2026-04-30', lines: [] });
    const headers = providerHeaders(provider.keyId, provider.secret, body, unix());
    secrets.signature = headers['x-signature'].split('v1=')[1]!;
    expect((await rt.request('PUT', '/v1/statements/log-1', { token: null, body, headers: { 'content-type': 'application/json', ...headers } })).status).toBe(202);
    // Refusals log too: a replay, a wrong token, a bad signature.
    await rt.request('PUT', '/v1/statements/log-1', { token: null, body, headers: { 'content-type': 'application/json', ...headers } });
    await rt.request('GET', '/v1/calendar', { token: `${secrets.userToken}x` });
    await rt.request('GET', '/v1/providers/me', { token: null, headers: providerHeaders(provider.keyId, provider2.secret, '', unix()) });
    await rt.jobs.idle();

    // Anything that logs request data directly is redacted by the logger itself.
    const direct: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c, _e, done) => (direct.push(String(c)), done()) }));
    logger.info({ req: { headers: { authorization: `Bearer ${secrets.userToken}`, 'x-signature': headers['x-signature'], cookie: 'sid=abc' } } }, 'req');
    logger.info({ headers: { authorization: `Bearer ${secrets.userToken}`, 'x-signature': headers['x-signature'], cookie: 'sid=abc' } }, 'headers');
    logger.info({ authorization: `Bearer ${secrets.userToken}`, token: secrets.userToken, secret: secrets.providerSecret, password }, 'flat');
    logger.info({ user: { token: secrets.userToken, password }, provider: { secret: secrets.providerSecret, signature: secrets.signature } }, 'nested');

    const all = [...logLines, ...direct].join('');
    expect(logLines.length).toBeGreaterThan(10);
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThan(8);
      expect(all.includes(value), `${name} appears in the logs`).toBe(false);
    }
    expect(all).not.toContain('sid=abc');
  });
});
