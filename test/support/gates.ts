import { tally } from './tally.js';

/**
 * A suite that needs something from outside the project: a server binary or a browser. Outside CI it is
 * skipped and the summary names it with the reason; in CI (CI=true) the missing requirement fails the
 * suite instead, because .ci/run installs everything the suites need and a skip there would hide a check
 * that never ran.
 */
export function requires(suite: string, available: boolean, missing: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${missing}; CI must provide it`);
  tally('skipped', `${suite}: ${missing}`);
  return false;
}

/**
 * A suite that belongs to one storage pass: PostgreSQL (DATABASE_URL) or BullMQ (REDIS_URL). CI runs both
 * passes, so in the other one it is skipped by design; the summary names it with the pass it runs in.
 */
export function onlyWith(suite: string, variable: 'DATABASE_URL' | 'REDIS_URL'): boolean {
  if (process.env[variable]) return true;
  tally('skipped', `${suite}: runs in the pass with ${variable} set`);
  return false;
}
