/** Rows that differ between two per-table counts (test/security/api-support.ts `rowCounts`): added or removed. */
export function changedRows(before: Record<string, number>, after: Record<string, number>): number {
  let changed = 0;
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) changed += Math.abs((after[table] ?? 0) - (before[table] ?? 0));
  return changed;
}
