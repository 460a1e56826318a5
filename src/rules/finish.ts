import type { Fen } from '../domain/money.js';
import { oneTime, type RuleDecision } from './decision.js';
import type { GeneralOutcome } from './general.js';
import { isBlocking, type Reason } from './reasons.js';
import { yuan, type TraceBuilder } from './trace.js';
import { INSTALLMENT_NAMES, list, nameOf, REASON_NAMES, yuanText } from './words.js';

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
  }, eligible
    ? `结论：符合条件，核定金额 ${yuanText(amount)}${installments.length > 1 ? `，分期拨付：${list(installments.map((i) => `${nameOf(INSTALLMENT_NAMES, i.on)} ${yuanText(i.amount)}`))}` : ''}`
    : `结论：不符合条件（${list([...new Set(blocking)].map((c) => nameOf(REASON_NAMES, c)))}），不予补助${computed > 0 ? `；如符合条件，按规则计算应为 ${yuanText(computed)}` : ''}`);
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
