import { z } from 'zod';
import { creditListings } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { isValidUscc } from '../../domain/uscc.js';
import { IsoDate } from '../../domain/schemas.js';
import { invalid } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const CreditListingInput = z
  .strictObject({
    uscc: z.string().trim().toUpperCase(),
    list: z.enum(['abnormal', 'dishonest']),
    listedOn: IsoDate,
    removedOn: IsoDate.nullish(),
  })
  .refine((v) => !v.removedOn || v.removedOn >= v.listedOn, { path: ['removedOn'], message: 'must not be before listedOn' });
export type CreditListingInput = z.infer<typeof CreditListingInput>;

/** 三: an entry on 经营异常名录 or 失信名单 (per 信用中国) active on a review date makes a unit ineligible. */
export async function recordCreditListing(ctx: ServiceContext, input: CreditListingInput) {
  assertRole(ctx, 'admin');
  if (!isValidUscc(input.uscc)) {
    throw invalid('INVALID_USCC', 'the USCC fails its check characters', [{ path: 'uscc', message: 'invalid' }]);
  }
  const id = newId('crl');
  const row = { id, uscc: input.uscc, list: input.list, listedOn: input.listedOn, removedOn: input.removedOn ?? null };
  return verb(ctx, async (tx) => {
    await tx.insert(creditListings).values(row);
    return { result: row, audit: { action: 'credit_listing.recorded', entityType: 'credit_listing', entityId: id, after: row } };
  });
}
