import { maxDate, yearOf, type IsoDate } from '../domain/dates.js';
import { floorMulRate, parseYuan, type Fen } from '../domain/money.js';
import { classifyPurchases, type ComputeSpend, type PurchaseOutcome, type PurchaseRules } from './compute-purchases.js';
import type { RuleDecision } from './decision.js';
import { finishDecision } from './finish.js';
import type { ComputeSubsidyFacts, PurchaseFacts } from './facts.js';
import { checkGeneral } from './general.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { EXCLUSION_CLAUSES, reason, type ExclusionCode, type Reason } from './reasons.js';
import { exclusionText, purchaseText, spendText } from './compute-words.js';
import { policyAmount, rateText, since, yuanText } from './words.js';
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
export function purchaseRules(year: number, params: ParameterSet, on: IsoDate): { rules: PurchaseRules; shown: Record<string, JsonValue>; from: IsoDate } {
  const amountBasis = params.choice('compute.amountBasis', on);
  const yearBasis = params.choice('compute.yearBasis', on);
  const countFrom = params.date('compute.countFrom', on);
  const services = params.list('compute.eligibleServiceTypes', on);
  const purposes = params.list('compute.eligiblePurposes', on);
  const verified = params.flag('compute.requireVerified', on);
  return {
    from: [amountBasis, yearBasis, countFrom, services, purposes, verified].map((pv) => pv.from).reduce(maxDate),
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
  }, purchaseText(p, o, r));
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
  const years = `政策覆盖的采购年度 ${firstYear}–${lastYear} 年（自 ${countFrom.value} 起计算，至 ${end.value} 止）`;
  const covered = trace.add('六(一)', 'purchase year covered by the policy',
    { year: facts.year, countFrom: param(countFrom), policyEnd: param(end) },
    facts.year >= firstYear && facts.year <= lastYear,
    (ok) => `${facts.year} 年的采购${ok ? '在' : '不在'}${years}内`);
  if (!covered) {
    reasons.push(reason('OUTSIDE_POLICY_PERIOD', '六(一)', `purchases of ${facts.year} are not covered; covered years are ${firstYear}–${lastYear}`,
      `${facts.year} 年的采购不在${years}内`));
  }

  const { rules, shown, from } = purchaseRules(facts.year, params, on);
  const spend = classifyPurchases(facts.purchases, rules);
  // For a year the policy does not cover, the spend is still computed and traced (a what-if), but
  // its exclusions and threshold would only repeat the one reason that matters.
  const spendReasons: Reason[] = [];
  facts.purchases.forEach((p, i) => {
    const o = spend.outcomes[i]!;
    tracePurchase(trace, p, o, rules);
    for (const code of o.exclusions) spendReasons.push(reason(code, EXCLUSION_CLAUSES[code], exclusionDetail(code, p, o, rules), exclusionText(code, p, o, rules)));
  });
  trace.add('二(五), 三(五)', 'eligible verified spend of the year', { ...shown, purchases: facts.purchases.length },
    { verifiedSpend: yuan(spend.verifiedSpend), eligibleSpend: yuan(spend.eligibleSpend) },
    spendText(facts.year, facts.purchases.length, spend.verifiedSpend, spend.eligibleSpend, rules, from));

  const threshold = params.fen('compute.threshold', on);
  const rate = params.rate('compute.rate', on);
  const cap = params.fen('compute.cap', on);
  const alreadyAwarded = parseYuan(facts.alreadyAwarded);
  const a = subsidyArithmetic(spend.eligibleSpend, alreadyAwarded, { threshold: threshold.value, rate: rate.value, cap: cap.value });

  const spent = `${facts.year} 年经核验的智能算力服务采购金额 ${yuanText(spend.eligibleSpend)}`;
  const thresholdText = `${since(threshold)} ${policyAmount(threshold.value)}门槛`;
  trace.add('二(五), 三(五)1', 'eligible spend ≥ threshold (inclusive)',
    { eligibleSpend: yuan(spend.eligibleSpend), threshold: param(threshold) }, a.thresholdMet,
    (met) => `${spent}，${met ? '达到' : '未达到'}${thresholdText}${met ? '' : '，不予补助'}`);
  if (!a.thresholdMet) {
    spendReasons.push(reason('THRESHOLD_NOT_MET', '二(五), 三(五)1', `eligible spend ${yuan(spend.eligibleSpend)} is below ${yuan(threshold.value)}`,
      `${spent}，未达到${thresholdText}（含本数）`));
  }
  trace.add('二(五)', 'floor(eligible spend × rate) to the fen',
    { eligibleSpend: yuan(spend.eligibleSpend), rate: param(rate) }, yuan(a.computed),
    `符合条件的采购金额 ${yuanText(spend.eligibleSpend)}按${since(rate)} ${rateText(rate.value)} 比例计算，向下取整到分，为 ${yuanText(a.computed)}`);
  const capText = `${since(cap)}每家企业每年 ${policyAmount(cap.value)}上限`;
  trace.add('二(五)', 'per-enterprise yearly cap: min(computed, cap)',
    { computed: yuan(a.computed), cap: param(cap) },
    { yearAmount: yuan(a.yearAmount), capApplied: a.capApplied },
    !a.thresholdMet
      ? `未达到门槛，${facts.year} 年的补助为 0 元`
      : `按 ${rateText(rate.value)} 计算为 ${yuanText(a.computed)}，${a.capApplied ? `超过${capText}，按上限核定` : `未超过${capText}`}，${facts.year} 年的补助为 ${yuanText(a.yearAmount)}`);
  trace.add('二(五)', 'the year\u2019s subsidy less what earlier claims of the year were awarded: max(0, year amount − already awarded)',
    { yearAmount: yuan(a.yearAmount), alreadyAwarded: yuan(alreadyAwarded) },
    { amount: yuan(a.amount) },
    alreadyAwarded > 0
      ? `${facts.year} 年的补助 ${yuanText(a.yearAmount)}，扣除本年度此前申请已核定的 ${yuanText(alreadyAwarded)}，本次申请可得 ${yuanText(a.amount)}`
      : `本年度此前没有已核定的算力补贴，本次申请可得 ${yuanText(a.amount)}`);
  if (a.capApplied) {
    spendReasons.push(reason('CAP_APPLIED', '二(五)', `${yuan(a.computed)} reduced to the cap of ${yuan(cap.value)} per enterprise-year${alreadyAwarded > 0 ? `, of which ${yuan(alreadyAwarded)} was already awarded` : ''}`,
      `按比例计算的 ${yuanText(a.computed)}超过${capText}，按 ${yuanText(cap.value)}核定${alreadyAwarded > 0 ? `，其中 ${yuanText(alreadyAwarded)}已由本年度此前的申请获得` : ''}`));
  }

  if (covered) reasons.push(...spendReasons);
  const decision = finishDecision({ clause: '二(五)', trace, general, reasons, computed: a.amount });
  return { ...decision, spend };
}
