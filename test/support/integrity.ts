import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../src/db/client.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { apply, cityReview, noticeAndClose, payRound, provincialReview } from '../workflow/support/flows.js';
import { registerUnit, uscc, type World } from '../workflow/support/world.js';
import { tally } from './tally.js';
import { providerHeaders } from './signing.js';
import type { TestResponse } from './runtime.js';

/** The whole audit log verifies link by link; counted once in the suite's summary. */
export async function expectAuditChainIntact(db: Db, what: string): Promise<number> {
  const verdict = await verifyAuditChain(db);
  expect(verdict, JSON.stringify(verdict)).toMatchObject({ ok: true });
  expect(verdict.rows).toBeGreaterThan(0);
  tally('auditChain', what);
  return verdict.rows;
}

export interface MoneyTotals {
  /** Awards in an awarded state (applications.amount), in fen. */
  granted: number;
  /** Installments owed on them, cancelled ones excluded. */
  installments: number;
  /** Installments as put into live (not discarded) payout batches, and what those batches pay. */
  batchedComputed: number;
  batchedItems: number;
  batchTotals: number;
  paidInstallments: number;
  paidBatches: number;
}

/** Money as stored, summed in the database (bigint fen, read back as text so no float touches it). */
export async function moneyTotals(db: Db): Promise<MoneyTotals> {
  const one = async (query: ReturnType<typeof sql>) => {
    const [row] = rowsOf<{ n: string | null }>(await db.execute(query));
    const text = row?.n ?? '0';
    expect(text).toMatch(/^-?\d+$/);
    return Number(text);
  };
  return {
    granted: await one(sql`select sum(amount)::text as n from applications
      where status in ('granted', 'implementing', 'accepted', 'acceptance_failed', 'paid')`),
    installments: await one(sql`select sum(amount)::text as n from installments where status <> 'cancelled'`),
    batchedComputed: await one(sql`select sum(i.computed)::text as n from payout_items i
      join payout_batches b on b.id = i.batch_id where b.status <> 'discarded'`),
    batchedItems: await one(sql`select sum(i.amount)::text as n from payout_items i
      join payout_batches b on b.id = i.batch_id where b.status <> 'discarded'`),
    batchTotals: await one(sql`select sum(total)::text as n from payout_batches where status <> 'discarded'`),
    paidInstallments: await one(sql`select sum(amount)::text as n from installments where status = 'paid'`),
    paidBatches: await one(sql`select sum(total)::text as n from payout_batches where status = 'paid'`),
  };
}

/**
 * Granted = installments = batched = paid, to the fen, and each equal to what the test expects. Valid for
 * rounds paid in full (no budget scaling, no revocation), which is what `awardRound` produces.
 */
export async function expectMoneyReconciled(db: Db, expectedFen: number): Promise<MoneyTotals> {
  const t = await moneyTotals(db);
  expect(t).toEqual({
    granted: expectedFen,
    installments: expectedFen,
    batchedComputed: expectedFen,
    batchedItems: expectedFen,
    batchTotals: expectedFen,
    paidInstallments: expectedFen,
    paidBatches: expectedFen,
  });
  return t;
}

const PRODUCT_AWARD_FEN = 50_000_000;

/**
 * One short award round through the API: `count` Fuzhou enterprises apply for the AI product award
 * (a fixed 500,000 yuan), are recommended and approved, granted after the public notice and paid from the
 * provincial budget. `between` runs after each step, so a test can put a fault in the middle of the round.
 * Returns what the round pays, in fen. `serial` keeps USCCs apart when a file runs more than one round.
 */
export async function awardRound(
  w: World,
  opts: { count: number; serial: number; between?: (step: string) => Promise<void> },
): Promise<number> {
  const between = opts.between ?? (async () => {});
  w.setToday('2026-05-11');
  const ids: string[] = [];
  for (let i = 0; i < opts.count; i++) {
    const unit = { uscc: uscc('350100', opts.serial + i), name: `福州智能产品${opts.serial + i}有限公司` };
    await registerUnit(w, unit.uscc, unit.name);
    const app = await apply(w, await w.enterprise(unit.uscc), { type: 'product', year: 2026 });
    expect(app.amount).toBe('500000.00');
    ids.push(app.id);
  }
  await between('applied');
  for (const id of ids) await cityReview(w, id, '3501', 'recommend');
  await between('city-reviewed');
  for (const id of ids) await provincialReview(w, id);
  await between('approved');
  const closed = await noticeAndClose(w, ids, '2026-08-03', '2026-08-08');
  expect([...closed.granted].sort()).toEqual([...ids].sort());
  await between('granted');
  const paid = await payRound(w, 'province', 2026);
  expect(paid.items).toHaveLength(opts.count);
  await between('paid');
  return opts.count * PRODUCT_AWARD_FEN;
}

/**
 * A provider's signed JSON PUT of a statement, signed at the world's clock (the service checks freshness
 * against it); `skew` seconds earlier gives a second, distinct signature for the same body.
 */
export function putStatementAt(
  w: World,
  p: { keyId: string; secret: string },
  statementId: string,
  body: unknown,
  skew = 0,
): Promise<TestResponse> {
  const raw = JSON.stringify(body);
  const at = Math.floor(w.rt.deps.clock().getTime() / 1000) - skew;
  return w.rt.request('PUT', `/v1/statements/${statementId}`, {
    token: null,
    headers: { ...providerHeaders(p.keyId, p.secret, raw, at), 'content-type': 'application/json' },
    body: raw,
  });
}

/**
 * On BullMQ, reconciliation triggers for the same enterprises that arrive while a run waits are folded into
 * that run, so there is not one run per trigger. What must hold is that a run for the enterprise finished
 * after each change to it: returns how many of the change times `changedAt` (a query of one timestamptz
 * column) no run has followed. Zero means no change was left unreconciled.
 */
export async function changesNotReconciled(db: Db, uscc: string, changedAt: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (${changedAt}) as c(t)
      where c.t > coalesce((select max(at) from audit_events
        where action = 'recon.run' and (after -> 'usccs') @> ${JSON.stringify([uscc])}::jsonb), '-infinity'::timestamptz)`),
  );
  return Number(row!.n);
}
