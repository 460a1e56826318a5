import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config.js';

/**
 * The `postgres` driver must carry the patches scripts/patch-postgres-driver.mjs applies at install time:
 * without the closed-socket write guard, a database restart during a transaction throws from a timer and ends
 * the process, and losing the database while a new connection reads its types leaves an unhandled rejection;
 * without the queue fix, the pool's bookkeeping slows every query down under steady load. An install that
 * skipped the script (`--ignore-scripts`, a copied node_modules) is refused here, when the service first
 * connects to PostgreSQL, rather than found out at the first restart.
 */
const CONNECTION_MARKER = '/* compute-subsidy: closed-socket write guard, type-read guard */';
const QUEUE_MARKER = '/* compute-subsidy: queue without a growing blank prefix */';
/** The marker each patched file of the driver's two builds (ESM and CommonJS) carries. */
export const DRIVER_PATCH_MARKERS: Record<string, string> = {
  'src/connection.js': CONNECTION_MARKER,
  'cjs/src/connection.js': CONNECTION_MARKER,
  'src/queue.js': QUEUE_MARKER,
  'cjs/src/queue.js': QUEUE_MARKER,
};

export function installedDriverRoot(): string {
  return dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
}

/** Why the driver under `root` cannot be used, or null when every file of both of its builds is patched. */
export function driverPatchProblem(root: string = installedDriverRoot()): string | null {
  const unpatched = Object.entries(DRIVER_PATCH_MARKERS)
    .filter(([rel, marker]) => {
      const file = join(root, rel);
      return !existsSync(file) || !readFileSync(file, 'utf8').includes(marker);
    })
    .map(([rel]) => rel);
  if (unpatched.length === 0) return null;
  return `the postgres driver at ${root} is not patched (${unpatched.join(', ')}): without its patches a database restart during a transaction would end the process and the pool would slow down under steady load. Run \`node scripts/patch-postgres-driver.mjs\` (npm install runs it) and start again.`;
}

/** A ConfigError: the entry points print its message alone and exit 78, as for a bad setting. */
export class DriverNotPatchedError extends ConfigError {
  override name = 'DriverNotPatchedError';
}

export function assertDriverPatched(root?: string): void {
  const problem = driverPatchProblem(root);
  if (problem !== null) throw new DriverNotPatchedError(problem);
}
