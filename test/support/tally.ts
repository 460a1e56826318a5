import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

/**
 * What the reliability and security suites count, printed together when the run ends
 * (test/summary-setup.ts): faults injected and survived, bad inputs refused, access attempts refused,
 * and anything lost.
 */
export type TallyKind = 'fault' | 'badInput' | 'access' | 'lost' | 'auditChain';

declare module 'vitest' {
  export interface ProvidedContext {
    tallyFile: string;
  }
}

/** Records `count` outcomes of one kind; `what` names them in the summary (e.g. 'OFD zip bomb'). */
export function tally(kind: TallyKind, what: string, count = 1): void {
  appendFileSync(inject('tallyFile'), `${JSON.stringify({ kind, what, count })}\n`);
}
