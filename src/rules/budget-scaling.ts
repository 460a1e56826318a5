import { floorMulRatio, sumFen, type Fen } from '../domain/money.js';
import { TraceBuilder, yuan, type TraceStep } from './trace.js';
import { yuanText } from './words.js';

export interface AwardToScale {
  id: string;
  amount: Fen;
}

export interface ScaledAward {
  id: string;
  /** The amount the rules computed. */
  computed: Fen;
  /** What is paid: floor(computed × budget ÷ total) when the round is oversubscribed, else computed. */
  amount: Fen;
}

export interface BudgetScaling {
  budget: Fen | null;
  total: Fen;
  scaled: boolean;
  /** The one ratio of the round, exact as budget/total, and as a decimal truncated to 12 places. */
  ratio: { numerator: Fen; denominator: Fen; decimal: string };
  awards: ScaledAward[];
  paid: Fen;
  trace: TraceStep[];
}

const DECIMALS = 12;

/** numerator ÷ denominator (≤ 1) as a decimal string truncated to DECIMALS places, computed in BigInt. */
export function truncatedDecimal(numerator: Fen, denominator: Fen): string {
  const scaled = (BigInt(numerator) * 10n ** BigInt(DECIMALS)) / BigInt(denominator);
  const text = scaled.toString().padStart(DECIMALS + 1, '0');
  return `${text.slice(0, -DECIMALS)}.${text.slice(-DECIMALS)}`;
}

/**
 * RULES.md, budget decision under 二(五): when a funding source's yearly budget is smaller than the
 * sum of a round's computed awards, every award is multiplied by the same ratio budget ÷ total and
 * floored to the fen, so nobody gets more than their share and the round never exceeds the budget
 * (the fen left over by flooring stay in the budget). With no budget, or enough of it, nothing changes.
 */
export function scaleToBudget(input: {
  budget: Fen | null;
  awards: readonly AwardToScale[];
  fundingSource?: string;
  year?: number;
  clause?: string;
}): BudgetScaling {
  const clause = input.clause ?? '二(五)';
  const trace = new TraceBuilder();
  for (const a of input.awards) {
    if (!Number.isSafeInteger(a.amount) || a.amount < 0) throw new RangeError(`award ${a.id}: not a non-negative fen amount`);
  }
  if (input.budget !== null && (!Number.isSafeInteger(input.budget) || input.budget < 0)) {
    throw new RangeError('budget must be a non-negative fen amount');
  }
  const total = sumFen(input.awards.map((a) => a.amount));
  const scaled = input.budget !== null && input.budget < total;
  const numerator = scaled ? input.budget! : 1;
  const denominator = scaled ? total : 1;
  const awards = input.awards.map((a) => ({
    id: a.id,
    computed: a.amount,
    amount: scaled ? floorMulRatio(a.amount, numerator, denominator) : a.amount,
  }));
  const paid = sumFen(awards.map((a) => a.amount));
  const ratio = { numerator, denominator, decimal: truncatedDecimal(numerator, denominator) };
  trace.add(clause, 'scale the round to the funding source budget',
    {
      fundingSource: input.fundingSource ?? null,
      year: input.year ?? null,
      budget: input.budget === null ? null : yuan(input.budget),
      totalComputed: yuan(total),
      awards: input.awards.length,
    },
    {
      scaled,
      ratio: scaled ? `${yuan(numerator)} / ${yuan(denominator)}` : '1',
      ratioDecimal: ratio.decimal,
      rule: scaled ? 'each award = floor(computed × budget ÷ total) to the fen' : input.budget === null ? 'no budget set: unchanged' : 'budget covers the round: unchanged',
      paid: yuan(paid),
    },
    `本轮 ${input.awards.length} 项补助按规则计算合计 ${yuanText(total)}；`
      + (input.budget === null
        ? '未设定预算，不按比例核减'
        : scaled
          ? `可用预算 ${yuanText(input.budget)}不足，每项按同一比例 ${yuan(numerator)} ÷ ${yuan(denominator)}（约 ${ratio.decimal}）核减并向下取整到分，合计拨付 ${yuanText(paid)}`
          : `可用预算 ${yuanText(input.budget)}足以覆盖，不核减`));
  return { budget: input.budget, total, scaled, ratio, awards, paid, trace: trace.steps };
}
