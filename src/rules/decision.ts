import { z } from 'zod';
import { formatYuan, type Fen } from '../domain/money.js';
import type { FundingSource } from '../domain/uscc.js';
import { REASON_CODES, isBlocking, type Reason } from './reasons.js';
import type { JsonValue, TraceStep } from './trace.js';

/** Yuan with exactly two decimals, as everywhere at the API edge. */
export const YuanString = z.string().regex(/^-?\d{1,13}\.\d{2}$/, 'must be yuan with exactly two decimals, e.g. "100000.00"');

export const InstallmentOn = z.enum(['award', 'recognition', 'acceptance']);
export type InstallmentOn = z.infer<typeof InstallmentOn>;

export const Installment = z.object({ on: InstallmentOn, amount: YuanString });
export type Installment = z.infer<typeof Installment>;

export const DecisionReason = z.object({
  code: z.enum(REASON_CODES),
  clause: z.string(),
  detail: z.string(),
  /** The reason in Chinese, built from its figures and ending with its clauses. */
  text: z.string().min(1),
});
export type DecisionReason = z.infer<typeof DecisionReason>;

const Json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Json), z.record(z.string(), Json)]),
);

export const DecisionTraceStep = z.object({
  clause: z.string(),
  step: z.string(),
  inputs: z.record(z.string(), Json),
  result: Json,
  /** The step in Chinese, built from its inputs and result and ending with its clauses. */
  text: z.string().min(1),
});
export type DecisionTraceStep = z.infer<typeof DecisionTraceStep>;

/** API.md's `decision`, returned by applications and by the calculator. */
export const Decision = z.object({
  eligible: z.boolean(),
  amount: YuanString,
  fundingSource: z.enum(['province', 'xiamen']).nullable(),
  /** City code 3501…3509 or `pingtan`; null when the applicant cannot be routed (invalid or non-Fujian USCC). */
  office: z.string().nullable(),
  installments: z.array(Installment),
  reasons: z.array(DecisionReason),
  trace: z.array(DecisionTraceStep),
});
export type Decision = z.infer<typeof Decision>;

/** The same decision inside the service: money in integer fen. */
export interface RuleDecision {
  eligible: boolean;
  amount: Fen;
  fundingSource: FundingSource | null;
  office: string | null;
  installments: { on: InstallmentOn; amount: Fen }[];
  reasons: Reason[];
  trace: TraceStep[];
}

export function renderDecision(d: RuleDecision): Decision {
  return {
    eligible: d.eligible,
    amount: formatYuan(d.amount),
    fundingSource: d.fundingSource,
    office: d.office,
    installments: d.installments.map((i) => ({ on: i.on, amount: formatYuan(i.amount) })),
    reasons: d.reasons.map((r) => ({ ...r })),
    trace: d.trace,
  };
}

/** Eligible exactly when no reason blocks; an ineligible decision pays nothing. */
export function hasBlockingReason(reasons: readonly Reason[]): boolean {
  return reasons.some((r) => isBlocking(r.code));
}

/** Installments that add up to `amount`; none when nothing is paid. */
export function oneTime(amount: Fen): RuleDecision['installments'] {
  return amount > 0 ? [{ on: 'award', amount }] : [];
}
