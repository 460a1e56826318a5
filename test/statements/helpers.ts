import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { completeUscc } from '../../src/domain/uscc.js';
import { rowsOf } from '../../src/db/client.js';
import { statementLines, statementVersions, statements } from '../../src/db/schema/index.js';
import { afterAll, beforeAll } from 'vitest';
import { testRuntime, type TestResponse, type TestRuntime } from '../support/runtime.js';
import type { RuntimeOptions } from '../../src/runtime.js';
import { defineJob, registry } from '../../src/jobs/definition.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { providerHeaders } from '../support/signing.js';

/**
 * Runtime options for tests that put match rows in by hand: the reconciliation job a new version enqueues
 * is replaced by one that does nothing, so the engine does not rewrite the simulated matches mid-test.
 */
export function withHandMadeMatches(): RuntimeOptions {
  const recon = jobRegistry.get('recon.match');
  if (!recon) return {};
  const idle = defineJob({ name: recon.name, payload: recon.payload, jobId: recon.jobId, handler: async () => {} });
  return { jobs: registry([...[...jobRegistry.values()].filter((j) => j.name !== recon.name), idle]) };
}

export const CUSTOMER_A = completeUscc('9135010000000101');
export const CUSTOMER_B = completeUscc('9135020000000102');

export interface Provider {
  id: string;
  keyId: string;
  secret: string;
}

let providerSeq = 0;
export async function registerProvider(rt: TestRuntime): Promise<Provider> {
  providerSeq++;
  const uscc = completeUscc(`91110108${String(providerSeq).padStart(8, '0')}`);
  const res = await rt.request('POST', '/v1/providers', { json: { uscc, name: `算力服务商 ${providerSeq}` } });
  if (res.status !== 201) throw new Error(`provider not registered: ${res.text}`);
  return { id: res.body.id, keyId: res.body.keyId, secret: res.body.secret };
}

/**
 * A runtime with one registered provider for the tests of a file: made before them and closed after. Its
 * fields are set once `beforeAll` has run, so tests read them as `env.rt` and `env.p`.
 */
export function useProviderRuntime(opts: RuntimeOptions = {}): { rt: TestRuntime; p: Provider } {
  const env = {} as { rt: TestRuntime; p: Provider };
  beforeAll(async () => {
    env.rt = await testRuntime({}, opts);
    env.p = await registerProvider(env.rt);
  });
  afterAll(() => env.rt.close());
  return env;
}

export function line(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lineId: `L-${String(i).padStart(5, '0')}`,
    customerUscc: i % 2 === 0 ? CUSTOMER_A : CUSTOMER_B,
    invoiceNumber: String(26350000000000000000n + BigInt(i)),
    issueDate: '2026-03-15',
    amount: `${1000 + i}.${String(i % 100).padStart(2, '0')}`,
    serviceType: 'gpu_compute',
    description: `GPU 算力租用 ${i}`,
    quantity: '720',
    unit: '卡时',
    ...over,
  };
}

export function statementBody(lines: Record<string, unknown>[], period = { periodStart: '2026-03-01', periodEnd: '2026-03-31' }) {
  return { ...period, lines };
}

// Signing the same body twice in one second would give the same signature, which is a replay. Each
// (key, body) pair therefore gets the next unused second inside the 300 s window.
const lastSigned = new Map<string, number>();
function signedHeaders(p: Provider, body: string): Record<string, string> {
  const key = `${p.keyId}|${createHash('sha256').update(body).digest('hex')}`;
  const now = Math.floor(Date.now() / 1000);
  const at = Math.max(now - 250, (lastSigned.get(key) ?? now - 251) + 1);
  lastSigned.set(key, at);
  return providerHeaders(p.keyId, p.secret, body, at);
}

export function putJson(rt: TestRuntime, p: Provider, statementId: string, body: unknown): Promise<TestResponse> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return rt.request('PUT', `/v1/statements/${statementId}`, {
    token: null,
    headers: { ...signedHeaders(p, raw), 'content-type': 'application/json' },
    body: raw,
  });
}

export function putCsv(rt: TestRuntime, p: Provider, statementId: string, csv: string, query = 'periodStart=2026-03-01&periodEnd=2026-03-31'): Promise<TestResponse> {
  return rt.request('PUT', `/v1/statements/${statementId}?${query}`, {
    token: null,
    headers: { ...signedHeaders(p, csv), 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
  });
}

export function getAsProvider(rt: TestRuntime, p: Provider, path: string): Promise<TestResponse> {
  return rt.request('GET', path, { token: null, headers: signedHeaders(p, '') });
}

/** Rows stored for one provider's statement, counted straight from the tables. */
export async function storedCounts(rt: TestRuntime, p: Provider, statementId: string) {
  const db = rt.database.db;
  const [s] = await db.select().from(statements).where(and(eq(statements.providerId, p.id), eq(statements.externalId, statementId)));
  if (!s) return { statements: 0, versions: 0, lines: 0 };
  const versions = await db.select().from(statementVersions).where(eq(statementVersions.statementId, s.id));
  const counted = await db.execute(sql`select count(*)::int as n from statement_lines l join statement_versions v on v.id = l.version_id where v.statement_id = ${s.id}`);
  return { statements: 1, versions: versions.length, lines: Number(rowsOf<{ n: number }>(counted)[0]!.n) };
}

/** The stored row id of a line in a given version, to attach matches to it by hand. */
export async function lineRowId(rt: TestRuntime, p: Provider, statementId: string, version: number, lineId: string): Promise<number> {
  const db = rt.database.db;
  const [row] = await db
    .select({ id: statementLines.id })
    .from(statementLines)
    .innerJoin(statementVersions, eq(statementVersions.id, statementLines.versionId))
    .innerJoin(statements, eq(statements.id, statementVersions.statementId))
    .where(
      and(
        eq(statements.providerId, p.id),
        eq(statements.externalId, statementId),
        eq(statementVersions.version, version),
        eq(statementLines.lineId, lineId),
      ),
    );
  if (!row) throw new Error(`no stored line ${lineId} in version ${version}`);
  return row.id;
}
