import { formatYuan, type Fen } from '../../domain/money.js';
import { scaleToBudget } from '../../rules/index.js';
import type { TraceStep } from '../../rules/trace.js';

export interface Candidate {
  installmentId: string;
  applicationId: string;
  type: string;
  year: number;
  amount: Fen;
}

export interface PlannedItem {
  installmentId: string;
  computed: Fen;
  amount: Fen;
  ratio: { numerator: Fen; denominator: Fen } | null;
}

/** One compute-subsidy round of the batch: the awards of one year, scaled together to what is left of its budget. */
export interface Round {
  year: number;
  budget: string | null;
  committedBefore: string;
  available: string | null;
  awards: number;
  computedTotal: string;
  paid: string;
  scaled: boolean;
  ratio: { numerator: string; denominator: string; decimal: string };
  trace: TraceStep[];
}

export interface BudgetPosition {
  budget: Fen | null;
  committed: Fen;
}

/**
 * 二(五) budget decision: the compute-subsidy awards of each year in the batch form a round scaled by one
 * ratio (available budget ÷ round total, floored to the fen) when the budget is short; every other
 * award type is a fixed sum paid in full. Pure: budgets and commitments are passed in.
 */
export function planBatch(candidates: readonly Candidate[], budgets: ReadonlyMap<number, BudgetPosition>, fundingSource: string): { items: PlannedItem[]; rounds: Round[] } {
  const items = new Map<string, PlannedItem>();
  for (const c of candidates) {
    if (c.type !== 'compute_subsidy') items.set(c.installmentId, { installmentId: c.installmentId, computed: c.amount, amount: c.amount, ratio: null });
  }
  const years = [...new Set(candidates.filter((c) => c.type === 'compute_subsidy').map((c) => c.year))].sort((a, b) => a - b);
  const rounds: Round[] = [];
  for (const year of years) {
    const round = candidates.filter((c) => c.type === 'compute_subsidy' && c.year === year);
    const position = budgets.get(year) ?? { budget: null, committed: 0 };
    const available = position.budget === null ? null : Math.max(0, position.budget - position.committed);
    const scaling = scaleToBudget({ budget: available, awards: round.map((c) => ({ id: c.installmentId, amount: c.amount })), fundingSource, year });
    for (const a of scaling.awards) {
      items.set(a.id, {
        installmentId: a.id,
        computed: a.computed,
        amount: a.amount,
        ratio: scaling.scaled ? { numerator: scaling.ratio.numerator, denominator: scaling.ratio.denominator } : null,
      });
    }
    rounds.push({
      year,
      budget: position.budget === null ? null : formatYuan(position.budget),
      committedBefore: formatYuan(position.committed),
      available: available === null ? null : formatYuan(available),
      awards: round.length,
      computedTotal: formatYuan(scaling.total),
      paid: formatYuan(scaling.paid),
      scaled: scaling.scaled,
      ratio: scaling.scaled
        ? { numerator: formatYuan(scaling.ratio.numerator), denominator: formatYuan(scaling.ratio.denominator), decimal: scaling.ratio.decimal }
        : { numerator: '1', denominator: '1', decimal: scaling.ratio.decimal },
      trace: scaling.trace,
    });
  }
  return { items: candidates.map((c) => items.get(c.installmentId)!), rounds };
}
