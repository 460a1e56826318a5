import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { visibleApplication } from './access.js';
import { applicationView } from './application-view.js';

/** One application with its decisions and their traces; 404 outside the caller's scope. */
export async function getApplication(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx);
  return applicationView(ctx.db, await visibleApplication(ctx.db, p, id));
}
