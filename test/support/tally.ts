import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

/**
 * What the reliability and security suites count, printed together when the run ends
 * (test/summary-reporter.ts). Every figure is measured from what happened, and a count that claims
 * something held is recorded only after the check that proves it:
 * - `faultInjected` when a fault is injected, `fault` (survived) only after the survival checks passed;
 * - `badInput` and `access` for each refusal, after the refusal was checked;
 * - `lost` through `recordLost`, measured before it is asserted, so a run that loses a record prints it
 *   and fails;
 * - `auditChain` after a chain verified intact;
 * - `skipped` for a suite that could not run here, with its reason.
 */
export type TallyKind = 'faultInjected' | 'fault' | 'badInput' | 'access' | 'lost' | 'auditChain' | 'skipped';

declare module 'vitest' {
  export interface ProvidedContext {
    tallyFile: string;
  }
}

/** Records `count` outcomes of one kind; `what` names them in the summary (e.g. 'OFD zip bomb'). */
export function tally(kind: TallyKind, what: string, count = 1): void {
  appendFileSync(inject('tallyFile'), `${JSON.stringify({ kind, what, count })}\n`);
}

/** Records what a check measured as lost and hands it back, for the caller to assert afterwards. */
export function recordLost(what: string, count: number): number {
  tally('lost', what, count);
  return count;
}
