import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { enterprises } from '../../db/schema/index.js';
import { describeUscc, isValidUscc } from '../../domain/uscc.js';
import { conflict, invalid } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const RegisterEnterpriseInput = z.strictObject({
  uscc: z.string().trim().toUpperCase(),
  name: z.string().trim().min(1).max(200),
});
export type RegisterEnterpriseInput = z.infer<typeof RegisterEnterpriseInput>;

export function enterpriseView(row: typeof enterprises.$inferSelect) {
  return {
    uscc: row.uscc,
    name: row.name,
    kind: row.kind,
    city: row.city,
    office: row.office,
    fundingSource: row.fundingSource,
  };
}

/** Registers an applicant unit; the USCC decides kind, city, reviewing office and funding source. */
export async function registerEnterprise(ctx: ServiceContext, input: RegisterEnterpriseInput) {
  assertRole(ctx, 'admin');
  if (!isValidUscc(input.uscc)) {
    throw invalid('INVALID_USCC', 'the USCC fails the GB 32100-2015 / GB 11714 check characters', [
      { path: 'uscc', message: 'invalid check character or shape' },
    ]);
  }
  const info = describeUscc(input.uscc);
  if (!info.inFujian) {
    throw invalid('NOT_IN_FUJIAN', `registration region ${info.region} is outside Fujian (35xxxx)`, [
      { path: 'uscc', message: 'region code must start with 35' },
    ]);
  }
  return verb(ctx, async (tx) => {
    const existing = await tx.select().from(enterprises).where(eq(enterprises.uscc, input.uscc)).limit(1);
    if (existing.length > 0) throw conflict('ENTERPRISE_EXISTS', `enterprise ${input.uscc} is already registered`);
    const [row] = await tx
      .insert(enterprises)
      .values({
        uscc: input.uscc,
        name: input.name,
        kind: info.kind,
        city: info.city,
        office: info.office,
        fundingSource: info.fundingSource,
      })
      .returning();
    const view = enterpriseView(row!);
    return { result: view, audit: { action: 'enterprise.registered', entityType: 'enterprise', entityId: input.uscc, after: view } };
  });
}
