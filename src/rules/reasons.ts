import { withClause } from './words.js';

/**
 * Reason codes of API.md's decisions. Blocking codes make a decision ineligible; the others explain an
 * amount (a cap that reduced it, a purchase that was left out) without refusing the application.
 */
export const BLOCKING_CODES = [
  'INVALID_USCC',
  'NOT_IN_FUJIAN',
  'NO_REVIEWING_OFFICE',
  'NOT_ENTERPRISE',
  'CREDIT_LISTED',
  'FRAUD_BAN',
  'OUTSIDE_POLICY_PERIOD',
  'THRESHOLD_NOT_MET',
  'CONSORTIUM_TOO_LARGE',
  'INVESTMENT_BELOW_MINIMUM',
  'ALREADY_AWARDED',
] as const;

export const EXCLUSION_CODES = [
  'DUPLICATE',
  'NOT_VERIFIED',
  'SERVICE_NOT_ELIGIBLE',
  'PURPOSE_NOT_ELIGIBLE',
  'OTHER_YEAR',
  'BEFORE_COUNT_FROM',
  'ORIGINAL_NOT_IN_CLAIM',
] as const;

export const REASON_CODES = [...BLOCKING_CODES, 'CAP_APPLIED', ...EXCLUSION_CODES] as const;

export type BlockingCode = (typeof BLOCKING_CODES)[number];
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** The clause(s) of 闽工信规〔2026〕1号 applied, in the document's own numbering. */
  clause: string;
  detail: string;
  /** The reason as a Chinese sentence built from its figures, ending with its clauses. */
  text: string;
}

/** A reason with its sentence; the clause suffix is added here, as for trace steps. */
export function reason(code: ReasonCode, clause: string, detail: string, text: string): Reason {
  return { code, clause, detail, text: withClause(text, clause) };
}

const BLOCKING = new Set<string>(BLOCKING_CODES);

export function isBlocking(code: ReasonCode): boolean {
  return BLOCKING.has(code);
}

/** Clauses behind each per-purchase exclusion. */
export const EXCLUSION_CLAUSES: Record<ExclusionCode, string> = {
  DUPLICATE: '五(一)',
  NOT_VERIFIED: '三(五)1',
  SERVICE_NOT_ELIGIBLE: '二(五)',
  PURPOSE_NOT_ELIGIBLE: '三(五)2',
  OTHER_YEAR: '二(五)',
  BEFORE_COUNT_FROM: '六(一)',
  ORIGINAL_NOT_IN_CLAIM: '二(五)',
};
