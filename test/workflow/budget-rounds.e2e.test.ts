import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseYuan } from '../../src/domain/money.js';
import { BudgetRoundView } from '../../src/routes/payouts.js';
import { apply, auditOf, cityReview, getApplication, payRound, provincialReview } from './support/flows.js';
import { ok, registerUnit, uscc, verifiedPurchase, world, type World } from './support/world.js';

/**
 * RULES.md, budget decision under 二(五): a round is the compute-subsidy awards one notice publishes for a
 * funding source and year, its ratio fixed at publication against the budget earlier rounds left.
 *
 * Round 1 (notice 1, budget 333,333.33 set on 2026-08-20): E1 159,000.00, E2 265,000.00, E3 106,000.00 =
 * 530,000.00 → ratio 333,333.33 / 530,000.00. E2 is held by an objection, so batch 1 pays E1 and E3 and the
 * budget is raised to 600,000.00 on 2026-09-02, after round 1 was fixed. Round 2 (notice 2): E4 318,000.00,
 * E5 53,000.00, E6 53,000.00 = 424,000.00 against 600,000.00 − 333,333.31 committed to round 1 = 266,666.69.
 * E6 is refused after an objection is upheld; E2's objection is dismissed and batch 2 pays E2 at round 1's
 * ratio, E4 and E5 at round 2's.
 */
let w: World;
const E = [1, 2, 3, 4, 5, 6].map((n) => ({ uscc: uscc('350100', 40 + n), name: `福州算力应用${n}号有限公司` }));
const NET = [30_000_000, 50_000_000, 20_000_000, 60_000_000, 10_000_000, 10_000_000];
const app: string[] = [];
const notices: string[] = [];
const rounds: z.infer<typeof BudgetRoundView>[] = [];
const batches: any[] = [];

const budget = async () => ok(await w.rt.request('GET', '/v1/budgets/province/2026', { token: w.tokens.auditor }));
const byApp = (batch: any) => Object.fromEntries(batch.items.map((i: { applicationId: string }) => [i.applicationId, i]));
const fen = (yuan: string) => BigInt(parseYuan(yuan));
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

async function publish(ids: string[], startsOn: string): Promise<any> {
  w.setToday(startsOn);
  return ok(await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds: ids, startsOn } }), 201);
}

async function object(noticeId: string, applicationId: string, token: string): Promise<string> {
  const raised = ok(await w.rt.request('POST', `/v1/notices/${noticeId}/objections`, { token, json: { applicationId, text: '该项目的算力采购与另一家企业的合同重复' } }), 201);
  return raised.id;
}

async function resolve(noticeId: string, objectionId: string, upheld: boolean, note: string): Promise<any> {
  return ok(await w.rt.request('POST', `/v1/notices/${noticeId}/objections/${objectionId}/resolve`, { token: w.tokens.provincial, json: { upheld, note } }));
}

async function close(noticeId: string, on: string): Promise<any> {
  w.setToday(on);
  return ok(await w.rt.request('POST', `/v1/notices/${noticeId}/close`, { token: w.tokens.provincial }));
}

beforeAll(async () => {
  w = await world('2026-04-01');
  for (const [i, e] of E.entries()) {
    await registerUnit(w, e.uscc, e.name);
    await verifiedPurchase(w, e, NET[i]!);
    const submitted = await apply(w, await w.enterprise(e.uscc), { type: 'compute_subsidy', year: 2026 });
    app.push(submitted.id);
    await cityReview(w, submitted.id, '3501', 'recommend');
  }
  w.setToday('2026-06-15');
  for (const id of app) await provincialReview(w, id, { decision: 'approve', score: 90, note: 'complete' });
  w.setToday('2026-08-20');
  ok(await w.rt.request('PUT', '/v1/budgets/province/2026', { token: w.tokens.admin, json: { amount: '333333.33' } }));
});
afterAll(() => w.rt.close());

