import { maxDate, yearOf, type IsoDate } from '../domain/dates.js';
import { floorMulRate, parseYuan, type Fen } from '../domain/money.js';
import { classifyPurchases, type ComputeSpend, type PurchaseOutcome, type PurchaseRules } from './compute-purchases.js';
import type { RuleDecision } from './decision.js';
import { finishDecision } from './finish.js';
import type { ComputeSubsidyFacts, PurchaseFacts } from './facts.js';
import { checkGeneral } from './general.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { EXCLUSION_CLAUSES, type ExclusionCode, type Reason } from './reasons.js';
import { param, TraceBuilder, yuan, type JsonValue } from './trace.js';

export interface SubsidyArithmetic {
  thresholdMet: boolean;
  /** floor(rate × the year's eligible spend), before the cap. */
  computed: Fen;
  /** The year's subsidy: min(computed, cap), or 0 below the threshold. */
  yearAmount: Fen;
  /** What this claim receives: max(0, yearAmount − alreadyAwarded). */
  amount: Fen;
  capApplied: boolean;
}

/**
 * 二(五), API.md: the threshold, the rate and the cap apply to the enterprise's year, never to one claim's
 * invoices; a claim receives max(0, min(floor(rate × the year's eligible spend), cap) − already awarded).
 */
export function subsidyArithmetic(
  eligibleSpend: Fen,
  alreadyAwarded: Fen,
  p: { threshold: Fen; rate: string; cap: Fen },
): SubsidyArithmetic {
  const thresholdMet = eligibleSpend >= p.threshold;
  const computed = floorMulRate(eligibleSpend, p.rate);
  if (!thresholdMet) return { thresholdMet, computed, yearAmount: 0, amount: 0, capApplied: false };
  const yearAmount = Math.min(computed, p.cap);
  return { thresholdMet, computed, yearAmount, amount: Math.max(0, yearAmount - alreadyAwarded), capApplied: p.cap < computed };
}

/** The purchase rules in force on `on`, with the parameter records a trace shows. */
export function purchaseRules(year: number, params: ParameterSet, on: IsoDate): { rules: PurchaseRules; shown: Record<string, JsonValue> } {
  const amountBasis = params.choice('compute.amountBasis', on);
  const yearBasis = params.choice('compute.yearBasis', on);
  const countFrom = params.date('compute.countFrom', on);
  const services = params.list('compute.eligibleServiceTypes', on);
  const purposes = params.list('compute.eligiblePurposes', on);
  const verified = params.flag('compute.requireVerified', on);
  return {
    rules: {
      year,
      amountBasis: amountBasis.value === 'net' ? 'net' : 'gross',
      yearBasis: yearBasis.value === 'servicePeriod' ? 'servicePeriod' : 'issueDate',
      countFrom: countFrom.value,
      eligibleServiceTypes: services.value,
      eligiblePurposes: purposes.value,
      requireVerified: verified.value,
    },
    shown: {
      amountBasis: param(amountBasis),
      yearBasis: param(yearBasis),
      countFrom: param(countFrom),
      eligibleServiceTypes: param(services),
      eligiblePurposes: param(purposes),
      requireVerified: param(verified),
    },
  };
}

function exclusionDetail(code: ExclusionCode, p: PurchaseFacts, o: PurchaseOutcome, r: PurchaseRules): string {
  const n = p.invoiceNumber;
  switch (code) {
    case 'DUPLICATE': return `invoice ${n} appears more than once; only its first occurrence can count`;
    case 'NOT_VERIFIED': return `invoice ${n} is not matched to a compute-service provider's statement`;
    case 'SERVICE_NOT_ELIGIBLE': return `invoice ${n}: ${p.serviceType} is not intelligent compute (${r.eligibleServiceTypes.join(', ')})`;
    case 'PURPOSE_NOT_ELIGIBLE': return `invoice ${n}: purpose ${p.purpose} is not one of ${r.eligiblePurposes.join(', ')}`;
    case 'OTHER_YEAR': return `invoice ${n} belongs to ${o.year} (${r.yearBasis} ${o.countedOn}), not ${r.year}`;
    case 'BEFORE_COUNT_FROM': return `invoice ${n} (${o.countedOn}) is before purchases count, ${r.countFrom}`;
    case 'ORIGINAL_NOT_IN_CLAIM': return `red invoice ${n} reverses ${p.originalInvoiceNumber}, which is not among the purchases`;
  }
}

function tracePurchase(trace: TraceBuilder, p: PurchaseFacts, o: PurchaseOutcome, r: PurchaseRules): void {
  trace.add('二(五), 三(五)', `purchase ${p.invoiceNumber}`, {
    invoiceNumber: p.invoiceNumber,
    issueDate: p.issueDate,
    countedOn: o.countedOn,
    [r.amountBasis === 'net' ? 'netAmount' : 'amount']: yuan(o.amount),
    serviceType: p.serviceType,
    purpose: p.purpose,
    verified: p.verified,
    isRed: p.isRed,
    originalInvoiceNumber: p.originalInvoiceNumber,
    intelligentAmount: p.intelligentAmount ?? null,
  }, {
    year: o.year,
    reversedBy: o.reversedBy,
    nettedInto: o.nettedInto,
    netted: yuan(o.netted),
    intelligent: yuan(o.isRed ? o.intelligent : o.intelligentNetted),
    rule: 'counted = the intelligent part of the amount after red invoices, never more than that amount',
    exclusions: o.exclusions,
    counted: yuan(o.counted),
  });
}

