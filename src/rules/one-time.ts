import { isWithin, type IsoDate } from '../domain/dates.js';
import { subjectKey } from '../domain/subject.js';
import type { AwardType, PreviousAward } from './facts.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import type { Reason } from './reasons.js';
import { param, type TraceBuilder } from './trace.js';

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
  trace.add(input.clause, 'one award per subject over the policy period',
    {
      type: input.type,
      subject: byName ? (input.name ?? null) : 'the applicant',
      oncePerSubject: param(once),
      policyStart: param(start),
      policyEnd: param(end),
      previousAwards: input.previous.map((p) => ({ name: p.name, awardedOn: p.awardedOn })),
    },
    { alreadyAwarded: repeats.map((p) => ({ name: p.name, awardedOn: p.awardedOn })) });
  if (repeats.length === 0) return [];
  const first = repeats[0]!;
  const what = byName ? `${input.type} ${input.name === null ? '(no name given)' : `「${input.name}」`}` : `the ${input.type} award`;
  return [{ code: 'ALREADY_AWARDED', clause: input.clause, detail: `${what} was already awarded to this applicant on ${first.awardedOn}; it is paid once over the policy period` }];
}