describe('round 1: a notice the budget cannot cover, one award held by an objection', () => {
  it('the awards are the ones provincial review decided', async () => {
    const amounts = await Promise.all(app.map(async (id) => (await getApplication(w, id)).amount));
    expect(amounts).toEqual(['159000.00', '265000.00', '106000.00', '318000.00', '53000.00', '53000.00']);
  });

  it('publishing the notice fixes the round: the budget and its date, earlier rounds, the total and one ratio', async () => {
    const notice = await publish([app[0]!, app[1]!, app[2]!], '2026-09-01');
    notices.push(notice.id);
    expect(notice.endsOn).toBe('2026-09-07');
    expect(notice.budgetRounds).toHaveLength(1);
    const round = BudgetRoundView.parse(notice.budgetRounds[0]);
    rounds.push(round);
    expect(round).toMatchObject({
      noticeId: notice.id,
      fundingSource: 'province',
      year: 2026,
      budget: '333333.33',
      budgetSetOn: '2026-08-20',
      committedBefore: '0.00',
      available: '333333.33',
      awards: 3,
      computedTotal: '530000.00',
      scaled: true,
      ratio: { numerator: '333333.33', denominator: '530000.00', decimal: '0.628930811320' },
    });
    expect(round.trace.every((s) => s.clause === '二(五)')).toBe(true);
    expect(round.trace).toContainEqual(expect.objectContaining({
      inputs: expect.objectContaining({ budget: '333333.33', budgetSetOn: '2026-08-20', earlierRounds: [], committedBefore: '0.00' }),
      result: expect.objectContaining({ available: '333333.33' }),
    }));
    expect(round.trace).toContainEqual(expect.objectContaining({
      inputs: expect.objectContaining({ totalComputed: '530000.00' }),
      result: expect.objectContaining({ scaled: true, ratio: '333333.33 / 530000.00', ratioDecimal: '0.628930811320' }),
    }));
    const [published] = (await auditOf(w, 'notice', notice.id)).filter((e) => e.action === 'notice.published');
    expect(published.after.budgetRounds).toEqual([expect.objectContaining({ id: round.id, available: '333333.33', ratio: round.ratio })]);
  });

  it('an objection holds E2; a budget raised afterwards leaves the fixed round as it is', async () => {
    w.setToday('2026-09-02');
    await object(notices[0]!, app[1]!, await w.enterprise(E[4]!.uscc));
    expect((await getApplication(w, app[1]!)).status).toBe('on_hold');
    const raised = ok(await w.rt.request('PUT', '/v1/budgets/province/2026', { token: w.tokens.admin, json: { amount: '600000.00' } }));
    // Round 1 holds 99,999.99 + 166,666.66 + 66,666.66: each award at the round's ratio, the held one included.
    expect(raised).toMatchObject({ amount: '600000.00', committed: '333333.31', remaining: '266666.69' });
    expect(raised.rounds).toEqual([
      expect.objectContaining({ id: rounds[0]!.id, budget: '333333.33', budgetSetOn: '2026-08-20', available: '333333.33', committed: '333333.31', ratio: { numerator: '333333.33', denominator: '530000.00', decimal: '0.628930811320' } }),
    ]);
    const set = (await auditOf(w, 'budget', 'province/2026')).filter((e) => e.action === 'budget.set');
    expect(set).toHaveLength(2);
    expect(set[1].before).toMatchObject({ amount: '333333.33', setOn: '2026-08-20' });
    expect(set[1].after).toMatchObject({ amount: '600000.00', setOn: '2026-09-02', roundsAlreadyFixed: [expect.objectContaining({ roundId: rounds[0]!.id, budget: '333333.33' })] });
  });

  it('the first batch pays E1 and E3 at the round’s ratio, not at what the raised budget would allow', async () => {
    const closed = await close(notices[0]!, '2026-09-08');
    expect([...closed.granted].sort()).toEqual([app[0], app[2]].sort());
    expect(closed.held).toEqual([app[1]]);
    const batch = await payRound(w, 'province', 2026);
    batches.push(batch);
    const items = byApp(batch);
    expect(Object.keys(items).sort()).toEqual([app[0], app[2]].sort());
    // 15,900,000 × 33,333,333 ÷ 53,000,000 = 9,999,999.9 fen; 10,600,000 × … = 6,666,666.6 fen.
    expect(items[app[0]!]).toMatchObject({ computed: '159000.00', amount: '99999.99' });
    expect(items[app[2]!]).toMatchObject({ computed: '106000.00', amount: '66666.66' });
    expect(batch.total).toBe('166666.65');
    expect(batch.scaling).toEqual([
      expect.objectContaining({
        id: rounds[0]!.id,
        noticeId: notices[0],
        budget: '333333.33',
        computedTotal: '530000.00',
        scaled: true,
        ratio: { numerator: '333333.33', denominator: '530000.00', decimal: '0.628930811320' },
        inBatch: { items: 2, computed: '265000.00', amount: '166666.65' },
      }),
    ]);
    expect(batch.scaling[0].trace[0].clause).toBe('二(五)');
    expect(await budget()).toMatchObject({ amount: '600000.00', committed: '333333.31', remaining: '266666.69' });
  });
});

