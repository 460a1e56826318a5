import { z } from 'zod';
import { compareDates, isValidDate } from '../domain/dates.js';
import { parseYuan } from '../domain/money.js';
import { PURPOSES, SERVICE_TYPES } from './parameters/defaults.js';
import { YuanString } from './decision.js';

/**
 * The facts `POST /v1/evaluate` takes (API.md, Calculator), one strict object per award type.
 * Only malformed facts fail here (422); anything well-formed gets a decision, ineligible or not —
 * so a bad USCC checksum or an uncovered year is a reason in the decision, not a schema error.
 */
export const IsoDateString = z.string().refine(isValidDate, 'must be a valid YYYY-MM-DD date');

const NonNegativeYuan = YuanString.refine((s) => !s.startsWith('-'), 'must not be negative');

const UsccText = z.string().min(1).max(64);

export const CreditListingFacts = z
  .strictObject({
    list: z.enum(['abnormal', 'dishonest']),
    listedOn: IsoDateString,
    removedOn: IsoDateString.nullable().default(null),
  })
  // Zod runs this even when a date already failed its own check; an invalid date is reported there, not here.
  .refine((l) => l.removedOn === null || !isValidDate(l.listedOn) || !isValidDate(l.removedOn) || compareDates(l.removedOn, l.listedOn) >= 0, {
    message: 'removedOn must not be before listedOn',
    path: ['removedOn'],
  });
export type CreditListingFacts = z.infer<typeof CreditListingFacts>;

export const FraudFindingFacts = z.strictObject({ foundOn: IsoDateString, note: z.string().max(2000).optional() });
export type FraudFindingFacts = z.infer<typeof FraudFindingFacts>;

export const OfficeCode = z.enum(['3501', '3502', '3503', '3504', '3505', '3506', '3507', '3508', '3509', 'pingtan']);

export const ApplicantFacts = z.strictObject({
  uscc: UsccText,
  creditListings: z.array(CreditListingFacts).max(1000).default([]),
  fraudFindings: z.array(FraudFindingFacts).max(1000).default([]),
  /** RULES.md 三: an administrator may re-route an applicant that moved after registration (audited). */
  officeOverride: OfficeCode.optional(),
});
export type ApplicantFacts = z.infer<typeof ApplicantFacts>;

/** `part` has the sign of `whole` (or is 0) and is never larger in size. */
function between(part: number, whole: number): boolean {
  return Math.sign(part) * Math.sign(whole) >= 0 && Math.abs(part) <= Math.abs(whole);
}

export const PurchaseFacts = z
  .strictObject({
    invoiceNumber: z.string().min(1).max(64),
    issueDate: IsoDateString,
    amount: YuanString,
    netAmount: YuanString,
    serviceType: z.enum(SERVICE_TYPES),
    purpose: z.enum(PURPOSES),
    verified: z.boolean(),
    isRed: z.boolean().default(false),
    originalInvoiceNumber: z.string().min(1).max(64).nullable().default(null),
    /** Only read when `compute.yearBasis` is `servicePeriod`. */
    servicePeriodStart: IsoDateString.optional(),
    /**
     * For a purchase its statement lines split between intelligent compute and other services: the part of
     * `amount` they classify as intelligent compute (negative for a red invoice). Absent: all of `amount`
     * is `serviceType`.
     */
    intelligentAmount: YuanString.optional(),
  })
  .superRefine((p, ctx) => {
    const valid = YuanString.safeParse(p.amount).success && YuanString.safeParse(p.netAmount).success;
    if (!valid) return;
    const gross = parseYuan(p.amount);
    const net = parseYuan(p.netAmount);
    if (p.isRed) {
      if (gross >= 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'a red invoice has a negative amount' });
      if (p.originalInvoiceNumber === null) {
        ctx.addIssue({ code: 'custom', path: ['originalInvoiceNumber'], message: 'a red invoice names the invoice it reverses' });
      }
    } else {
      if (gross < 0) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'only a red invoice has a negative amount' });
      if (p.originalInvoiceNumber !== null) {
        ctx.addIssue({ code: 'custom', path: ['originalInvoiceNumber'], message: 'only a red invoice reverses another' });
      }
    }
    // Net (before VAT) has the gross amount's sign and is never larger in size.
    if (!between(net, gross)) {
      ctx.addIssue({ code: 'custom', path: ['netAmount'], message: 'netAmount must lie between 0 and amount' });
    }
    if (p.intelligentAmount !== undefined && YuanString.safeParse(p.intelligentAmount).success && !between(parseYuan(p.intelligentAmount), gross)) {
      ctx.addIssue({ code: 'custom', path: ['intelligentAmount'], message: 'intelligentAmount must lie between 0 and amount' });
    }
  });
export type PurchaseFacts = z.infer<typeof PurchaseFacts>;

const common = {
  /** The day the decision is made: credit listings are read on it (三). */
  asOf: IsoDateString,
  /**
   * The submission date: it judges the policy window (六(一)) and the fraud ban (五(一) 不得申报). Defaults to
   * asOf, as for an application decided on the day it is submitted.
   */
  appliedOn: IsoDateString.optional(),
  applicant: ApplicantFacts,
};

