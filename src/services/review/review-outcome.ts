import { conflict } from '../errors.js';
import type { Evaluation } from '../applications/evaluate-application.js';

/**
 * A reviewer can only move forward an application the rules find eligible and worth something on the
 * review day; otherwise the answer is 409 and nothing changes (the reviewer returns or rejects it instead).
 */
export function assertAwardable(e: Evaluation, action: string): void {
  if (!e.decision.eligible) {
    const codes = e.rendered.reasons.map((r) => `${r.code} (${r.clause})`).join(', ');
    throw conflict('NOT_ELIGIBLE', `cannot ${action}: on ${e.asOf} the application is not eligible: ${codes}`);
  }
  if (e.decision.amount <= 0) {
    throw conflict('NOTHING_TO_AWARD', `cannot ${action}: on ${e.asOf} the award computes to 0.00 (the yearly cap may be used up)`);
  }
}
