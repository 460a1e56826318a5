import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '../config.js';

/**
 * The `postgres` driver must carry the closed-socket write guard that scripts/patch-postgres-driver.mjs adds
 * at install time: without it, a database restart during a transaction throws from a timer and ends the
 * process, and losing the database while a new connection reads its types leaves an unhandled rejection. An
 * install that skipped the script (`--ignore-scripts`, a copied node_modules) is refused here,
 * when the service first connects to PostgreSQL, rather than found out at the first restart.
 */
export const DRIVER_PATCH_MARKER = '/* compute-subsidy: closed-socket write guard, type-read guard */';
const DRIVER_FILES = ['src/connection.js', 'cjs/src/connection.js'];

export function installedDriverRoot(): string {
  return dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
}

/** Why the driver under `root` cannot be used, or null when both of its builds are patched. */
export function driverPatchProblem(root: string = installedDriverRoot()): string | null {
  const unpatched = DRIVER_FILES.filter((rel) => {
    const file = join(root, rel);
    return !existsSync(file) || !readFileSync(file, 'utf8').includes(DRIVER_PATCH_MARKER);
  });
  if (unpatched.length === 0) return null;
  return `the postgres driver at ${root} is not patched (${unpatched.join(', ')}): a database restart during a transaction would end the process. Run \`node scripts/patch-postgres-driver.mjs\` (npm install runs it) and start again.`;
}

/** A ConfigError: the entry points print its message alone and exit 78, as for a bad setting. */
export class DriverNotPatchedError extends ConfigError {
  override name = 'DriverNotPatchedError';
}

export function assertDriverPatched(root?: string): void {
  const problem = driverPatchProblem(root);
  if (problem !== null) throw new DriverNotPatchedError(problem);
}
