import { eq } from 'drizzle-orm';
import { enterprises } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { enterpriseView } from './register-enterprise.js';

export async function getEnterprise(ctx: ServiceContext, uscc: string) {
  const p = assertRole(ctx);
  const [row] = await ctx.db.select().from(enterprises).where(eq(enterprises.uscc, uscc)).limit(1);
  if (!row || !canSeeEnterprise(p, row.uscc, row.office)) throw notFound('enterprise');
  return enterpriseView(row);
}
