import type { budgetRounds } from '../../db/schema/index.js';
import { formatYuan, sumFen, type Fen } from '../../domain/money.js';
import { scaleToBudget, truncatedDecimal } from '../../rules/index.js';
import { TraceBuilder, yuan, type TraceStep } from '../../rules/trace.js';
import { FUNDING_NAMES, nameOf, yuanText } from '../../rules/words.js';
import { shanghaiDate } from '../policy/index.js';

export type BudgetRoundRow = typeof budgetRounds.$inferSelect;

/** What a round needs to be fixed: its awards, the budget as it stands and what earlier rounds of the same source and year hold of it. */
export interface RoundToFix {
  noticeId: string;
  fundingSource: string;
  year: number;
  budget: { amount: Fen; setAt: Date } | null;
  earlier: readonly { roundId: string; noticeId: string; committed: Fen }[];
  awards: readonly { applicationId: string; amount: Fen }[];
}

export type FixedRound = Omit<BudgetRoundRow, 'id' | 'createdBy' | 'createdAt' | 'trace'> & { trace: TraceStep[] };

/**
 * RULES.md, budget decision under 二(五): a round is the compute-subsidy awards one notice publishes for a
 * funding source and year; its one ratio is min(1, budget not yet committed to earlier rounds ÷ the round's
 * total), fixed here once and for all. Pure: the budget and the earlier rounds' commitments are passed in.
 */
export function fixRound(input: RoundToFix): FixedRound {
  const trace = new TraceBuilder();
  const total = sumFen(input.awards.map((a) => a.amount));
  trace.add('二(五)', 'the round: the compute-subsidy awards one notice publishes for a funding source and year',
    { noticeId: input.noticeId, fundingSource: input.fundingSource, year: input.year, awards: input.awards.map((a) => ({ applicationId: a.applicationId, computed: yuan(a.amount) })) },
    { awards: input.awards.length, total: yuan(total) },
    `本轮为同一公示发布的${nameOf(FUNDING_NAMES, input.fundingSource)} ${input.year} 年算力补贴，共 ${input.awards.length} 项，按规则计算合计 ${yuanText(total)}`);
  const committedBefore = sumFen(input.earlier.map((e) => e.committed));
  const available = input.budget === null ? null : Math.max(0, input.budget.amount - committedBefore);
  trace.add('二(五)', 'budget not yet committed to earlier rounds of the same funding source and year',
    {
      budget: input.budget === null ? null : yuan(input.budget.amount),
      budgetSetOn: input.budget === null ? null : shanghaiDate(input.budget.setAt),
      earlierRounds: input.earlier.map((e) => ({ roundId: e.roundId, noticeId: e.noticeId, committed: yuan(e.committed) })),
      committedBefore: yuan(committedBefore),
    },
    {
      available: available === null ? null : yuan(available),
      rule: available === null ? 'no budget set: the round is not scaled' : 'available = max(0, budget − committed to earlier rounds)',
    },
    input.budget === null
      ? `${nameOf(FUNDING_NAMES, input.fundingSource)} ${input.year} 年未设定预算，本轮不按比例核减`
      : `${nameOf(FUNDING_NAMES, input.fundingSource)} ${input.year} 年预算 ${yuanText(input.budget.amount)}（${shanghaiDate(input.budget.setAt)} 设定），此前各轮已占用 ${yuanText(committedBefore)}，本轮可用 ${yuanText(available ?? 0)}`);
  const scaling = scaleToBudget({
    budget: available,
    awards: input.awards.map((a) => ({ id: a.applicationId, amount: a.amount })),
    fundingSource: input.fundingSource,
    year: input.year,
  });
  return {
    noticeId: input.noticeId,
    fundingSource: input.fundingSource,
    year: input.year,
    budget: input.budget?.amount ?? null,
    budgetSetAt: input.budget?.setAt ?? null,
    committedBefore,
    available,
    total,
    awards: input.awards.length,
    scaled: scaling.scaled,
    ratioNumerator: scaling.ratio.numerator,
    ratioDenominator: scaling.ratio.denominator,
    trace: [...trace.steps, ...scaling.trace],
  };
}

/** A stored ratio as the API shows it: budget and total in yuan when the round was scaled, 1/1 otherwise. */
export function ratioView(r: Pick<BudgetRoundRow, 'scaled' | 'ratioNumerator' | 'ratioDenominator'>) {
  const decimal = truncatedDecimal(r.ratioNumerator, r.ratioDenominator);
  return r.scaled
    ? { numerator: formatYuan(r.ratioNumerator), denominator: formatYuan(r.ratioDenominator), decimal }
    : { numerator: '1', denominator: '1', decimal };
}

export function roundView(r: BudgetRoundRow) {
  return {
    id: r.id,
    noticeId: r.noticeId,
    fundingSource: r.fundingSource,
    year: r.year,
    budget: r.budget === null ? null : formatYuan(r.budget),
    budgetSetOn: r.budgetSetAt ? shanghaiDate(r.budgetSetAt) : null,
    committedBefore: formatYuan(r.committedBefore),
    available: r.available === null ? null : formatYuan(r.available),
    awards: r.awards,
    computedTotal: formatYuan(r.total),
    scaled: r.scaled,
    ratio: ratioView(r),
    trace: r.trace as TraceStep[],
    fixedBy: r.createdBy,
    fixedAt: r.createdAt.toISOString(),
  };
}
export type RoundView = ReturnType<typeof roundView>;
