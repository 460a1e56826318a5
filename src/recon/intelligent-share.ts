import { NONE, type ReconState } from './state.js';

/**
 * What a group's lines classify as intelligent compute: the sum of its eligible lines, credits netted in,
 * clamped to lie between nothing and the group's invoice total (sign-aware: for a net credit, between the
 * total and nothing). Sums do not depend on the order of the lines.
 */
export function groupIntelligentAmount(s: ReconState, g: number, total: number): number {
  const { lineHead, lineNext } = s.groups;
  let part = 0;
  for (let l = lineHead[g]!; l !== NONE; l = lineNext[l]!) if (s.isEligibleLine(l)) part += s.lines[l]!.amount;
  return total >= 0 ? Math.min(Math.max(part, 0), total) : Math.max(Math.min(part, 0), total);
}

/**
 * Writes each invoice's share of a mixed group's intelligent amount into `out` (fen, by invoice index).
 *
 * Every invoice of the group is counted at the same fraction amount / total of its own total, rounded to
 * the fen by the largest-remainder method (ties to the lower invoice index, which is id order). The clamp
 * keeps that fraction within [0, 1] whatever the signs, so this also holds for groups mixing blue and red
 * invoices (a red invoice netted with its original, or named by a line beside blue ones): a red invoice
 * reverses part of the same mix of services, so it takes back intelligent compute in the same proportion,
 * and every share stays between nothing and its invoice's own total, sign included. The shares add up to
 * the group's amount exactly, since the floors fall short of it by less than one fen per invoice and each
 * fen left goes to an invoice whose exact share is not whole.
 *
 * Only groups that hold several invoices and lines of both kinds come here, few in any run, so products
 * are taken in BigInt: amount × total of two large invoices passes 2^53.
 */
export function shareIntelligent(s: ReconState, g: number, out: number[]): void {
  const { invHead, invNext } = s.groups;
  const i0 = invHead[g]!;
  if (invNext[i0] === NONE) {
    out[i0] = groupIntelligentAmount(s, g, s.inv[i0]!.totalWithTax);
    return;
  }
  let total = 0;
  for (let i = i0; i !== NONE; i = invNext[i]!) total += s.inv[i]!.totalWithTax;
  const amount = groupIntelligentAmount(s, g, total);
  if (amount === 0 || amount === total) {
    for (let i = i0; i !== NONE; i = invNext[i]!) out[i] = amount === 0 ? 0 : s.inv[i]!.totalWithTax;
    return;
  }
  // amount / total as e / d with d > 0 and 0 < e < d.
  const e = BigInt(total < 0 ? -amount : amount);
  const d = BigInt(total < 0 ? -total : total);
  const members: number[] = [];
  const rest: bigint[] = [];
  let given = 0;
  for (let i = i0; i !== NONE; i = invNext[i]!) {
    const exact = e * BigInt(s.inv[i]!.totalWithTax);
    let floor = exact / d;
    let r = exact % d;
    if (r < 0n) {
      floor -= 1n;
      r += d;
    }
    out[i] = Number(floor);
    given += out[i]!;
    members.push(i);
    rest.push(r);
  }
  // Stable: among equal remainders the lower index (members are in index order) comes first.
  const byRest = members.map((_, k) => k).sort((a, b) => (rest[a]! > rest[b]! ? -1 : rest[a]! < rest[b]! ? 1 : 0));
  for (let k = 0; k < amount - given; k++) out[members[byRest[k]!]!]! += 1;
}

/**
 * The line whose service type an invoice of the group is counted under: the eligible line with the largest
 * absolute amount, or without one the line with the largest absolute amount; ties to the lowest line id.
 * Lines are listed in index order, which is id order, so the first of equals is kept.
 */
export function typeLine(s: ReconState, g: number): number {
  const { lineHead, lineNext } = s.groups;
  let best = NONE;
  let bestAbs = -1;
  let eligible = false;
  for (let l = lineHead[g]!; l !== NONE; l = lineNext[l]!) {
    const yes = s.isEligibleLine(l);
    if (eligible && !yes) continue;
    const abs = Math.abs(s.lines[l]!.amount);
    if ((yes && !eligible) || abs > bestAbs) {
      best = l;
      bestAbs = abs;
      eligible = yes;
    }
  }
  return best;
}
