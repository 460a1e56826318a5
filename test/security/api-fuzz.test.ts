import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.js';
import { CSV_COLUMNS } from '../../src/services/statements/csv-statement.js';
import { usableFixtureCases } from '../support/fixtures.js';
import type { TestRuntime } from '../support/runtime.js';
import { changedRows } from '../support/row-changes.js';
import { recordLost, tally } from '../support/tally.js';
import { upload } from '../support/upload.js';
import { xmlInvoice } from '../support/xml-invoice.js';
import { invoiceNumber, PROVIDER } from '../workflow/support/world.js';
import { callerFor } from './access-policy.js';
import { expectProblem, operations, rowCounts, type Operation } from './api-support.js';
import { mutatedBytes, randomFile, statementLine } from './fuzz-inputs.js';
import { A, resources, type Resources } from './resources.js';
import { badBodies, plausible, schemaValue } from './schema-bodies.js';

/**
 * Bad input through the API. Every route with a JSON body (taken from the OpenAPI document, not a list
 * kept here) gets bodies its own schema refuses, over-sized bodies and wrong content types; every GET
 * route gets odd query and path values; provider statements get bad lines; uploads get mutated and random
 * files. Each is refused with a 4xx problem+json or, for a file, a failed parse job — never a 500 — and a
 * refused request leaves every table exactly as it was. Paths name existing resources (resources.ts) and
 * each route is called by a role allowed to use it, so the odd values reach the verb behind the route
 * instead of a 403 or a 404 for a made-up id.
 */
// A new seed each run widens what is tried over time; a failure prints its seed, and FUZZ_SEED replays it.
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const runs = (n: number) => ({ numRuns: n, seed: SEED, endOnFailure: true });
const BODY_MAX = 512 * 1024;

let r: Resources;
let rt: TestRuntime;
let doc: any;
let ops: Operation[];
let entToken = '';
const refusedByKind = new Map<string, number>();
const count = (what: string, n = 1) => refusedByKind.set(what, (refusedByKind.get(what) ?? 0) + n);

beforeAll(async () => {
  r = await resources({ BODY_MAX_BYTES: String(BODY_MAX), UPLOAD_MAX_BYTES: String(256 * 1024), PARSE_TIMEOUT_MS: '15000' });
  rt = r.rt;
  entToken = r.callers.enterprise;
  ({ doc, ops } = await operations(rt));
}, 180_000);

afterAll(async () => {
  for (const [what, n] of refusedByKind) tally('badInput', what, n);
  await rt?.close();
});

const jsonRoutes = () => ops.filter((o) => o.jsonBody && !o.provider);
const send = (o: Operation, text: string, contentType: string | null) =>
  rt.request(o.method, r.pathFor(o), { token: callerFor(r, o), body: text, headers: contentType ? { 'content-type': contentType } : {} });