export interface ComputeSpendPosition extends ComputeSpend {
  thresholdMet: boolean;
  /** The subsidy the year's eligible spend gives in all: min(floor(rate × eligible), cap) once the threshold is met. */
  estimatedSubsidy: Fen;
  alreadyAwarded: Fen;
  /** What a claim made now would receive: the year's subsidy less what earlier claims were awarded. */
  claimable: Fen;
}

/**
 * The running position of GET /v1/enterprises/{uscc}/compute-spend: the same year arithmetic a claim is
 * decided with (二(五)), over the same purchases, so the position and the claims never disagree.
 */
export function computeSpendPosition(
  purchases: readonly PurchaseFacts[],
  year: number,
  params: ParameterSet,
  asOf: IsoDate,
  alreadyAwarded: Fen = 0,
): ComputeSpendPosition {
  const on = maxDate(asOf, params.firstDayAllInForce());
  const { rules } = purchaseRules(year, params, on);
  const spend = classifyPurchases(purchases, rules);
  const p = { threshold: params.fen('compute.threshold', on).value, rate: params.rate('compute.rate', on).value, cap: params.fen('compute.cap', on).value };
  const year_ = subsidyArithmetic(spend.eligibleSpend, 0, p);
  const claim = subsidyArithmetic(spend.eligibleSpend, alreadyAwarded, p);
  return { ...spend, thresholdMet: year_.thresholdMet, estimatedSubsidy: year_.amount, alreadyAwarded, claimable: claim.amount };
}

export function decideComputeSubsidy(facts: ComputeSubsidyFacts, params: ParameterSet): RuleDecision & { spend: ComputeSpend } {
  const trace = new TraceBuilder();
  const general = checkGeneral('compute_subsidy', facts.asOf, facts.applicant, params, trace, facts.appliedOn);
  const { on } = general;
  const reasons: Reason[] = [...general.reasons];

  const countFrom = params.date('compute.countFrom', on);
  const end = params.date('policy.end', on);
  const firstYear = yearOf(countFrom.value);
  const lastYear = yearOf(end.value);
  const covered = trace.add('六(一)', 'purchase year covered by the policy',
    { year: facts.year, countFrom: param(countFrom), policyEnd: param(end) },
    facts.year >= firstYear && facts.year <= lastYear);
  if (!covered) {
    reasons.push({ code: 'OUTSIDE_POLICY_PERIOD', clause: '六(一)', detail: `purchases of ${facts.year} are not covered; covered years are ${firstYear}–${lastYear}` });
  }

  const { rules, shown } = purchaseRules(facts.year, params, on);
  const spend = classifyPurchases(facts.purchases, rules);
  // For a year the policy does not cover, the spend is still computed and traced (a what-if), but
  // its exclusions and threshold would only repeat the one reason that matters.
  const spendReasons: Reason[] = [];
  facts.purchases.forEach((p, i) => {
    const o = spend.outcomes[i]!;
    tracePurchase(trace, p, o, rules);
    for (const code of o.exclusions) spendReasons.push({ code, clause: EXCLUSION_CLAUSES[code], detail: exclusionDetail(code, p, o, rules) });
  });
  trace.add('二(五), 三(五)', 'eligible verified spend of the year', { ...shown, purchases: facts.purchases.length },
    { verifiedSpend: yuan(spend.verifiedSpend), eligibleSpend: yuan(spend.eligibleSpend) });

  const threshold = params.fen('compute.threshold', on);
  const rate = params.rate('compute.rate', on);
  const cap = params.fen('compute.cap', on);
  const alreadyAwarded = parseYuan(facts.alreadyAwarded);
  const a = subsidyArithmetic(spend.eligibleSpend, alreadyAwarded, { threshold: threshold.value, rate: rate.value, cap: cap.value });

  trace.add('二(五), 三(五)1', 'eligible spend ≥ threshold (inclusive)',
    { eligibleSpend: yuan(spend.eligibleSpend), threshold: param(threshold) }, a.thresholdMet);
  if (!a.thresholdMet) {
    spendReasons.push({ code: 'THRESHOLD_NOT_MET', clause: '二(五), 三(五)1', detail: `eligible spend ${yuan(spend.eligibleSpend)} is below ${yuan(threshold.value)}` });
  }
  trace.add('二(五)', 'floor(eligible spend × rate) to the fen',
    { eligibleSpend: yuan(spend.eligibleSpend), rate: param(rate) }, yuan(a.computed));
  trace.add('二(五)', 'per-enterprise yearly cap: min(computed, cap)',
    { computed: yuan(a.computed), cap: param(cap) },
    { yearAmount: yuan(a.yearAmount), capApplied: a.capApplied });
  trace.add('二(五)', 'the year\u2019s subsidy less what earlier claims of the year were awarded: max(0, year amount − already awarded)',
    { yearAmount: yuan(a.yearAmount), alreadyAwarded: yuan(alreadyAwarded) },
    { amount: yuan(a.amount) });
  if (a.capApplied) {
    spendReasons.push({ code: 'CAP_APPLIED', clause: '二(五)', detail: `${yuan(a.computed)} reduced to the cap of ${yuan(cap.value)} per enterprise-year${alreadyAwarded > 0 ? `, of which ${yuan(alreadyAwarded)} was already awarded` : ''}` });
  }

  if (covered) reasons.push(...spendReasons);
  const decision = finishDecision({ clause: '二(五)', trace, general, reasons, computed: a.amount });
  return { ...decision, spend };
}
