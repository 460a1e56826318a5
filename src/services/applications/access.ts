import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applications } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { canSeeEnterprise, type UserPrincipal } from '../scope.js';
import type { ApplicationRow } from './move-application.js';

/**
 * The application if `p` may see it: an enterprise its own, a city reviewer its office's, province-wide
 * roles all. Anything else is 404, so another unit's application cannot even be shown to exist.
 */
export async function visibleApplication(db: Queryable, p: UserPrincipal, id: string): Promise<ApplicationRow> {
  const [row] = await db.select().from(applications).where(eq(applications.id, id)).limit(1);
  if (!row || !canSeeEnterprise(p, row.uscc, row.office)) throw notFound('application');
  return row;
}
