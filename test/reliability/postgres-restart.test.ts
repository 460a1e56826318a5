import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { rowsOf } from '../../src/db/client.js';
import { PrivatePostgres, hasPostgresServer, postgresSkipReason } from '../support/private-postgres.js';
import { providerHeaders } from '../support/signing.js';
import { requires } from '../support/gates.js';
import { recordLost, tally } from '../support/tally.js';
import { awardRound, expectAuditChainIntact, expectMoneyReconciled } from '../support/integrity.js';
import { world, type World } from '../workflow/support/world.js';
import { line, registerProvider, statementBody, withHandMadeMatches, type Provider } from '../statements/helpers.js';

const SUITE = 'Postgres restarted during a statement upload';

/**
 * The database restarts while a provider's 50,000-line statement is being stored: the provider gets a
 * clear 503 with Retry-After, nothing of the version is kept, and the very same request (same bytes, same
 * signature) succeeds once the database is back. The service runs on a private Postgres it can restart.
 */
describe.runIf(requires(SUITE, hasPostgresServer, postgresSkipReason))(SUITE, () => {
  const LINES = 50_000;
  let pg: PrivatePostgres;
  let w: World;
  let provider: Provider;
  let monitor: postgres.Sql;

  const count = async (query: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await w.rt.database.db.execute(query))[0]!.n);
  const stored = async () => ({
    statements: await count(sql`select count(*)::int as n from statements`),
    versions: await count(sql`select count(*)::int as n from statement_versions`),
    lines: await count(sql`select count(*)::int as n from statement_lines`),
    audited: await count(sql`select count(*)::int as n from audit_events where action = 'statement.version_stored'`),
  });

  /**
   * What a client honouring 503 + Retry-After sees after a restart: pooled connections the restart closed
   * may each fail one more query (503 DATABASE_UNAVAILABLE, never anything else) until the pool has
   * reconnected. Returns once a full pool's worth of requests in a row succeeded; counts the 503s.
   */
  const recovered = async (): Promise<number> => {
    let refused = 0;
    let inRow = 0;
    const deadline = Date.now() + 20_000;
    while (inRow < 12) {
      expect(Date.now() < deadline, 'the service did not recover within 20 s').toBe(true);
      const res = await w.rt.request('GET', '/v1/applications', { token: w.tokens.auditor });
      if (res.status === 200) inRow++;
      else {
        expect(res.body.code, res.text).toBe('DATABASE_UNAVAILABLE');
        refused++;
        inRow = 0;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return refused;
  };

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    // Matching 50,000 lines is not what this test is about; the recon job is a no-op here.
    w = await world('2026-05-11', { DATABASE_URL: await pg.createDatabase('cs_restart') }, withHandMadeMatches());
    provider = await registerProvider(w.rt);
  }, 120_000);

  afterAll(async () => {
    await monitor?.end({ timeout: 1 });
    await w?.rt.close();
    await pg?.destroy();
  });

  it('answers 503 DATABASE_UNAVAILABLE, stores no part of the version, and the same request then succeeds', async () => {
    const raw = JSON.stringify(statementBody(Array.from({ length: LINES }, (_, i) => line(i))));
    const at = Math.floor(w.rt.deps.clock().getTime() / 1000);
    const headers = { ...providerHeaders(provider.keyId, provider.secret, raw, at), 'content-type': 'application/json' };
    const send = () => w.rt.request('PUT', '/v1/statements/restart-1', { token: null, headers, body: raw });

    // Watch from outside the service for the moment its transaction is writing the lines.
    monitor = postgres(pg.url('cs_restart'), { max: 1, onnotice: () => {} });
    const pending = send();
    const deadline = Date.now() + 30_000;
    let writing = false;
    while (!writing && Date.now() < deadline) {
      const [row] = await monitor`select count(*)::int as n from pg_stat_activity
        where backend_xid is not null and query ~* '(insert into|copy) statement_lines'`;
      writing = Number(row!.n) > 0;
      if (!writing) await new Promise((r) => setTimeout(r, 10));
    }
    expect(writing).toBe(true);
    await monitor.end({ timeout: 1 });
    await pg.restart();

    const failed = await pending;
    expect(failed.status, failed.text).toBe(503);
    expect(failed.headers.get('content-type')).toContain('application/problem+json');
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(failed.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    tally('faultInjected', 'Postgres restarted mid statement upload');

    await recovered();
    expect(await stored()).toEqual({ statements: 0, versions: 0, lines: 0, audited: 0 });

    // The provider's retry: byte for byte the same request, signature included.
    const retried = await send();
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body).toMatchObject({ statementId: 'restart-1', version: 1, lines: LINES, status: 'accepted' });
    const after = await stored();
    expect(recordLost('statement lines after a Postgres restart', LINES - after.lines)).toBe(0);
    expect(after).toEqual({ statements: 1, versions: 1, lines: LINES, audited: 1 });

    // Once it has been stored, the signature is spent: the same request again is a replay.
    const replay = await send();
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('SIGNATURE_REPLAYED');
    expect(await stored()).toEqual({ statements: 1, versions: 1, lines: LINES, audited: 1 });
    tally('fault', 'Postgres restarted mid statement upload');
  }, 120_000);

  it('answers 503 while the database is down, not ready, and recovers by itself; an award round survives a restart', async () => {
    await w.rt.jobs.idle(30_000);
    await pg.stop();
    const down = await w.rt.request('GET', '/v1/applications', { token: w.tokens.auditor });
    expect(down.status, down.text).toBe(503);
    expect(down.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    const ready = await w.rt.request('GET', '/readyz', { token: null });
    expect(ready.status).toBe(503);
    await pg.start();
    tally('faultInjected', 'Postgres stopped, then started');
    expect(await recovered()).toBeLessThanOrEqual(12);

    const expectedFen = await awardRound(w, {
      count: 3,
      serial: 110,
      between: async (step) => {
        if (step !== 'granted') return;
        await w.rt.jobs.idle(30_000);
        await pg.restart();
        expect(await recovered()).toBeLessThanOrEqual(12);
        tally('faultInjected', 'Postgres restarted between grant and payout');
      },
    });
    await expectMoneyReconciled(w.rt.database.db, expectedFen);
    const events = await expectAuditChainIntact(w.rt.database.db, 'after Postgres restarts');

    // The operators' tool agrees, reading the same database from outside.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/audit/verify-cli.ts'], {
      env: { ...process.env, DATABASE_URL: pg.url('cs_restart'), LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`audit chain intact: ${events} events`);
    tally('fault', 'Postgres stopped, then started');
    tally('fault', 'Postgres restarted between grant and payout');
  }, 120_000);
});
