import type { RuleDecision } from './decision.js';
import type { PlatformFacts } from './facts.js';
import { finishDecision } from './finish.js';
import { assessInvestmentAward } from './investment-award.js';
import { checkOncePerSubject } from './one-time.js';
import type { ParameterSet } from './parameters/parameter-set.js';

/** Innovation platform, 二(三), 三(三): tiers, at most 50% of construction investment, paid once. */
export function decidePlatform(facts: PlatformFacts, params: ParameterSet): RuleDecision {
  const { trace, general, reasons, award } = assessInvestmentAward(
    {
      type: 'platform',
      prefix: 'platform',
      clauses: { tier: '二(三)', cap: '二(三)', minInvestment: '三(三)3', consortium: '三(三)4' },
      facts,
      investment: facts.investment,
    },
    params,
  );
  reasons.push(...checkOncePerSubject({ type: 'platform', clause: '二(三)', name: facts.name ?? null, previous: facts.previousAwards }, params, general.on, trace));
  return finishDecision({ clause: '二(三)', trace, general, reasons, computed: award });
}
