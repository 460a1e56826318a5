import type { RuleDecision } from './decision.js';
import type { ProductFacts } from './facts.js';
import { finishDecision } from './finish.js';
import { checkGeneral } from './general.js';
import { checkOncePerSubject } from './one-time.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { param, TraceBuilder, yuan } from './trace.js';
import { policyAmount, since } from './words.js';

/**
 * AI product, 二(二), 三(二): a one-time fixed award. Own IP and proven effect are declared and
 * checked by reviewers, so the rules decide only who may apply and how much.
 */
export function decideProduct(facts: ProductFacts, params: ParameterSet): RuleDecision {
  const trace = new TraceBuilder();
  const general = checkGeneral('product', facts.asOf, facts.applicant, params, trace, facts.appliedOn);
  const repeat = checkOncePerSubject({ type: 'product', clause: '二(二)', name: facts.name ?? null, previous: facts.previousAwards }, params, general.on, trace);
  const amount = params.fen('product.amount', general.on);
  trace.add('二(二)', 'one-time product award', { amount: param(amount) }, yuan(amount.value),
    `人工智能优质产品${facts.name ? `「${facts.name}」` : ''}按${since(amount)}标准给予一次性奖励 ${policyAmount(amount.value)}`);
  return finishDecision({ clause: '二(二)', trace, general, reasons: [...general.reasons, ...repeat], computed: amount.value });
}
