import { z } from 'zod';
import { invalid } from '../errors.js';
import { visibleApplication } from '../applications/access.js';
import { applicationView } from '../applications/application-view.js';
import { assertRevision, assertTransition, moveApplication } from '../applications/move-application.js';
import { maxDate } from '../../domain/dates.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const ExtensionInput = z.strictObject({
  months: z.number().int().min(1).max(120),
  note: z.string().trim().min(1).max(4000),
});
export type ExtensionInput = z.infer<typeof ExtensionInput>;

/**
 * 五(三) "经申请批准后，最长延期6个月": the recommending city office approves an extension of a vertical
 * model's implementation period; all extensions together stay within the parameter's maximum.
 */
export async function approveExtension(ctx: ServiceContext, id: string, input: ExtensionInput, expectedRevision?: number) {
  const p = assertRole(ctx, 'city_reviewer');
  const row = await visibleApplication(ctx.db, p, id);
  assertRevision(row, expectedRevision);
  assertTransition(row, 'extend');
  const params = await loadParameterSet(ctx.db);
  const today = shanghaiDate(ctx.clock());
  const max = params.whole('vertical.acceptanceExtensionMaxMonths', maxDate(today, params.firstDayAllInForce()));
  const total = row.extensionMonths + input.months;
  if (total > max.value) {
    throw invalid('EXTENSION_TOO_LONG', `extensions would total ${total} months; at most ${max.value} (${max.clause}), ${row.extensionMonths} already approved`, [
      { path: 'months', message: `at most ${max.value - row.extensionMonths}` },
    ]);
  }
  return verb(ctx, async (tx) => {
    const move = await moveApplication(tx, ctx, row, 'extend', {
      note: input.note,
      details: { months: input.months, totalMonths: total, maxMonths: max.value },
      set: { extensionMonths: total },
    });
    return { result: await applicationView(tx, move.row), audit: move.audit };
  });
}
