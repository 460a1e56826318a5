import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { installments } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { visibleApplication } from '../applications/access.js';
import { applicationView } from '../applications/application-view.js';
import { assertRevision, assertTransition, moveApplication, recordExtraAudit } from '../applications/move-application.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const AcceptanceInput = z.strictObject({
  passed: z.boolean(),
  note: z.string().trim().min(1).max(4000),
});
export type AcceptanceInput = z.infer<typeof AcceptanceInput>;

/**
 * 五(三): the recommending city office accepts (验收) a vertical model after its implementation period.
 * Passed: the remaining installment becomes payable. Failed: it is cancelled and never paid.
 */
export async function recordAcceptance(ctx: ServiceContext, id: string, input: AcceptanceInput, expectedRevision?: number) {
  const p = assertRole(ctx, 'city_reviewer');
  const row = await visibleApplication(ctx.db, p, id);
  assertRevision(row, expectedRevision);
  const event = input.passed ? 'acceptance_passed' : 'acceptance_failed';
  assertTransition(row, event);
  return verb(ctx, async (tx) => {
    const [second] = await tx
      .update(installments)
      .set(input.passed ? { status: 'payable' } : { status: 'cancelled', cancelledAt: new Date() })
      .where(and(eq(installments.applicationId, row.id), eq(installments.on, 'acceptance'), eq(installments.status, 'pending')))
      .returning();
    const move = await moveApplication(tx, ctx, row, event, {
      note: input.note,
      details: second ? { installment: { id: second.id, amount: formatYuan(second.amount), status: second.status } } : {},
    });
    if (second) {
      await recordExtraAudit(tx, ctx, {
        action: input.passed ? 'installment.payable' : 'installment.cancelled',
        entityType: 'installment',
        entityId: second.id,
        before: { status: 'pending', amount: formatYuan(second.amount) },
        after: { status: second.status, amount: formatYuan(second.amount), reason: input.passed ? 'acceptance passed (五(三))' : 'acceptance failed (五(三))' },
      });
    }
    return { result: await applicationView(tx, move.row), audit: move.audit };
  });
}