describe('JSON bodies', () => {
  it('every JSON route refuses, and stores nothing for, bodies its own schema refuses', async () => {
    expect(jsonRoutes().length).toBeGreaterThan(20);
    await rt.jobs.idle();
    const before = await rowCounts(rt);
    for (const o of jsonRoutes()) {
      for (const kind of badBodies(doc, o.jsonBody!)) {
        await fc.assert(
          fc.asyncProperty(kind, async ({ how, text }) => {
            const res = await send(o, text, 'application/json');
            expectProblem(res, `${o.method} ${o.path} (${how})`, how === 'broken JSON' ? [400] : [422]);
            count(`JSON body: ${how}`);
          }),
          runs(2),
        );
      }
    }
    expect(recordLost('rows written by refused JSON bodies', changedRows(before, await rowCounts(rt)))).toBe(0);
  }, 90_000);

  it('an over-sized body is 413 and a wrong content type is 415, on every JSON route', async () => {
    const before = await rowCounts(rt);
    const huge = JSON.stringify({ zz: 'x'.repeat(BODY_MAX + 1) });
    const wrongTypes = ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', null];
    for (const o of jsonRoutes()) {
      expectProblem(await send(o, huge, 'application/json'), `${o.method} ${o.path} huge`, [413]);
      count('over-sized body (413)');
      const text = JSON.stringify(plausible(doc, o.jsonBody!));
      for (const type of wrongTypes) {
        expectProblem(await send(o, text, type), `${o.method} ${o.path} as ${type}`, [415]);
        count('wrong content type (415)');
      }
    }
    expect(await rowCounts(rt)).toEqual(before);
  }, 60_000);

  it('well-typed bodies with odd values get an answer or a refusal on every JSON route, never a 500; a refusal stores nothing', async () => {
    await rt.jobs.idle();
    let before = await rowCounts(rt);
    for (const o of jsonRoutes().filter((x) => x.path !== '/v1/evaluate')) {
      await fc.assert(
        fc.asyncProperty(schemaValue(doc, o.jsonBody!), async (body) => {
          const res = await rt.request(o.method, r.pathFor(o), { token: callerFor(r, o), json: body });
          expect(res.status, `${o.method} ${o.path} ${JSON.stringify(body).slice(0, 300)} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status < 400) {
            // An accepted body may queue work; the next comparison starts once that work is done.
            await rt.jobs.idle();
            before = await rowCounts(rt);
            return;
          }
          expectProblem(res, `${o.method} ${o.path}`);
          const after = await rowCounts(rt);
          expect(after, `${o.method} ${o.path} ${JSON.stringify(body).slice(0, 300)}`).toEqual(before);
          before = after;
          count('well-typed body with odd values refused');
        }),
        runs(6),
      );
    }
  }, 120_000);

  it('the calculator answers every well-typed body, extreme amounts and impossible dates included, with a decision or a 422', async () => {
    const evaluate = ops.find((o) => o.path === '/v1/evaluate')!;
    const YUAN = /^-?\d{1,16}\.\d{2}$/u;
    // Found by this property: a valid listedOn with an impossible removedOn used to throw inside validation (500).
    const listing = { type: 'product', asOf: '2026-06-01', applicant: { uscc: A.uscc, creditListings: [{ list: 'abnormal', listedOn: '2026-01-01', removedOn: '2026-02-30' }] } };
    expectProblem(await rt.request('POST', '/v1/evaluate', { token: entToken, json: listing }), 'impossible removedOn', [422]);
    await fc.assert(
      fc.asyncProperty(schemaValue(doc, evaluate.jsonBody!), async (body) => {
        const res = await rt.request('POST', '/v1/evaluate', { token: entToken, json: body });
        expect([200, 422], `${JSON.stringify(body).slice(0, 400)} → ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
        if (res.status === 422) {
          expectProblem(res, 'evaluate');
          count('calculator facts refused (422)');
          return;
        }
        // Money stays exact: a decision never carries a rounded or exponent-formatted amount.
        expect(res.body.amount, res.text.slice(0, 300)).toMatch(YUAN);
        for (const i of res.body.installments) expect(i.amount).toMatch(YUAN);
      }),
      runs(120),
    );
  }, 60_000);

  it('GET routes answer odd query and path values with a 4xx problem or a page, never a 500', async () => {
    // Each parameter is odd or left as it is (the existing resource, or no query value), at least one odd.
    const odd = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('-1', '0', '1e309', '9'.repeat(40), 'NaN', '2026-02-30', '%00', '../../etc/passwd', "' or 1=1 --", '\u202e', 'null', '[]', '{}'),
    );
    const gets = ops.filter((o) => o.method === 'GET' && o.path.startsWith('/v1/') && o.bearer);
    for (const o of gets) {
      const names = (o.op.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path');
      if (names.length === 0) continue;
      await fc.assert(
        fc.asyncProperty(fc.tuple(...names.map(() => fc.option(odd, { nil: undefined }))).filter((vs) => vs.some((v) => v !== undefined)), async (values) => {
          const path: Record<string, string> = {};
          const query = new URLSearchParams();
          names.forEach((p, i) => {
            const v = values[i];
            if (v !== undefined) (p.in === 'path' ? (path[p.name] = v) : query.set(p.name, v));
          });
          const target = `${r.pathFor(o, path)}?${query}`;
          const res = await rt.request('GET', target, { token: callerFor(r, o) });
          expect(res.status, `${target} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expectProblem(res, target);
            count('odd query or path value');
          }
        }),
        runs(12),
      );
    }
  }, 60_000);
});

describe('provider statements', () => {
  const period = { periodStart: '2026-03-01', periodEnd: '2026-03-31' };
  let n = 0;
  const put = (body: string, contentType = 'application/json', query = '') =>
    rt.request('PUT', `/v1/statements/fuzz-${++n}${query}`, {
      token: null,
      body,
      headers: { 'content-type': contentType, ...r.signed(r.w.provider, body) },
    });

  it('a statement with any bad line is refused whole and stores nothing', async () => {
    const bad = { lineId: 'BAD', customerUscc: A.uscc, issueDate: '2026-03-05', amount: 12.5, serviceType: 'gpu_compute' };
    const before = await rowCounts(rt);
    await fc.assert(
      fc.asyncProperty(fc.array(statementLine(A.uscc), { maxLength: 12 }), fc.nat(), async (lines, at) => {
        const all = [...lines];
        all.splice(at % (lines.length + 1), 0, bad);
        const res = await put(JSON.stringify({ ...period, lines: all }));
        expectProblem(res, 'statement with a bad line', [422]);
        count('statement with bad lines');
      }),
      runs(40),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('"', '1000.5', 'gpu_compute')), { maxLength: 12 }), { minLength: 1, maxLength: 6 }), async (rows) => {
        const csv = [CSV_COLUMNS.join(','), ...rows.map((row) => row.join(',')), `BAD,${A.uscc},,,2026-03-05,12.5,gpu_compute,,,`].join('\n');
        const res = await put(csv, 'text/csv', `?periodStart=${period.periodStart}&periodEnd=${period.periodEnd}`);
        expectProblem(res, 'CSV statement with a bad row', [422]);
        count('statement with bad lines');
      }),
      runs(25),
    );
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      expectProblem(await put(JSON.stringify({ ...period, lines: [] }), type), `statement as ${type}`, [415]);
      count('wrong content type (415)');
    }
    expectProblem(await put(JSON.stringify({ ...period, lines: [], pad: 'x'.repeat(BODY_MAX) })), 'huge statement', [413]);
    count('over-sized body (413)');
    expect(recordLost('rows written by refused statements', changedRows(before, await rowCounts(rt)))).toBe(0);
  }, 60_000);
});

describe('invoice uploads', () => {
  it('mutated and random files end as a failed job or a 4xx, stored whole or not at all; the next good invoice parses', async () => {
    // PDF mutations are fuzzed at the parser (parser-fuzz.test.ts); here the cheaper formats exercise the job path.
    const bases = [...usableFixtureCases('.xml'), ...usableFixtureCases('.ofd')].map((c) => c.bytes);
    const files = fc.sample(fc.oneof(mutatedBytes(bases).map((m) => m.bytes), randomFile), { numRuns: 12, seed: SEED });
    const invoicesBefore = await tableCount('invoices');
    const accepted = new Set<string>();
    for (const bytes of files) {
      const res = await upload(rt, bytes, { token: entToken });
      if (res.status === 202 || res.status === 200) accepted.add(res.body.id);
      else {
        expectProblem(res, 'hostile upload', [413, 415, 422]);
        count('hostile invoice file refused at upload');
      }
    }
    await rt.jobs.idle(150_000);
    // Half-stored: an accepted file left neither parsed nor failed, or failed with items of a half-read invoice.
    let halfStored = 0;
    const halfStoredSeen: string[] = [];
    const failed: string[] = [];
    for (const id of accepted) {
      const inv = (await rt.request('GET', `/v1/invoices/${id}`, { token: entToken })).body;
      const items = await tableCount('invoice_items', sql`invoice_id = ${id}`);
      if (!['parsed', 'failed'].includes(inv.status) || (inv.status === 'failed' && (items > 0 || inv.fields !== undefined))) {
        halfStored++;
        const dead = rowsOf<{ last_error: string }>(await rt.database.db.execute(sql`select last_error from dead_letters where subject = ${id}`));
        halfStoredSeen.push(`${id}: ${inv.status}, ${items} items, error ${JSON.stringify(inv.error ?? null)}, dead letter ${JSON.stringify(dead[0]?.last_error ?? null)}`);
      }
      if (inv.status === 'failed') {
        expect(inv.error.code).toMatch(/^[A-Z][A-Z0-9_]+$/u);
        failed.push(id);
      }
    }
    expect(recordLost('invoices half-stored after hostile uploads', halfStored), `FUZZ_SEED=${SEED}: ${halfStoredSeen.join('; ')}`).toBe(0);
    count('hostile invoice file failed its own job', failed.length);
    expect(await tableCount('invoices')).toBe(invoicesBefore + accepted.size);

    const good = await upload(rt, xmlInvoice({ number: invoiceNumber(), buyer: A.uscc, seller: PROVIDER.taxId }), { token: entToken });
    expect(good.status, good.text).toBe(202);
    await rt.jobs.idle(60_000);
    expect((await rt.request('GET', `/v1/invoices/${good.body.id}`, { token: entToken })).body.status).toBe('parsed');
  }, 180_000);

  it('malformed multipart forms are refused with a problem and store nothing', async () => {
    const before = await rowCounts(rt);
    const forms: [string, () => FormData | string][] = [
      ['no file part', () => withFields({ purpose: 'model_development' })],
      ['file sent as text', () => withFields({ purpose: 'model_development', file: 'not a file' })],
      ['unknown purpose', () => withFile({ purpose: 'holiday' })],
      ['empty file', () => withFile({ purpose: 'model_development' }, new Uint8Array())],
      ['garbage multipart', () => '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n'],
    ];
    for (const [what, make] of forms) {
      const body = make();
      const res = await rt.request('POST', '/v1/invoices', {
        token: entToken,
        body,
        headers: typeof body === 'string' ? { 'content-type': 'multipart/form-data; boundary=x' } : {},
      });
      expectProblem(res, what);
      count('malformed upload form');
    }
    expect(await rowCounts(rt)).toEqual(before);
  });
});

function withFields(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

function withFile(fields: Record<string, string>, bytes: Uint8Array = new TextEncoder().encode('<?xml version="1.0"?><EInvoice/>')): FormData {
  const form = withFields(fields);
  form.set('file', new Blob([bytes]), 'x.xml');
  return form;
}

async function tableCount(table: string, where?: ReturnType<typeof sql>): Promise<number> {
  const q = where ? sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}` : sql`select count(*)::int as n from ${sql.identifier(table)}`;
  return Number(rowsOf<{ n: number }>(await rt.database.db.execute(q))[0]!.n);
}
