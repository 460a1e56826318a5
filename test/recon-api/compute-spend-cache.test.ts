import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { computeSpendCacheStats, forgetRenderedComputeSpend } from '../../src/services/recon/compute-spend.js';
import { countQueries } from '../support/query-counter.js';
import type { TestResponse } from '../support/runtime.js';
import { apply, cityReview, noticeAndClose, provincialReview } from '../workflow/support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from '../workflow/support/world.js';

/**
 * compute-spend keeps each rendered response under a name read in one statement (the position's row
 * version, the amount awarded, the parameter values, the date, the page). Every way the figures or the
 * lists change must change that name: after each change made through the API, the response served equals
 * the one rendered again from the database with nothing kept, and differs from the one before.
 */
let w: World;
const A = { uscc: uscc('350100', 91), name: '福州缓存测试有限公司' };
let token: string;

const path = (query = '') => `/v1/enterprises/${A.uscc}/compute-spend?year=2026${query}`;
const read = (query = '', headers: Record<string, string> = {}) => w.rt.request('GET', path(query), { token, headers });

/** The response as served now, checked against one rendered again with no response kept. */
async function served(query = ''): Promise<{ body: any; etag: string }> {
  const res = await read(query);
  const body = ok(res);
  forgetRenderedComputeSpend();
  const rerendered = ok(await read(query));
  expect(body).toEqual(rerendered);
  return { body, etag: res.headers.get('etag')! };
}

/** Reads twice more; the second must be served from the kept response in one statement (its state; the token is known). */
async function expectKept(query = ''): Promise<TestResponse> {
  const counter = countQueries(w.rt.database.db);
  try {
    await read(query);
    const hitsBefore = computeSpendCacheStats().hits;
    const again = await counter.during(() => read(query));
    expect(again.value.status).toBe(200);
    expect(again.queries).toBe(1);
    expect(computeSpendCacheStats().hits).toBe(hitsBefore + 1);
    return again.value;
  } finally {
    counter.restore();
  }
}

beforeAll(async () => {
  w = await world('2026-05-04');
  await registerUnit(w, A.uscc, A.name);
  token = await w.enterprise(A.uscc);
  await verifiedPurchase(w, A, 8_000_000, { issueDate: '2026-04-01' });
  await verifiedPurchase(w, A, 6_000_000, { issueDate: '2026-04-20' });
});
afterAll(() => w.rt.close());

