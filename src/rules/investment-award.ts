import { floorMulRate, parseYuan, type Fen } from '../domain/money.js';
import { checkParticipants } from './consortium.js';
import type { AwardType, VerticalModelFacts } from './facts.js';
import { checkGeneral, type GeneralOutcome } from './general.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import type { Reason } from './reasons.js';
import { param, TraceBuilder, yuan } from './trace.js';

/**
 * Vertical models (二(一), 三(一)) and platforms (二(三), 三(三)) follow one pattern: a tier amount,
 * capped at a share of the investment, a minimum investment that holds "in principle" (below it
 * only with a reviewer's justified exception), and a consortium of at most N participants.
 */
export interface InvestmentAwardClauses {
  tier: string;
  cap: string;
  minInvestment: string;
  consortium: string;
}

/** What the two investment awards state alike (facts.ts): who applies, with whom, and the exception. */
export type InvestmentFacts = Pick<
  VerticalModelFacts,
  'asOf' | 'appliedOn' | 'applicant' | 'tier' | 'consortium' | 'participants' | 'exceptionRequested' | 'exceptionJustified' | 'exceptionRecordedBy' | 'exceptionReason'
>;

export interface InvestmentAwardInput {
  type: AwardType;
  /** Parameter name prefix: `vertical` or `platform`. */
  prefix: string;
  clauses: InvestmentAwardClauses;
  facts: InvestmentFacts;
  /** The investment the cap and the minimum are taken on (total project investment; platform construction). */
  investment: string;
}

export interface InvestmentAwardOutcome {
  trace: TraceBuilder;
  general: GeneralOutcome;
  reasons: Reason[];
  /** min(tier, floor(capRate × investment)), before the eligibility gate. */
  award: Fen;
}

export function assessInvestmentAward(input: InvestmentAwardInput, params: ParameterSet): InvestmentAwardOutcome {
  const { prefix, clauses, facts } = input;
  const trace = new TraceBuilder();
  const appliedOn = facts.appliedOn ?? facts.asOf;
  const general = checkGeneral(input.type, facts.asOf, facts.applicant, params, trace, appliedOn);
  const { on } = general;
  const reasons: Reason[] = [...general.reasons];
  const investment = parseYuan(input.investment);

  const maxParticipants = params.whole(`${prefix}.consortiumMaxParticipants`, on);
  const within = trace.add(clauses.consortium, 'consortium: one lead and at most N participants',
    { participants: [...facts.consortium], count: facts.consortium.length, max: param(maxParticipants) },
    facts.consortium.length <= maxParticipants.value);
  if (!within) {
    reasons.push({ code: 'CONSORTIUM_TOO_LARGE', clause: clauses.consortium, detail: `${facts.consortium.length} participants besides the lead; at most ${maxParticipants.value}` });
  }
  reasons.push(...checkParticipants(input.type, { asOf: facts.asOf, appliedOn }, facts.consortium, facts.participants, params, trace));

  // "原则上": below the minimum the applicant may ask for an exception; only a city reviewer records it.
  const minInvestment = params.fen(`${prefix}.minInvestment`, on);
  const reachesMinimum = investment >= minInvestment.value;
  trace.add(clauses.minInvestment, 'investment at least the minimum, or an exception a city reviewer recorded',
    {
      investment: yuan(investment),
      minInvestment: param(minInvestment),
      exceptionRequested: facts.exceptionRequested ?? null,
      exceptionJustified: facts.exceptionJustified,
      exceptionRecordedBy: facts.exceptionRecordedBy ?? null,
      exceptionReason: facts.exceptionReason ?? null,
    },
    { reachesMinimum, accepted: reachesMinimum || facts.exceptionJustified });
  if (!reachesMinimum && !facts.exceptionJustified) {
    const asked = facts.exceptionRequested ? 'the applicant asked for an exception, which no city reviewer has recorded' : 'no exception is recorded';
    reasons.push({ code: 'INVESTMENT_BELOW_MINIMUM', clause: clauses.minInvestment, detail: `investment ${yuan(investment)} is below ${yuan(minInvestment.value)} and ${asked}` });
  }

  const tierAmount = params.fen(`${prefix}.tier.${facts.tier}`, on);
  const capRate = params.rate(`${prefix}.capRate`, on);
  const cap = floorMulRate(investment, capRate.value);
  trace.add(clauses.cap, 'floor(investment × cap rate) to the fen', { investment: yuan(investment), capRate: param(capRate) }, yuan(cap));
  const award = Math.min(tierAmount.value, cap);
  const capApplied = cap < tierAmount.value;
  trace.add(clauses.tier, 'tier amount, capped', { tier: facts.tier, tierAmount: param(tierAmount), cap: yuan(cap) }, { award: yuan(award), capApplied });
  if (capApplied) {
    reasons.push({ code: 'CAP_APPLIED', clause: clauses.cap, detail: `tier ${facts.tier} ${yuan(tierAmount.value)} reduced to ${capRate.value} × investment ${yuan(investment)} = ${yuan(cap)}` });
  }
  return { trace, general, reasons, award };
}
