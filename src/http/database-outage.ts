import { connectionProblem } from '../logger.js';
import type { AppDeps } from './env.js';

/** What a 503 for an unreachable database asks the caller to wait before sending the request again. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * True when `err` is a connection-level failure (refused, reset, terminated, the server shutting down): the
 * request is answered 503, not 500, by the API and the console alike. It is reported to the process's outage
 * reporter, which says once that the database is gone and once that it is back; every request of an outage
 * logging its own error would bury that line.
 */
export function databaseUnavailable(deps: Pick<AppDeps, 'databaseOutage'>, err: unknown): boolean {
  if (!connectionProblem(err)) return false;
  deps.databaseOutage.failed(err);
  return true;
}
