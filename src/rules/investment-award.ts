import { floorMulRate, parseYuan, type Fen } from '../domain/money.js';
import { checkParticipants } from './consortium.js';
import type { AwardType, VerticalModelFacts } from './facts.js';
import { checkGeneral, type GeneralOutcome } from './general.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { reason, type Reason } from './reasons.js';
import { param, TraceBuilder, yuan } from './trace.js';
import { policyAmount, rateText, since, yuanText } from './words.js';

/** What the cap and the minimum are taken on, in the policy's words (二(一), 二(三)). */
const INVESTMENT_NAMES: Record<string, string> = { vertical: '项目总投入', platform: '平台建设实际投入' };

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
  const limit = `${since(maxParticipants)}牵头单位 1 家、联合参与单位不超过 ${maxParticipants.value} 家的要求`;
  const count = facts.consortium.length;
  const within = trace.add(clauses.consortium, 'consortium: one lead and at most N participants',
    { participants: [...facts.consortium], count, max: param(maxParticipants) },
    count <= maxParticipants.value,
    (ok) => (count === 0 ? '独立申报，没有联合参与单位' : `联合体除牵头单位外有 ${count} 家参与单位，${ok ? '符合' : '不符合'}${limit}`));
  if (!within) {
    reasons.push(reason('CONSORTIUM_TOO_LARGE', clauses.consortium, `${count} participants besides the lead; at most ${maxParticipants.value}`,
      `联合体除牵头单位外有 ${count} 家参与单位，超过${limit}`));
  }
  reasons.push(...checkParticipants(input.type, { asOf: facts.asOf, appliedOn }, facts.consortium, facts.participants, params, trace));

  // "原则上": below the minimum the applicant may ask for an exception; only a city reviewer records it.
  const minInvestment = params.fen(`${prefix}.minInvestment`, on);
  const reachesMinimum = investment >= minInvestment.value;
  const invested = `${INVESTMENT_NAMES[prefix] ?? '投入'} ${yuanText(investment)}`;
  const minimum = `${since(minInvestment)}原则上不低于 ${policyAmount(minInvestment.value)}的要求`;
  const asked = facts.exceptionRequested ? '申请人已申请例外，尚待市级审核员认定' : '也没有认定的例外';
  trace.add(clauses.minInvestment, 'investment at least the minimum, or an exception a city reviewer recorded',
    {
      investment: yuan(investment),
      minInvestment: param(minInvestment),
      exceptionRequested: facts.exceptionRequested ?? null,
      exceptionJustified: facts.exceptionJustified,
      exceptionRecordedBy: facts.exceptionRecordedBy ?? null,
      exceptionReason: facts.exceptionReason ?? null,
    },
    { reachesMinimum, accepted: reachesMinimum || facts.exceptionJustified },
    reachesMinimum
      ? `${invested}，达到${minimum}`
      : facts.exceptionJustified
        ? `${invested}，低于${minimum}；市级审核员${facts.exceptionRecordedBy ?? ''}已认定例外，理由：${facts.exceptionReason ?? '—'}`
        : `${invested}，低于${minimum}，${asked}`);
  if (!reachesMinimum && !facts.exceptionJustified) {
    const askedEn = facts.exceptionRequested ? 'the applicant asked for an exception, which no city reviewer has recorded' : 'no exception is recorded';
    reasons.push(reason('INVESTMENT_BELOW_MINIMUM', clauses.minInvestment, `investment ${yuan(investment)} is below ${yuan(minInvestment.value)} and ${askedEn}`,
      `${invested}，低于${minimum}，${asked}`));
  }

  const tierAmount = params.fen(`${prefix}.tier.${facts.tier}`, on);
  const capRate = params.rate(`${prefix}.capRate`, on);
  const cap = floorMulRate(investment, capRate.value);
  trace.add(clauses.cap, 'floor(investment × cap rate) to the fen', { investment: yuan(investment), capRate: param(capRate) }, yuan(cap),
    `按${since(capRate)}规定，补助不超过${INVESTMENT_NAMES[prefix] ?? '投入'}的 ${rateText(capRate.value)}：${yuanText(investment)} × ${rateText(capRate.value)}，向下取整到分，上限为 ${yuanText(cap)}`);
  const award = Math.min(tierAmount.value, cap);
  const capApplied = cap < tierAmount.value;
  const tier = `按${since(tierAmount)}标准，${facts.tier} 档补助 ${policyAmount(tierAmount.value)}`;
  trace.add(clauses.tier, 'tier amount, capped', { tier: facts.tier, tierAmount: param(tierAmount), cap: yuan(cap) }, { award: yuan(award), capApplied },
    capApplied ? `${tier}，超过上限 ${yuanText(cap)}，按上限核定为 ${yuanText(award)}` : `${tier}，未超过上限 ${yuanText(cap)}，核定为 ${yuanText(award)}`);
  if (capApplied) {
    reasons.push(reason('CAP_APPLIED', clauses.cap, `tier ${facts.tier} ${yuan(tierAmount.value)} reduced to ${capRate.value} × investment ${yuan(investment)} = ${yuan(cap)}`,
      `${tier}，超过${INVESTMENT_NAMES[prefix] ?? '投入'} ${yuanText(investment)}的 ${rateText(capRate.value)}，按 ${yuanText(cap)}核定`));
  }
  return { trace, general, reasons, award };
}