describe('compute-spend serves a kept response only while it is current', () => {
  it('a repeated read is one statement, with the same bytes; its tag answers 304', async () => {
    const first = await served();
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const kept = await expectKept();
    expect(kept.body).toEqual(first.body);
    expect(kept.headers.get('etag')).toBe(first.etag);

    const counter = countQueries(w.rt.database.db);
    try {
      const revalidated = await counter.during(() => read('', { 'if-none-match': first.etag }));
      expect(revalidated.value.status).toBe(304);
      expect(revalidated.value.text).toBe('');
      expect(revalidated.queries).toBe(1);
    } finally {
      counter.restore();
    }
    // Each page is its own response.
    const page = await served('&limit=1&offset=1');
    expect(page.body.invoices).toEqual([first.body.invoices[1]]);
    expect(page.etag).not.toBe(first.etag);
  });

  it('a new verified purchase (the matching run stores the position) is served at once', async () => {
    const before = await served();
    await expectKept();
    await verifiedPurchase(w, A, 5_000_000, { issueDate: '2026-04-25' });
    const after = await served();
    expect(after.body.page.invoicesTotal).toBe(before.body.page.invoicesTotal + 1);
    expect(after.body.eligibleSpend).not.toBe(before.body.eligibleSpend);
    expect(after.etag).not.toBe(before.etag);
    expect((await read('', { 'if-none-match': before.etag })).status).toBe(200);
  });

  it('an uploaded invoice not yet verified moves it to the excluded list', async () => {
    const before = await served();
    await expectKept();
    await verifiedPurchase(w, A, 1_000_000, { issueDate: '2026-04-26', verify: false });
    const after = await served();
    expect(after.body.page.excludedTotal).toBe(before.body.page.excludedTotal + 1);
    expect(after.body.excluded.map((e: { reason: string }) => e.reason)).toContain('NOT_VERIFIED');
  });

  it('a parameter an administrator adds, in force today, changes the figures at once', async () => {
    // The cap is not part of the position's basis (the position is not recomputed): only the parameters' digest names it.
    const before = await served();
    await expectKept();
    ok(await w.rt.request('POST', '/v1/parameters', { json: { name: 'compute.cap', from: '2026-05-04', value: 5_000_000, note: '上限调整测试' } }), 201);
    const capped = await served();
    expect(before.body.estimatedSubsidy).not.toBe('50000.00');
    expect(capped.body.estimatedSubsidy).toBe('50000.00');
    expect(capped.etag).not.toBe(before.etag);
    await expectKept();
    // The threshold is: the position is recomputed under it.
    ok(await w.rt.request('POST', '/v1/parameters', { json: { name: 'compute.threshold', from: '2026-05-04', value: 30_000_000, note: '门槛调整测试' } }), 201);
    const raised = await served();
    expect(raised.body.threshold).toBe('300000.00');
    expect(raised.body.thresholdMet).toBe(false);
    expect(raised.body.estimatedSubsidy).toBe('0.00');
    expect(raised.etag).not.toBe(capped.etag);
  });

  it('the next Shanghai day is a new response (asOf)', async () => {
    const before = await served();
    await expectKept();
    // The threshold returns to 100,000.00 from tomorrow: today's response still holds 300,000.00.
    ok(await w.rt.request('POST', '/v1/parameters', { json: { name: 'compute.threshold', from: '2026-05-05', value: 10_000_000, note: '门槛恢复测试' } }), 201);
    expect((await served()).body.threshold).toBe('300000.00');
    await expectKept();
    w.setToday('2026-05-05');
    const after = await served();
    expect(before.body.asOf).toBe('2026-05-04');
    expect(after.body.asOf).toBe('2026-05-05');
    expect(after.body.threshold).toBe('100000.00');
    expect(after.body.estimatedSubsidy).toBe('50000.00');
    expect(after.etag).not.toBe(before.etag);
  });

  it('a claim freezing the invoices, its withdrawal, and an award granted are each served at once', async () => {
    const before = await served();
    await expectKept();
    expect(before.body.invoices.every((i: { claimedBy: string | null }) => i.claimedBy === null)).toBe(true);

    const claim = await apply(w, token, { type: 'compute_subsidy', year: 2026 });
    const frozen = await served();
    expect(frozen.body.invoices.map((i: { claimedBy: string | null }) => i.claimedBy)).toEqual(before.body.invoices.map(() => claim.id));
    await expectKept();

    ok(await w.rt.request('POST', `/v1/applications/${claim.id}/withdraw`, { token, json: { reason: '重新申报' } }));
    const released = await served();
    expect(released.body.invoices).toEqual(before.body.invoices);
    await expectKept();

    const again = await apply(w, token, { type: 'compute_subsidy', year: 2026 });
    expect(again.decision.eligible).toBe(true);
    await cityReview(w, again.id, '3501', 'recommend');
    await provincialReview(w, again.id);
    await noticeAndClose(w, [again.id], '2026-05-11', '2026-05-16');
    const awarded = await served();
    expect(awarded.body.alreadyAwarded).toBe(again.decision.amount);
    expect(awarded.body.alreadyAwarded).not.toBe(before.body.alreadyAwarded);
    expect(awarded.body.claimable).toBe('0.00');
    await expectKept();
  });

  it('the amount awarded is part of the name by itself, not only through the position it usually rewrites', async () => {
    // Granting through the API also stores the position today; an award amount changed with no position write
    // (a re-decision lowering it) must be served at once all the same.
    const before = await served();
    await expectKept();
    await w.rt.database.db.execute(sql`update applications set amount = amount - 100 where uscc = ${A.uscc} and status = 'granted'`);
    const after = await served();
    expect(Number(after.body.alreadyAwarded.replace('.', ''))).toBe(Number(before.body.alreadyAwarded.replace('.', '')) - 100);
    expect(after.etag).not.toBe(before.etag);
  });

  it('another enterprise’s user is refused even when the response is kept', async () => {
    await expectKept();
    const other = uscc('350100', 92);
    await registerUnit(w, other, '福州旁观缓存有限公司');
    const res = await w.rt.request('GET', path(), { token: await w.enterprise(other) });
    expect(res.status).toBe(404);
  });
});