describe('round 2: the same source and year, after the budget changed', () => {
  it('a second notice gets only what round 1 left of the budget as it now stands', async () => {
    const notice = await publish([app[3]!, app[4]!, app[5]!], '2026-09-14');
    notices.push(notice.id);
    expect(notice.endsOn).toBe('2026-09-18');
    const round = BudgetRoundView.parse(notice.budgetRounds[0]);
    rounds.push(round);
    expect(notice.budgetRounds).toHaveLength(1);
    expect(round).toMatchObject({
      noticeId: notice.id,
      budget: '600000.00',
      budgetSetOn: '2026-09-02',
      committedBefore: '333333.31',
      available: '266666.69',
      awards: 3,
      computedTotal: '424000.00',
      scaled: true,
      ratio: { numerator: '266666.69', denominator: '424000.00', decimal: '0.628930872641' },
    });
    expect(round.trace).toContainEqual(expect.objectContaining({
      inputs: expect.objectContaining({ budget: '600000.00', earlierRounds: [{ roundId: rounds[0]!.id, noticeId: notices[0], committed: '333333.31' }] }),
      result: expect.objectContaining({ available: '266666.69' }),
    }));
    // 200,000.01 + 33,333.33 + 33,333.33 more committed.
    expect(await budget()).toMatchObject({ committed: '599999.98', remaining: '0.02' });
  });

  it('an award refused after publication (objection upheld) commits nothing', async () => {
    w.setToday('2026-09-15');
    const objection = await object(notices[1]!, app[5]!, w.tokens.auditor);
    const resolved = await resolve(notices[1]!, objection, true, '重复申报，异议成立');
    expect(resolved.applicationStatus).toBe('rejected');
    const b = await budget();
    expect(b).toMatchObject({ committed: '566666.65', remaining: '33333.35' });
    expect(b.rounds.map((r: { id: string; committed: string }) => [r.id, r.committed])).toEqual([[rounds[0]!.id, '333333.31'], [rounds[1]!.id, '233333.34']]);
  });

  it('E2, granted once its objection is dismissed, is paid in a later batch at round 1’s ratio; E4 and E5 at round 2’s', async () => {
    const closed = await close(notices[1]!, '2026-09-21');
    expect([...closed.granted].sort()).toEqual([app[3], app[4]].sort());
    const [objection] = (ok(await w.rt.request('GET', `/v1/notices/${notices[0]}`, { token: w.tokens.provincial })).objections as { id: string }[]);
    const resolved = await resolve(notices[0]!, objection!.id, false, '经核查，合同不重复，异议不成立');
    expect(resolved.applicationStatus).toBe('granted');
    const batch = await payRound(w, 'province', 2026);
    batches.push(batch);
    const items = byApp(batch);
    expect(Object.keys(items).sort()).toEqual([app[1], app[3], app[4]].sort());
    // 26,500,000 × 33,333,333 ÷ 53,000,000 = 16,666,666.5 fen, as if it had been paid with the rest of round 1.
    expect(items[app[1]!]).toMatchObject({ computed: '265000.00', amount: '166666.66' });
    // 31,800,000 × 26,666,669 ÷ 42,400,000 = 20,000,001.75 fen; 5,300,000 × … = 3,333,333.625 fen.
    expect(items[app[3]!]).toMatchObject({ computed: '318000.00', amount: '200000.01' });
    expect(items[app[4]!]).toMatchObject({ computed: '53000.00', amount: '33333.33' });
    expect(batch.total).toBe('400000.00');
    expect(batch.scaling).toEqual([
      expect.objectContaining({ id: rounds[0]!.id, ratio: { numerator: '333333.33', denominator: '530000.00', decimal: '0.628930811320' }, inBatch: { items: 1, computed: '265000.00', amount: '166666.66' } }),
      expect.objectContaining({ id: rounds[1]!.id, ratio: { numerator: '266666.69', denominator: '424000.00', decimal: '0.628930872641' }, inBatch: { items: 2, computed: '371000.00', amount: '233333.34' } }),
    ]);
    expect(await budget()).toMatchObject({ amount: '600000.00', committed: '566666.65', remaining: '33333.35' });
  });

  it('reconciles each round to the fen: granted = installments = batched computed; paid = Σ floor(computed × ratio) ≤ available', async () => {
    const items = batches.flatMap((b) => b.items as { applicationId: string; computed: string; amount: string }[]);
    const expected = [
      { round: 0, apps: [app[0]!, app[1]!, app[2]!], granted: 53_000_000n, paid: 33_333_331n, available: 33_333_333n },
      { round: 1, apps: [app[3]!, app[4]!], granted: 37_100_000n, paid: 23_333_334n, available: 26_666_669n },
    ];
    for (const r of expected) {
      const apps = await Promise.all(r.apps.map((id) => getApplication(w, id)));
      expect(apps.map((a) => a.status)).toEqual(r.apps.map(() => 'paid'));
      expect(sum(apps.map((a) => fen(a.amount)))).toBe(r.granted);
      expect(sum(apps.flatMap((a) => a.installments.map((i: { amount: string }) => fen(i.amount))))).toBe(r.granted);
      const mine = items.filter((i) => r.apps.includes(i.applicationId));
      expect(mine).toHaveLength(r.apps.length);
      expect(sum(mine.map((i) => fen(i.computed)))).toBe(r.granted);
      expect(sum(mine.map((i) => fen(i.amount)))).toBe(r.paid);
      const round = rounds[r.round]!;
      const floored = mine.map((i) => (fen(i.computed) * fen(round.ratio.numerator)) / fen(round.ratio.denominator));
      expect(sum(floored)).toBe(r.paid);
      expect(r.paid <= r.available).toBe(true);
    }
    const refused = await getApplication(w, app[5]!);
    expect(refused).toMatchObject({ status: 'rejected', installments: [] });
    expect(items.some((i) => i.applicationId === app[5])).toBe(false);
  });
});
