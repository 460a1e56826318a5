import type { MatchShape, MatchStatus } from './types.js';

export const SHAPES: readonly MatchShape[] = ['one_to_one', 'one_invoice_many_lines', 'many_invoices_one_line', 'many_to_many', 'red_offset', 'manual', 'accepted'];
export const STATUSES: readonly MatchStatus[] = ['matched', 'proposed', 'confirmed', 'manual', 'accepted'];

export const shapeCode = (s: MatchShape): number => SHAPES.indexOf(s);
export const statusCode = (s: MatchStatus): number => STATUSES.indexOf(s);

export const MATCHED = statusCode('matched');
export const PROPOSED = statusCode('proposed');
export const ACCEPTED = statusCode('accepted');

const NONE = -1;

/**
 * Groups as columns rather than objects: a million one-to-one matches would otherwise be a million small
 * objects for the collector to trace before the result is even built. Every group holds at least one
 * invoice, so there are never more groups than invoices and the columns are sized once.
 *
 * Membership lives in the per-record group arrays; `seal` threads it into linked lists (first member per
 * group, next member per record, in id order) for the phases that walk a group's members.
 */
export class GroupTable {
  readonly shape: Uint8Array;
  readonly status: Uint8Array;
  /** 1 once the checks on what a group holds have run (one-to-one matches are checked as they are made). */
  readonly checked: Uint8Array;
  /** Proposals only; few, so a map. */
  readonly score = new Map<number, number>();
  count = 0;
  invHead: Int32Array = new Int32Array(0);
  invNext: Int32Array = new Int32Array(0);
  lineHead: Int32Array = new Int32Array(0);
  lineNext: Int32Array = new Int32Array(0);

  constructor(capacity: number) {
    this.shape = new Uint8Array(capacity);
    this.status = new Uint8Array(capacity);
    this.checked = new Uint8Array(capacity);
  }

  add(shape: number, status: number): number {
    const g = this.count++;
    this.shape[g] = shape;
    this.status[g] = status;
    return g;
  }

  seal(invGroup: Int32Array, lineGroup: Int32Array): void {
    [this.invHead, this.invNext] = thread(this.count, invGroup);
    [this.lineHead, this.lineNext] = thread(this.count, lineGroup);
  }
}

/** Walking records backwards and prepending leaves each group's list in ascending record order. */
function thread(groups: number, groupOf: Int32Array): [Int32Array, Int32Array] {
  const head = new Int32Array(groups).fill(NONE);
  const next = new Int32Array(groupOf.length).fill(NONE);
  for (let k = groupOf.length - 1; k >= 0; k--) {
    const g = groupOf[k]!;
    if (g === NONE) continue;
    next[k] = head[g]!;
    head[g] = k;
  }
  return [head, next];
}
