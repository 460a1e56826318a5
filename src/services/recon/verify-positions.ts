import type { ServiceContext } from '../context.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { assertRole } from '../scope.js';
import { verifyPositions } from './positions.js';

/**
 * Admin and auditor: every maintained year position recomputed from scratch and compared with what is
 * stored, totals and each invoice's part. Reads only; `mismatches` is empty when they agree.
 */
export async function verifyComputePositions(ctx: ServiceContext) {
  assertRole(ctx, 'admin', 'auditor');
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  const { checked, awaitingRefresh, mismatches } = await verifyPositions(ctx.db, params, asOf);
  return { asOf, checked, awaitingRefresh, consistent: mismatches.length === 0, mismatches: mismatches.slice(0, 1000) };
}
