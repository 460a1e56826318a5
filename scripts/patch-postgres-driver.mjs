// Runs after `npm install`/`npm ci`: fixes a crash in the `postgres` driver (porsager/postgres#1154,
// #1208; fix proposed upstream in #1168/#1209, not released as of 3.4.9).
//
// When the database closes a connection that is inside a transaction (a restart, a failover, an admin
// terminating backends), the driver still sends ROLLBACK on it. That write is deferred with setImmediate
// and then calls `socket.write` on the socket that `closed()` already set to null: a TypeError thrown
// from a timer, which no caller can catch and which ends the whole process. The teardown also leaves the
// deferred-write state set, so bytes meant for the dead socket would lead the next connection's stream.
//
// The patch makes a write on a closed connection fail the queries waiting on it (CONNECTION_CLOSED, a
// normal catchable error) and clears the deferred-write state on teardown.
//
// A new connection first reads the database's array types (fetch_types). The driver starts that read from
// its message handler without waiting on it, so when the database goes away during it (a connection reset
// while PostgreSQL stops) the read's rejection is unhandled, which ends a Node process by default. The patch
// catches it (the connection's own error handling fails or retries its queries) and reads the types again on
// the next connect. It is applied once, checked by
// a marker (src/db/driver-patch.ts checks it again when the service opens a Postgres connection), and the
// install fails loudly if the driver is installed but its code no longer fits.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const MARKER = '/* compute-subsidy: closed-socket write guard, type-read guard */';
/** The driver's two builds: ESM (what the service imports) and CommonJS. */
export const CONNECTION_FILES = ['src/connection.js', 'cjs/src/connection.js'];

export const EDITS = [
  {
    from: 'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    to: `function nextWrite(fn) {\n    ${MARKER}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  },
  {
    from: 'clearImmediate(nextWriteTimer)\n    if (socket) {',
    to: 'clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {',
  },
  {
    from: '        return fetchArrayTypes()\n',
    to: '        return fetchArrayTypes().catch(() => { needsTypes = true })\n',
  },
  {
    from: 'remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n',
    to: 'remaining = 0\n    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n',
  },
];

/** The installed driver's package folder, or null when it is not installed. */
export function installedDriverRoot() {
  try {
    // The package exports no package.json; its CommonJS entry is <root>/cjs/src/index.js.
    return dirname(dirname(dirname(createRequire(import.meta.url).resolve('postgres'))));
  } catch {
    return null;
  }
}

/**
 * Patches both builds of the driver under `root`; returns the files it changed. Throws when a build is
 * missing or its code no longer matches what the patch expects.
 */
export function patchDriver(root) {
  const changed = [];
  for (const rel of CONNECTION_FILES) {
    const file = join(root, rel);
    if (!existsSync(file)) throw new Error(`patch-postgres-driver: ${rel} is missing from the installed driver (${root})`);
    let text = readFileSync(file, 'utf8');
    if (text.includes(MARKER)) continue;
    for (const { from, to } of EDITS) {
      if (text.split(from).length !== 2) {
        const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
        throw new Error(`patch-postgres-driver: postgres ${version} ${rel} no longer matches; check whether the upstream fix landed and update or drop scripts/patch-postgres-driver.mjs`);
      }
      text = text.replace(from, to);
    }
    writeFileSync(file, text);
    changed.push(rel);
  }
  return changed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = installedDriverRoot();
  // Not installed (a partial install, or the package was removed): nothing to patch, nothing to run.
  if (root === null) process.exit(0);
  try {
    patchDriver(root);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
