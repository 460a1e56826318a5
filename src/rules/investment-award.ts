import { floorMulRate, parseYuan, type Fen } from '../domain/money.js';
import type { ApplicantFacts, AwardType } from './facts.js';
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

export interface InvestmentAwardInput {
  type: AwardType;
  /** Parameter name prefix: `vertical` or `platform`. */
  prefix: string;
  clauses: InvestmentAwardClauses;
  asOf: string;
  applicant: ApplicantFacts;
  tier: string;
  investment: string;
  consortium: readonly string[];
  exceptionJustified: boolean;
}

export interface InvestmentAwardOutcome {
  trace: TraceBuilder;
  general: GeneralOutcome;
  reasons: Reason[];
  /** min(tier, floor(capRate × investment)), before the eligibility gate. */
  award: Fen;
}

export function assessInvestmentAward(input: InvestmentAwardInput, params: ParameterSet): InvestmentAwardOutcome {
  const { prefix, clauses } = input;
  const trace = new TraceBuilder();
  const general = checkGeneral(input.type, input.asOf, input.applicant, params, trace);
  const { on } = general;
  const reasons: Reason[] = [...general.reasons];
  const investment = parseYuan(input.investment);

  const maxParticipants = params.whole(`${prefix}.consortiumMaxParticipants`, on);
  const within = trace.add(clauses.consortium, 'consortium: one lead and at most N participants',
    { participants: [...input.consortium], count: input.consortium.length, max: param(maxParticipants) },
    input.consortium.length <= maxParticipants.value);
  if (!within) {
    reasons.push({ code: 'CONSORTIUM_TOO_LARGE', clause: clauses.consortium, detail: `${input.consortium.length} participants besides the lead; at most ${maxParticipants.value}` });
  }

  const minInvestment = params.fen(`${prefix}.minInvestment`, on);
  const reachesMinimum = investment >= minInvestment.value;
  trace.add(clauses.minInvestment, 'investment at least the minimum, or a justified exception',
    { investment: yuan(investment), minInvestment: param(minInvestment), exceptionJustified: input.exceptionJustified },
    { reachesMinimum, accepted: reachesMinimum || input.exceptionJustified });
  if (!reachesMinimum && !input.exceptionJustified) {
    reasons.push({ code: 'INVESTMENT_BELOW_MINIMUM', clause: clauses.minInvestment, detail: `investment ${yuan(investment)} is below ${yuan(minInvestment.value)} and no justified exception is recorded` });
  }

  const tierAmount = params.fen(`${prefix}.tier.${input.tier}`, on);
  const capRate = params.rate(`${prefix}.capRate`, on);
  const cap = floorMulRate(investment, capRate.value);
  trace.add(clauses.cap, 'floor(investment × cap rate) to the fen', { investment: yuan(investment), capRate: param(capRate) }, yuan(cap));
  const award = Math.min(tierAmount.value, cap);
  const capApplied = cap < tierAmount.value;
  trace.add(clauses.tier, 'tier amount, capped', { tier: input.tier, tierAmount: param(tierAmount), cap: yuan(cap) }, { award: yuan(award), capApplied });
  if (capApplied) {
    reasons.push({ code: 'CAP_APPLIED', clause: clauses.cap, detail: `tier ${input.tier} ${yuan(tierAmount.value)} reduced to ${capRate.value} × investment ${yuan(investment)} = ${yuan(cap)}` });
  }
  return { trace, general, reasons, award };
}
