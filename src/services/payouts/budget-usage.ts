import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { applications, budgetRounds, budgets, installments, noticeApplications, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { floorMulRatio, sumFen, type Fen } from '../../domain/money.js';
import type { BudgetRoundRow } from './budget-rounds.js';

export const FUNDING_SOURCES = ['province', 'xiamen'] as const;
export type FundingSourceName = (typeof FUNDING_SOURCES)[number];

/**
 * Rounds are fixed, budgets changed and batches prepared one at a time per funding source, so a round sees
 * every earlier round and the budget as the last change left it.
 */
export async function lockFundingSource(tx: Tx, fundingSource: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payouts:${fundingSource}`}))`);
}

export async function loadBudget(db: Queryable, fundingSource: string, year: number) {
  const [row] = await db.select().from(budgets).where(and(eq(budgets.fundingSource, fundingSource), eq(budgets.year, year))).limit(1);
  return row ?? null;
}

/** The rounds fixed so far for a funding source and year, oldest first. */
export async function loadRounds(db: Queryable, fundingSource: string, year: number): Promise<BudgetRoundRow[]> {
  return db
    .select()
    .from(budgetRounds)
    .where(and(eq(budgetRounds.fundingSource, fundingSource), eq(budgetRounds.year, year)))
    .orderBy(asc(budgetRounds.createdAt), asc(budgetRounds.id));
}

export interface AwardPosition {
  status: string;
  /** The award as decided at provincial review; owed in full until the grant creates its installments. */
  amount: Fen;
  /** `held`: what a payout item of a batch not discarded pays or holds for the installment. */
  installments: readonly { status: string; amount: Fen; held: Fen | null }[];
}

// Listed and not yet granted: the whole award is still owed.
const BEFORE_GRANT = new Set(['in_notice', 'on_hold']);
// Granted and not yet in a batch.
const OWED = new Set(['pending', 'payable']);

/**
 * What one award of a round holds of the budget: what batches paid or hold for it, plus its share at the
 * round's ratio of what it is still owed. Refused after publication (objection upheld), or revoked before
 * anything was paid, it holds nothing: its installments are cancelled or were never created.
 */
export function awardCommitment(award: AwardPosition, ratio: { numerator: Fen; denominator: Fen }): Fen {
  if (BEFORE_GRANT.has(award.status)) return floorMulRatio(award.amount, ratio.numerator, ratio.denominator);
  return sumFen(award.installments.map((i) => i.held ?? (OWED.has(i.status) ? floorMulRatio(i.amount, ratio.numerator, ratio.denominator) : 0)));
}

export interface Commitment {
  total: Fen;
  rounds: { round: BudgetRoundRow; committed: Fen }[];
}

/**
 * Budget of a funding source and year committed to the rounds fixed so far: what a new round has to leave
 * out of the budget, and what the budget view reports as committed.
 */
export async function committedToRounds(db: Queryable, fundingSource: string, year: number): Promise<Commitment> {
  const rounds = await loadRounds(db, fundingSource, year);
  if (rounds.length === 0) return { total: 0, rounds: [] };
  const rows = await db
    .select({
      noticeId: noticeApplications.noticeId,
      applicationId: applications.id,
      status: applications.status,
      amount: applications.amount,
      installmentStatus: installments.status,
      installmentAmount: installments.amount,
      held: payoutItems.amount,
      batchStatus: payoutBatches.status,
    })
    .from(noticeApplications)
    .innerJoin(applications, eq(applications.id, noticeApplications.applicationId))
    .leftJoin(installments, eq(installments.applicationId, applications.id))
    .leftJoin(payoutItems, eq(payoutItems.installmentId, installments.id))
    .leftJoin(payoutBatches, eq(payoutBatches.id, payoutItems.batchId))
    .where(
      and(
        inArray(noticeApplications.noticeId, rounds.map((r) => r.noticeId)),
        eq(applications.type, 'compute_subsidy'),
        eq(applications.fundingSource, fundingSource),
        eq(applications.year, year),
      ),
    );
  const awards = new Map<string, AwardPosition & { noticeId: string; installments: AwardPosition['installments'][number][] }>();
  for (const r of rows) {
    const award = awards.get(r.applicationId) ?? { noticeId: r.noticeId, status: r.status, amount: r.amount, installments: [] };
    awards.set(r.applicationId, award);
    if (r.installmentStatus !== null && r.installmentAmount !== null) {
      const held = r.held !== null && r.batchStatus !== null && r.batchStatus !== 'discarded' ? r.held : null;
      award.installments.push({ status: r.installmentStatus, amount: r.installmentAmount, held });
    }
  }
  const perRound = rounds.map((round) => {
    const ratio = { numerator: round.ratioNumerator, denominator: round.ratioDenominator };
    const mine = [...awards.values()].filter((a) => a.noticeId === round.noticeId);
    return { round, committed: sumFen(mine.map((a) => awardCommitment(a, ratio))) };
  });
  return { total: sumFen(perRound.map((r) => r.committed)), rounds: perRound };
}

/**
 * Joins a compute-subsidy award (applications ⋈ notice_applications) to its round: the one its notice fixed
 * for its funding source and year. Other award types have none.
 */
export const roundOfAward = and(
  eq(applications.type, 'compute_subsidy'),
  eq(budgetRounds.noticeId, noticeApplications.noticeId),
  eq(budgetRounds.fundingSource, applications.fundingSource),
  eq(budgetRounds.year, applications.year),
)!;

export async function roundOfApplication(db: Queryable, applicationId: string): Promise<BudgetRoundRow | null> {
  const [row] = await db
    .select({ round: budgetRounds })
    .from(applications)
    .innerJoin(noticeApplications, eq(noticeApplications.applicationId, applications.id))
    .innerJoin(budgetRounds, roundOfAward)
    .where(eq(applications.id, applicationId))
    .limit(1);
  return row?.round ?? null;
}
