import { isWithin, type IsoDate } from '../domain/dates.js';
import { subjectKey } from '../domain/subject.js';
import type { AwardType, PreviousAward } from './facts.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { reason, type Reason } from './reasons.js';
import { param, type TraceBuilder } from './trace.js';
import { nameOf, POLICY_TYPE_NAMES } from './words.js';

/**
 * RULES.md, one-time awards (一次性): product, platform and quality-enterprise awards are paid once per
 * subject over the policy period — the enterprise award per unit, product and platform awards per unit and
 * the product's / platform's name. `previous` are the applicant's earlier awards of the same type; one for
 * the same subject, granted within the policy period, makes this application not eligible.
 */
export function checkOncePerSubject(
  input: { type: AwardType; clause: string; name: string | null; previous: readonly PreviousAward[] },
  params: ParameterSet,
  on: IsoDate,
  trace: TraceBuilder,
): Reason[] {
  const once = params.list('awards.oncePerSubject', on);
  if (!once.value.includes(input.type)) return [];
  const start = params.date('policy.start', on);
  const end = params.date('policy.end', on);
  const byName = input.type !== 'enterprise';
  const key = byName ? subjectKey(input.name) : '';
  const repeats = input.previous.filter(
    (p) => isWithin(p.awardedOn, start.value, end.value) && (!byName || subjectKey(p.name) === key),
  );
  const award = nameOf(POLICY_TYPE_NAMES, input.type);
  const subject = byName ? (input.name === null ? '未写名称的申报对象' : `「${input.name}」`) : '申请人';
  trace.add(input.clause, 'one award per subject over the policy period',
    {
      type: input.type,
      subject: byName ? (input.name ?? null) : 'the applicant',
      oncePerSubject: param(once),
      policyStart: param(start),
      policyEnd: param(end),
      previousAwards: input.previous.map((p) => ({ name: p.name, awardedOn: p.awardedOn })),
    },
    { alreadyAwarded: repeats.map((p) => ({ name: p.name, awardedOn: p.awardedOn })) },
    repeats.length === 0
      ? `${subject}在政策有效期 ${start.value} 至 ${end.value} 内未获得过${award}`
      : `${subject}已于 ${repeats[0]!.awardedOn} 获得${award}，一次性奖励在政策有效期内只发放一次`);
  if (repeats.length === 0) return [];
  const first = repeats[0]!;
  const what = byName ? `${input.type} ${input.name === null ? '(no name given)' : `「${input.name}」`}` : `the ${input.type} award`;
  return [reason('ALREADY_AWARDED', input.clause, `${what} was already awarded to this applicant on ${first.awardedOn}; it is paid once over the policy period`,
    `${subject}已于 ${first.awardedOn} 获得${award}，一次性奖励在政策有效期内只发放一次，不能重复申报`)];
}