/**
 * One-time awards (二(二), 二(三), 二(四)) the applicant has already received of the same type: a repeat for
 * the same subject (the product's or platform's name; the enterprise itself) is not eligible.
 */
export const PreviousAward = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable().default(null),
  awardedOn: IsoDateString,
});
export type PreviousAward = z.infer<typeof PreviousAward>;
const PreviousAwards = z.array(PreviousAward).max(1000).default([]);
const SubjectName = z.string().trim().min(1).max(200);

export const ComputeSubsidyFacts = z.strictObject({
  type: z.literal('compute_subsidy'),
  ...common,
  year: z.number().int().min(1900).max(9999),
  purchases: z.array(PurchaseFacts).max(100_000),
  /** Compute subsidy already awarded to the enterprise for the same year. */
  alreadyAwarded: NonNegativeYuan.default('0.00'),
}).superRefine((f, ctx) => {
  // Totals must stay exact integers of fen; beyond 2^53 fen they would not.
  let total = 0n;
  for (const p of f.purchases) if (YuanString.safeParse(p.amount).success) total += BigInt(Math.abs(parseYuan(p.amount)));
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    ctx.addIssue({ code: 'custom', path: ['purchases'], message: 'purchases add up to more than can be computed exactly' });
  }
});
export type ComputeSubsidyFacts = z.infer<typeof ComputeSubsidyFacts>;

/**
 * Participants besides the lead (the applicant): distinct, and never the lead itself; facts stated about a
 * participant name one of them.
 */
function consortiumChecks(f: { applicant: { uscc: string }; consortium: string[]; participants: { uscc: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  f.consortium.forEach((uscc, i) => {
    if (uscc === f.applicant.uscc) {
      ctx.addIssue({ code: 'custom', path: ['consortium', i], message: 'the applicant is the lead, not a participant' });
    } else if (seen.has(uscc)) {
      ctx.addIssue({ code: 'custom', path: ['consortium', i], message: 'participant listed twice' });
    }
    seen.add(uscc);
  });
  f.participants.forEach((p, i) => {
    if (!seen.has(p.uscc)) ctx.addIssue({ code: 'custom', path: ['participants', i, 'uscc'], message: 'not a participant listed in consortium' });
  });
}

const Consortium = z.array(UsccText).max(100).default([]);

/** What the investment awards share: the consortium and the minimum-investment exception (三(一)3–4, 三(三)3–4). */
const investmentCommon = {
  consortium: Consortium,
  /** Credit listings and fraud findings of participants, checked like the applicant's (三). */
  participants: z.array(ApplicantFacts).max(100).default([]),
  /** The applicant's reason for asking for an exception to the minimum investment "in principle". */
  exceptionRequested: z.string().trim().min(1).max(4000).optional(),
  /** Whether a city reviewer has recorded the exception (only a reviewer can: 三(一)3, 三(三)3). */
  exceptionJustified: z.boolean().default(false),
  /** Who recorded it and why, for the trace. */
  exceptionRecordedBy: z.string().trim().min(1).max(200).optional(),
  exceptionReason: z.string().trim().min(1).max(4000).optional(),
};

export const VerticalModelFacts = z
  .strictObject({
    type: z.literal('vertical_model'),
    ...common,
    tier: z.enum(['A', 'B', 'C']),
    totalInvestment: NonNegativeYuan,
    ...investmentCommon,
  })
  .superRefine(consortiumChecks);
export type VerticalModelFacts = z.infer<typeof VerticalModelFacts>;

export const PlatformFacts = z
  .strictObject({
    type: z.literal('platform'),
    ...common,
    tier: z.enum(['A', 'B', 'C']),
    investment: NonNegativeYuan,
    /** The platform's name: the subject of its one-time award. */
    name: SubjectName.optional(),
    previousAwards: PreviousAwards,
    ...investmentCommon,
  })
  .superRefine(consortiumChecks);
export type PlatformFacts = z.infer<typeof PlatformFacts>;

export const ProductFacts = z.strictObject({
  type: z.literal('product'),
  ...common,
  /** The product's name: the subject of its one-time award. */
  name: SubjectName.optional(),
  previousAwards: PreviousAwards,
});
export type ProductFacts = z.infer<typeof ProductFacts>;

export const EnterpriseFacts = z.strictObject({ type: z.literal('enterprise'), ...common, tier: z.enum(['A', 'B']), previousAwards: PreviousAwards });
export type EnterpriseFacts = z.infer<typeof EnterpriseFacts>;

/** Body of `POST /v1/evaluate`. */
export const EvaluateFacts = z.discriminatedUnion('type', [
  ComputeSubsidyFacts,
  VerticalModelFacts,
  PlatformFacts,
  ProductFacts,
  EnterpriseFacts,
]);
export type EvaluateFacts = z.infer<typeof EvaluateFacts>;
export type EvaluateFactsInput = z.input<typeof EvaluateFacts>;
export type AwardType = EvaluateFacts['type'];
