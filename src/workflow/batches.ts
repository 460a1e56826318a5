/**
 * A payout batch: `prepared` by one finance officer, `approved` by another (maker-checker), then `paid`
 * once the treasury has executed it. Only a prepared batch may be `discarded`; an approved one is immutable.
 */
export const BATCH_STATES = ['prepared', 'approved', 'paid', 'discarded'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

const NEXT: Readonly<Record<BatchState, readonly BatchState[]>> = {
  prepared: ['approved', 'discarded'],
  approved: ['paid'],
  paid: [],
  discarded: [],
};

export function canMoveBatch(from: BatchState, to: BatchState): boolean {
  return NEXT[from].includes(to);
}
