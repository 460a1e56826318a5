/**
 * Whether a failed write broke a unique constraint (SQLSTATE 23505). Drivers wrap the database error,
 * so the cause chain is searched; a concurrent duplicate then reports as a conflict, not a 500.
 */
export function isUniqueViolation(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
