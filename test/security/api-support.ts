import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import type { TestResponse, TestRuntime } from '../support/runtime.js';

/** Helpers shared by the API fuzz and access suites: the OpenAPI document as a route list, and row counts. */

export interface Operation {
  method: string;
  path: string;
  op: OpenApiOperation;
  /** The application/json request body schema, $refs resolved at the top. */
  jsonBody: JsonSchema | null;
  /** True when the route takes a provider signature (alone or as an alternative to a bearer token). */
  provider: boolean;
  bearer: boolean;
}

export type JsonSchema = Record<string, any>;
interface OpenApiOperation {
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export async function operations(rt: TestRuntime): Promise<{ doc: any; ops: Operation[] }> {
  const res = await rt.request('GET', '/openapi.json', { token: null });
  expect(res.status).toBe(200);
  const doc = res.body;
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries<Record<string, OpenApiOperation>>(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      const schema = op.requestBody?.content['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        op,
        jsonBody: schema ? resolve(doc, schema) : null,
        provider: schemes.includes('providerSignature'),
        bearer: schemes.includes('bearer'),
      });
    }
  }
  return { doc, ops };
}

export function resolve(doc: any, schema: JsonSchema): JsonSchema {
  let s = schema;
  while (s && typeof s.$ref === 'string') s = doc.components.schemas[s.$ref.split('/').pop()!];
  return s;
}

/**
 * Fills every path parameter from `values`. A parameter without a value is an error, not a made-up id: a
 * call to a resource that does not exist is refused with 404 whoever makes it, which proves nothing.
 */
export function fillPath(op: Operation, values: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/gu, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${op.method} ${op.path}: no value for the path parameter {${name}}`);
    return encodeURIComponent(value);
  });
}

/** Rows in every table but the replay-nonce log (which a signed request adds to by design). */
export async function rowCounts(rt: TestRuntime): Promise<Record<string, number>> {
  const tables = rowsOf<{ name: string }>(
    await rt.database.db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'provider_request_nonces' order by 1`,
    ),
  ).map((t) => t.name);
  const query = tables.map((t) => `select '${t}' as name, count(*)::int as n from "${t}"`).join(' union all ');
  const rows = rowsOf<{ name: string; n: number }>(await rt.database.db.execute(sql.raw(query)));
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

/** A refusal: a 4xx with a problem+json body whose status matches. */
export function expectProblem(res: TestResponse, what: string, statuses?: number[]): void {
  const label = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  if (statuses) expect(statuses, label).toContain(res.status);
  expect(res.headers.get('content-type') ?? '', label).toContain('application/problem+json');
  expect(res.body.status, label).toBe(res.status);
  expect(res.body.code, label).toMatch(/^[A-Z][A-Z0-9_]+$/u);
}
