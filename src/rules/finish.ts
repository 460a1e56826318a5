import type { Fen } from '../domain/money.js';
import { oneTime, type RuleDecision } from './decision.js';
import type { GeneralOutcome } from './general.js';
import { isBlocking, type Reason } from './reasons.js';
import { yuan, type TraceBuilder } from './trace.js';

/**
 * The last step of every award type: eligible exactly when no reason blocks, and an ineligible
 * decision pays nothing. The amount computed before this gate stays visible in the trace, so a
 * what-if still shows what the award would have been.
 */
export function finishDecision(args: {
  clause: string;
  trace: TraceBuilder;
  general: GeneralOutcome;
  reasons: Reason[];
  computed: Fen;
  installments?: (amount: Fen) => RuleDecision['installments'];
}): RuleDecision {
  const { clause, trace, general, reasons, computed } = args;
  const blocking = reasons.filter((r) => isBlocking(r.code)).map((r) => r.code);
  const eligible = blocking.length === 0;
  const amount = eligible ? computed : 0;
  const installments = (args.installments ?? oneTime)(amount);
  trace.add(clause, 'decision', { computed: yuan(computed), blockingReasons: blocking }, {
    eligible,
    amount: yuan(amount),
    installments: installments.map((i) => ({ on: i.on, amount: yuan(i.amount) })),
  });
  return {
    eligible,
    amount,
    fundingSource: general.fundingSource,
    office: general.office,
    installments,
    reasons,
    trace: trace.steps,
  };
}
