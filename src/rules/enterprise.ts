import type { RuleDecision } from './decision.js';
import type { EnterpriseFacts } from './facts.js';
import { finishDecision } from './finish.js';
import { checkGeneral } from './general.js';
import { checkOncePerSubject } from './one-time.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { param, TraceBuilder, yuan } from './trace.js';
import { policyAmount, since } from './words.js';

/**
 * Quality AI enterprise, 二(四), 三(四): a one-time tier award, for enterprises only (checked with
 * the general conditions). R&D institution and AI revenue are declared and reviewed by people.
 */
export function decideEnterprise(facts: EnterpriseFacts, params: ParameterSet): RuleDecision {
  const trace = new TraceBuilder();
  const general = checkGeneral('enterprise', facts.asOf, facts.applicant, params, trace, facts.appliedOn);
  const repeat = checkOncePerSubject({ type: 'enterprise', clause: '二(四)', name: null, previous: facts.previousAwards }, params, general.on, trace);
  const tier = params.fen(`enterprise.tier.${facts.tier}`, general.on);
  trace.add('二(四)', 'one-time tier award', { tier: facts.tier, tierAmount: param(tier) }, yuan(tier.value),
    `人工智能优质企业 ${facts.tier} 档，按${since(tier)}标准给予一次性奖励 ${policyAmount(tier.value)}`);
  return finishDecision({ clause: '二(四)', trace, general, reasons: [...general.reasons, ...repeat], computed: tier.value });
}
