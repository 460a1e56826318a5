import { floorMulRatio, formatYuan, sumFen, type Fen } from '../../domain/money.js';
import { roundView, type BudgetRoundRow, type RoundView } from './budget-rounds.js';

export interface Candidate {
  installmentId: string;
  applicationId: string;
  type: string;
  year: number;
  amount: Fen;
  /** The budget round of a compute-subsidy award (fixed when its notice was published); null for other types. */
  roundId: string | null;
}

export interface PlannedItem {
  installmentId: string;
  computed: Fen;
  amount: Fen;
  ratio: { numerator: Fen; denominator: Fen } | null;
}

/** A round the batch pays from: the round as fixed at publication, and what this batch pays of it. */
export type BatchRound = RoundView & { inBatch: { items: number; computed: string; amount: string } };

/**
 * 二(五) budget decision: every compute-subsidy installment is paid at the one ratio its round fixed at
 * publication, floor(installment × numerator ÷ denominator) — never at a ratio worked out from what is left
 * of the budget, so an award paid late (held by an objection) gets the same share as the rest of its round.
 * Every other award type is a fixed sum paid in full. Pure: the rounds are passed in.
 */
export function planBatch(candidates: readonly Candidate[], rounds: ReadonlyMap<string, BudgetRoundRow>): { items: PlannedItem[]; rounds: BatchRound[] } {
  const paidFrom = new Map<string, PlannedItem[]>();
  const items = candidates.map((c): PlannedItem => {
    if (c.type !== 'compute_subsidy') return { installmentId: c.installmentId, computed: c.amount, amount: c.amount, ratio: null };
    const round = c.roundId === null ? undefined : rounds.get(c.roundId);
    if (!round) throw new Error(`installment ${c.installmentId}: compute-subsidy award without its budget round`);
    const item = {
      installmentId: c.installmentId,
      computed: c.amount,
      amount: floorMulRatio(c.amount, round.ratioNumerator, round.ratioDenominator),
      ratio: round.scaled ? { numerator: round.ratioNumerator, denominator: round.ratioDenominator } : null,
    };
    paidFrom.set(round.id, [...(paidFrom.get(round.id) ?? []), item]);
    return item;
  });
  const batchRounds = [...paidFrom.entries()]
    .map(([id, paid]) => ({
      ...roundView(rounds.get(id)!),
      inBatch: { items: paid.length, computed: formatYuan(sumFen(paid.map((i) => i.computed))), amount: formatYuan(sumFen(paid.map((i) => i.amount))) },
    }))
    .sort((a, b) => a.year - b.year || a.fixedAt.localeCompare(b.fixedAt) || a.id.localeCompare(b.id));
  return { items, rounds: batchRounds };
}
