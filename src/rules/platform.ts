import type { RuleDecision } from './decision.js';
import type { PlatformFacts } from './facts.js';
import { finishDecision } from './finish.js';
import { assessInvestmentAward } from './investment-award.js';
import type { ParameterSet } from './parameters/parameter-set.js';

/** Innovation platform, 二(三), 三(三): tiers, at most 50% of construction investment, paid once. */
export function decidePlatform(facts: PlatformFacts, params: ParameterSet): RuleDecision {
  const { trace, general, reasons, award } = assessInvestmentAward(
    {
      type: 'platform',
      prefix: 'platform',
      clauses: { tier: '二(三)', cap: '二(三)', minInvestment: '三(三)3', consortium: '三(三)4' },
      asOf: facts.asOf,
      applicant: facts.applicant,
      tier: facts.tier,
      investment: facts.investment,
      consortium: facts.consortium,
      exceptionJustified: facts.exceptionJustified,
    },
    params,
  );
  return finishDecision({ clause: '二(三)', trace, general, reasons, computed: award });
}
