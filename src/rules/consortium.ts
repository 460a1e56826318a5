import type { IsoDate } from '../domain/dates.js';
import type { ApplicantFacts, AwardType } from './facts.js';
import { checkGeneral } from './general.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { reason, type Reason } from './reasons.js';
import { TraceBuilder } from './trace.js';
import { withoutClause } from './words.js';

// The applicant's own checks already cover the policy period; a participant needs no reviewing office.
const MEMBER_CODES = new Set(['INVALID_USCC', 'NOT_IN_FUJIAN', 'NOT_ENTERPRISE', 'CREDIT_LISTED', 'FRAUD_BAN']);

/**
 * 三, 三(一)4, 三(三)4: every participant of a consortium must itself be a unit that may apply — a valid
 * Fujian USCC, not on a credit list on asOf and not banned for fraud on the application date. A participant
 * that fails makes the whole application ineligible; its trace steps and reasons name it. Participants the
 * facts say nothing more about are checked on their code alone.
 */
export function checkParticipants(
  type: AwardType,
  dates: { asOf: IsoDate; appliedOn: IsoDate },
  consortium: readonly string[],
  participants: readonly ApplicantFacts[],
  params: ParameterSet,
  trace: TraceBuilder,
): Reason[] {
  const reasons: Reason[] = [];
  const stated = new Map(participants.map((p) => [p.uscc, p]));
  for (const uscc of consortium) {
    const member = stated.get(uscc) ?? { uscc, creditListings: [], fraudFindings: [] };
    const own = new TraceBuilder();
    const outcome = checkGeneral(type, dates.asOf, member, params, own, dates.appliedOn);
    for (const step of own.steps) {
      if (step.clause === '六(一)') continue;
      trace.add(step.clause, `consortium member ${uscc}: ${step.step}`, step.inputs, step.result, `联合参与单位 ${uscc}：${withoutClause(step.text, step.clause)}`);
    }
    for (const r of outcome.reasons) {
      if (MEMBER_CODES.has(r.code)) reasons.push(reason(r.code, r.clause, `consortium member ${uscc}: ${r.detail}`, `联合参与单位 ${uscc}：${withoutClause(r.text, r.clause)}`));
    }
  }
  return reasons;
}
