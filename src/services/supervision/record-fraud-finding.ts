import { z } from 'zod';
import { fraudFindings } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { isValidUscc } from '../../domain/uscc.js';
import { IsoDate } from '../../domain/schemas.js';
import { invalid } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { applyFraudConsequences } from './fraud-consequences.js';

export const FraudFindingInput = z.strictObject({
  uscc: z.string().trim().toUpperCase(),
  foundOn: IsoDate,
  note: z.string().trim().min(1).max(4000),
});
export type FraudFindingInput = z.infer<typeof FraudFindingInput>;

/**
 * 五(一): a fraud finding bans the unit from all five award types for three years from `foundOn`, and in
 * the same transaction removes it from the selected lists and opens recovery for what it was paid (五(二)).
 */
export async function recordFraudFinding(ctx: ServiceContext, input: FraudFindingInput) {
  assertRole(ctx, 'admin');
  if (!isValidUscc(input.uscc)) {
    throw invalid('INVALID_USCC', 'the USCC fails its check characters', [{ path: 'uscc', message: 'invalid' }]);
  }
  const id = newId('frd');
  const row = { id, uscc: input.uscc, foundOn: input.foundOn, note: input.note, createdBy: actorOf(ctx.principal) };
  return verb(ctx, async (tx) => {
    await tx.insert(fraudFindings).values(row);
    const consequences = await applyFraudConsequences(tx, ctx, row);
    return { result: { ...row, consequences }, audit: { action: 'fraud_finding.recorded', entityType: 'fraud_finding', entityId: id, after: { ...row, consequences } } };
  });
}
