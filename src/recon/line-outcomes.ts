import type { ReconResult } from './result.js';
import type { BreakCode, LineOutcome } from './types.js';

/** Codes that mean a line named an invoice but did not agree with it. */
const MISMATCH_CODES: ReadonlySet<BreakCode> = new Set(['AMOUNT_MISMATCH', 'BUYER_MISMATCH', 'SELLER_NOT_PROVIDER', 'DUPLICATE_INVOICE']);

/**
 * Per-line status, derived from a result on demand (a statement's view needs it; the position does not),
 * so the engine does not build a million objects nobody reads. In line id order.
 */
export function lineOutcomes(result: Pick<ReconResult, 'matches' | 'breaks'>): LineOutcome[] {
  const out: LineOutcome[] = [];
  for (const m of result.matches) {
    for (const lineId of m.lineIds) out.push({ lineId, status: m.status === 'proposed' ? 'proposed' : 'matched', invoiceIds: m.invoiceIds });
  }
  for (const b of result.breaks) {
    if (b.code !== 'LINE_UNMATCHED' || b.lineId === undefined) continue;
    const reasons = (b.details.reasons ?? []) as readonly BreakCode[];
    out.push({ lineId: b.lineId, status: reasons.some((r) => MISMATCH_CODES.has(r)) ? 'mismatch' : 'unmatched', invoiceIds: [] });
  }
  return out.sort((a, b) => a.lineId - b.lineId);
}
