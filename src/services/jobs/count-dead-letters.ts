import { openDeadLetterCount } from '../../jobs/dead-letters.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

/** How many jobs wait for an operator, for the admin's dashboard. */
export async function countDeadLetters(ctx: ServiceContext): Promise<number> {
  assertRole(ctx, 'admin');
  return openDeadLetterCount(ctx.db);
}
