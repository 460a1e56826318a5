import { floorMulRate, type Fen } from '../domain/money.js';
import type { RuleDecision } from './decision.js';
import type { VerticalModelFacts } from './facts.js';
import { finishDecision } from './finish.js';
import { assessInvestmentAward } from './investment-award.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { param, yuan } from './trace.js';
import { rateText, since, yuanText } from './words.js';

/** Industry vertical model, 二(一), 三(一): tiers, 30% of investment, paid 50% on recognition and the rest on acceptance. */
export function decideVerticalModel(facts: VerticalModelFacts, params: ParameterSet): RuleDecision {
  const { trace, general, reasons, award } = assessInvestmentAward(
    {
      type: 'vertical_model',
      prefix: 'vertical',
      clauses: { tier: '二(一)', cap: '二(一)', minInvestment: '三(一)3', consortium: '三(一)4' },
      facts,
      investment: facts.totalInvestment,
    },
    params,
  );
  const firstRate = params.rate('vertical.firstInstallmentRate', general.on);
  const installments = (amount: Fen): RuleDecision['installments'] => {
    if (amount === 0) return [];
    // The first installment is floored so the two parts add up exactly to the award.
    const recognition = floorMulRate(amount, firstRate.value);
    return [
      { on: 'recognition', amount: recognition },
      { on: 'acceptance', amount: amount - recognition },
    ];
  };
  const split = installments(award);
  trace.add('二(一), 五(三)', 'installments: floor(award × rate) on recognition, the remainder after acceptance',
    { award: yuan(award), firstInstallmentRate: param(firstRate) },
    split.map((i) => ({ on: i.on, amount: yuan(i.amount) })),
    split.length === 0
      ? '补助为 0 元，不分期'
      : `补助 ${yuanText(award)}分两期拨付：认定后按${since(firstRate)} ${rateText(firstRate.value)} 拨付 ${yuanText(split[0]!.amount)}，项目通过验收后拨付剩余的 ${yuanText(split[1]!.amount)}`);
  return finishDecision({ clause: '二(一)', trace, general, reasons, computed: award, installments });
}
