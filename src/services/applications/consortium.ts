import type { RuleDecision } from '../../rules/decision.js';
import type { ApplicantFacts, AwardType } from '../../rules/facts.js';
import { checkGeneral } from '../../rules/general.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import type { Reason } from '../../rules/reasons.js';
import { isBlocking } from '../../rules/reasons.js';
import { TraceBuilder, yuan } from '../../rules/trace.js';

// The applicant's own checks already cover the policy period; a participant needs no reviewing office.
const MEMBER_CODES = new Set(['INVALID_USCC', 'NOT_IN_FUJIAN', 'NOT_ENTERPRISE', 'CREDIT_LISTED', 'FRAUD_BAN']);

/**
 * 三, 三(一)4, 三(三)4: every participant of a consortium must itself be a unit that may apply — a
 * valid Fujian USCC, not on a credit list and not banned for fraud on asOf. A participant that fails
 * makes the whole application ineligible; its reasons and trace steps are added to the decision.
 */
export function withConsortiumChecks(
  decision: RuleDecision,
  type: AwardType,
  asOf: string,
  members: readonly ApplicantFacts[],
  params: ParameterSet,
): RuleDecision {
  if (members.length === 0) return decision;
  const trace = new TraceBuilder();
  const reasons: Reason[] = [];
  for (const member of members) {
    const own = new TraceBuilder();
    const outcome = checkGeneral(type, asOf, member, params, own);
    for (const step of own.steps) trace.add(step.clause, `consortium member ${member.uscc}: ${step.step}`, step.inputs, step.result);
    for (const r of outcome.reasons) {
      if (MEMBER_CODES.has(r.code)) reasons.push({ ...r, detail: `consortium member ${member.uscc}: ${r.detail}` });
    }
  }
  const blocking = reasons.filter((r) => isBlocking(r.code));
  const eligible = decision.eligible && blocking.length === 0;
  const amount = eligible ? decision.amount : 0;
  const installments = eligible ? decision.installments : [];
  trace.add('三', 'consortium members validated like the applicant',
    { members: members.map((m) => m.uscc), blockingReasons: blocking.map((r) => r.code) },
    { eligible, amount: yuan(amount), installments: installments.map((i) => ({ on: i.on, amount: yuan(i.amount) })) });
  return {
    ...decision,
    eligible,
    amount,
    installments,
    reasons: [...decision.reasons, ...reasons],
    trace: [...decision.trace, ...trace.steps],
  };
}
