import { z } from 'zod';
import { Yuan } from '../../http/schemas.js';

const NonNegativeYuan = Yuan.refine((s) => !s.startsWith('-'), 'must not be negative');
const Uscc = z.string().trim().toUpperCase().pipe(z.string().min(1).max(32));
const Year = z.number().int().min(2000).max(2100);
const common = {
  /** The applicant; an enterprise user may leave it out (it applies for itself), an admin names it. */
  uscc: Uscc.optional(),
  year: Year,
};
/** Participants besides the lead (the applicant); the rules refuse more than the parameter allows. */
const Consortium = z.array(Uscc).max(20).default([]);

export const ComputeSubsidyInput = z.strictObject({ type: z.literal('compute_subsidy'), ...common });
export const VerticalModelInput = z.strictObject({
  type: z.literal('vertical_model'),
  ...common,
  tier: z.enum(['A', 'B', 'C']),
  totalInvestment: NonNegativeYuan,
  consortium: Consortium,
  exceptionJustified: z.boolean().default(false),
});
export const PlatformInput = z.strictObject({
  type: z.literal('platform'),
  ...common,
  tier: z.enum(['A', 'B', 'C']),
  investment: NonNegativeYuan,
  consortium: Consortium,
  exceptionJustified: z.boolean().default(false),
});
export const ProductInput = z.strictObject({ type: z.literal('product'), ...common });
export const EnterpriseAwardInput = z.strictObject({ type: z.literal('enterprise'), ...common, tier: z.enum(['A', 'B']) });

/** Body of `POST /v1/applications` (API.md, Compute subsidy and Other award types). */
export const ApplicationInput = z.discriminatedUnion('type', [
  ComputeSubsidyInput,
  VerticalModelInput,
  PlatformInput,
  ProductInput,
  EnterpriseAwardInput,
]);
export type ApplicationInput = z.infer<typeof ApplicationInput>;

/**
 * What the applicant declared, kept on the application and re-read at every evaluation. Reviewers may
 * change the tier (provincial expert review) and record a justified investment exception (city review).
 */
export interface DeclaredFacts {
  tier?: string;
  totalInvestment?: string;
  investment?: string;
  consortium?: string[];
  exceptionJustified?: boolean;
}

export function declaredFacts(input: ApplicationInput): DeclaredFacts {
  switch (input.type) {
    case 'compute_subsidy':
    case 'product':
      return {};
    case 'enterprise':
      return { tier: input.tier };
    case 'vertical_model':
      return { tier: input.tier, totalInvestment: input.totalInvestment, consortium: input.consortium, exceptionJustified: input.exceptionJustified };
    case 'platform':
      return { tier: input.tier, investment: input.investment, consortium: input.consortium, exceptionJustified: input.exceptionJustified };
  }
}

/** Changes an enterprise may make when it resubmits after a return for changes. */
export const ResubmitInput = z.strictObject({
  tier: z.enum(['A', 'B', 'C']).optional(),
  totalInvestment: NonNegativeYuan.optional(),
  investment: NonNegativeYuan.optional(),
  consortium: z.array(Uscc).max(20).optional(),
  exceptionJustified: z.boolean().optional(),
  note: z.string().trim().max(4000).optional(),
});
export type ResubmitInput = z.infer<typeof ResubmitInput>;

/** Why the applicant withdraws: kept on the transition and in the audit log. */
export const WithdrawInput = z.strictObject({
  reason: z.string().trim().min(1).max(4000),
});
export type WithdrawInput = z.infer<typeof WithdrawInput>;
