import { decideComputeSubsidy } from './compute-subsidy.js';
import { renderDecision, type Decision, type RuleDecision } from './decision.js';
import { decideEnterprise } from './enterprise.js';
import type { EvaluateFacts } from './facts.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { decidePlatform } from './platform.js';
import { decideProduct } from './product.js';
import { decideVerticalModel } from './vertical-model.js';

/**
 * One entry point for applications and the calculator alike, so both always run the same rules.
 * Pure: the facts carry asOf, and the parameters are passed in.
 */
export function decide(facts: EvaluateFacts, params: ParameterSet): RuleDecision {
  switch (facts.type) {
    case 'compute_subsidy': {
      const { spend: _spend, ...decision } = decideComputeSubsidy(facts, params);
      return decision;
    }
    case 'vertical_model':
      return decideVerticalModel(facts, params);
    case 'platform':
      return decidePlatform(facts, params);
    case 'product':
      return decideProduct(facts, params);
    case 'enterprise':
      return decideEnterprise(facts, params);
  }
}

/** `POST /v1/evaluate`: parsed facts in, API.md's decision (yuan strings) out. */
export function evaluate(facts: EvaluateFacts, params: ParameterSet): Decision {
  return renderDecision(decide(facts, params));
}
