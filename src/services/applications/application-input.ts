import { z } from 'zod';
import { Yuan } from '../../domain/schemas.js';

const NonNegativeYuan = Yuan.refine((s) => !s.startsWith('-'), 'must not be negative');
const Uscc = z.string().trim().toUpperCase().pipe(z.string().min(1).max(32));
const Year = z.number().int().min(2000).max(2100);
/** The applicant; an enterprise user may leave it out (it applies for itself), an admin names it. */
const applicant = { uscc: Uscc.optional() };
/** API.md: required for a compute claim (the purchase year); the other four default to the year of the submission date. */
const OptionalYear = { year: Year.optional() };
/** Participants besides the lead (the applicant); the rules refuse more than the parameter allows. */
const Consortium = z.array(Uscc).max(20).default([]);
/** The applicant's reason for asking for an exception to the minimum investment "in principle" (三(一)3, 三(三)3). */
const ExceptionRequest = z.string().trim().min(1).max(4000);
/** A product's or platform's name: the subject its one-time award is paid for (二(二), 二(三)). */
const SubjectName = z.string().trim().min(1).max(200);

export const ComputeSubsidyInput = z.strictObject({ type: z.literal('compute_subsidy'), ...applicant, year: Year });
export const VerticalModelInput = z.strictObject({
  type: z.literal('vertical_model'),
  ...applicant,
  ...OptionalYear,
  tier: z.enum(['A', 'B', 'C']),
  totalInvestment: NonNegativeYuan,
  consortium: Consortium,
  exceptionRequested: ExceptionRequest.optional(),
});
export const PlatformInput = z.strictObject({
  type: z.literal('platform'),
  ...applicant,
  ...OptionalYear,
  name: SubjectName.optional(),
  tier: z.enum(['A', 'B', 'C']),
  investment: NonNegativeYuan,
  consortium: Consortium,
  exceptionRequested: ExceptionRequest.optional(),
});
export const ProductInput = z.strictObject({ type: z.literal('product'), ...applicant, ...OptionalYear, name: SubjectName.optional() });
export const EnterpriseAwardInput = z.strictObject({ type: z.literal('enterprise'), ...applicant, ...OptionalYear, tier: z.enum(['A', 'B']) });

/** Body of `POST /v1/applications` (API.md, Compute subsidy and Other award types). */
export const ApplicationInput = z.discriminatedUnion('type', [
  ComputeSubsidyInput,
  VerticalModelInput,
  PlatformInput,
  ProductInput,
  EnterpriseAwardInput,
]);
export type ApplicationInput = z.infer<typeof ApplicationInput>;

/** The investment exception as a city reviewer recorded it (三(一)3, 三(三)3): who, when and why. */
export interface RecordedException {
  justified: boolean;
  reason: string;
  /** The reviewer's actor id and name. */
  by: string;
  byName: string;
  on: string;
}

/**
 * What the applicant declared, kept on the application and re-read at every evaluation. Reviewers may
 * change the tier (provincial expert review) and record the investment exception (city review).
 */
export interface DeclaredFacts {
  tier?: string;
  totalInvestment?: string;
  investment?: string;
  consortium?: string[];
  name?: string;
  exceptionRequested?: string;
  exception?: RecordedException;
}

export function declaredFacts(input: ApplicationInput): DeclaredFacts {
  const asked = (reason: string | undefined) => (reason === undefined ? {} : { exceptionRequested: reason });
  const named = (name: string | undefined) => (name === undefined ? {} : { name });
  switch (input.type) {
    case 'compute_subsidy':
      return {};
    case 'product':
      return named(input.name);
    case 'enterprise':
      return { tier: input.tier };
    case 'vertical_model':
      return { tier: input.tier, totalInvestment: input.totalInvestment, consortium: input.consortium, ...asked(input.exceptionRequested) };
    case 'platform':
      return { ...named(input.name), tier: input.tier, investment: input.investment, consortium: input.consortium, ...asked(input.exceptionRequested) };
  }
}

/** Changes an enterprise may make when it resubmits after a return for changes. */
export const ResubmitInput = z.strictObject({
  tier: z.enum(['A', 'B', 'C']).optional(),
  totalInvestment: NonNegativeYuan.optional(),
  investment: NonNegativeYuan.optional(),
  consortium: z.array(Uscc).max(20).optional(),
  name: SubjectName.optional(),
  exceptionRequested: ExceptionRequest.optional(),
  note: z.string().trim().max(4000).optional(),
});
export type ResubmitInput = z.infer<typeof ResubmitInput>;

/** Why the applicant withdraws: kept on the transition and in the audit log. */
export const WithdrawInput = z.strictObject({
  reason: z.string().trim().min(1).max(4000),
});
export type WithdrawInput = z.infer<typeof WithdrawInput>;
