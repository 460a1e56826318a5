import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { shanghaiDate } from '../policy/index.js';
import { releaseFrozenInvoices } from './compute-claim.js';
import type { WithdrawInput } from './application-input.js';
import { visibleApplication } from './access.js';
import { applicationView } from './application-view.js';
import { assertRevision, assertTransition, moveApplication } from './move-application.js';

/**
 * The applicant withdraws an application its city office has not yet recommended (submitted, or
 * returned for changes): it ends without an award, so the invoices a compute claim froze are released
 * and a new application for the same type and year may follow.
 */
export async function withdrawApplication(ctx: ServiceContext, id: string, input: WithdrawInput, expectedRevision?: number) {
  const p = assertRole(ctx, 'enterprise', 'admin');
  const row = await visibleApplication(ctx.db, p, id);
  assertRevision(row, expectedRevision);
  assertTransition(row, 'withdraw');
  return verb(ctx, async (tx) => {
    const released = await releaseFrozenInvoices(tx, row.id, shanghaiDate(ctx.clock()));
    const move = await moveApplication(tx, ctx, row, 'withdraw', {
      note: input.reason,
      details: released ? { releasedInvoices: released } : {},
    });
    return { result: await applicationView(tx, move.row), audit: move.audit };
  });
}
