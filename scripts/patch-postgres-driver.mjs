// Runs after `npm install`/`npm ci`: fixes two crashes and a slowdown in the `postgres` driver.
//
// Crashes (porsager/postgres#1154, #1208; fix proposed upstream in #1168/#1209, not released as of 3.4.9):
// when the database closes a connection that is inside a transaction (a restart, a failover, an admin
// terminating backends), the driver still sends ROLLBACK on it. That write is deferred with setImmediate
// and then calls `socket.write` on the socket that `closed()` already set to null: a TypeError thrown
// from a timer, which no caller can catch and which ends the whole process. The teardown also leaves the
// deferred-write state set, so bytes meant for the dead socket would lead the next connection's stream.
// The patch makes a write on a closed connection fail the queries waiting on it (CONNECTION_CLOSED, a
// normal catchable error) and clears the deferred-write state on teardown.
//
// A new connection first reads the database's array types (fetch_types). The driver starts that read from
// its message handler without waiting on it, so when the database goes away during it (a connection reset
// while PostgreSQL stops) the read's rejection is unhandled, which ends a Node process by default. The patch
// catches it (the connection's own error handling fails or retries its queries) and reads the types again on
// the next connect.
//
// Slowdown: the pool keeps its connections in queues whose `shift` only blanks the slot it takes, and the
// array is emptied only when the queue runs dry. Under steady load the queue of busy connections never does,
// so it grows by one slot per query and `remove` (indexOf from the start) scans every blank slot: at 4,000
// requests/s it was 6% of the API process's time within seconds, and the array never shrank. The patch
// searches from the queue's head and drops the blank prefix once it is half the array.
//
// Each patch is applied once, checked by its marker (src/db/driver-patch.ts checks them again when the service
// opens a Postgres connection), and the install fails loudly if the driver is installed but its code no
// longer fits.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONNECTION_MARKER = '/* compute-subsidy: closed-socket write guard, type-read guard */';
const QUEUE_MARKER = '/* compute-subsidy: queue without a growing blank prefix */';

const CONNECTION_EDITS = [
  {
    from: 'function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    to: `function nextWrite(fn) {\n    ${CONNECTION_MARKER}\n    if (!socket) {\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
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

const QUEUE_EDITS = [
  {
    from: 'remove: (x) => {\n      const index = xs.indexOf(x)\n      return index === -1\n        ? null\n        : (xs.splice(index, 1), x)',
    to: `remove: (x) => {\n      ${QUEUE_MARKER}\n      const at = xs.indexOf(x, index)\n      return at === -1\n        ? null\n        : (xs.splice(at, 1), x)`,
  },
  {
    from: '      } else {\n        xs[index - 1] = undefined\n      }',
    to: '      } else {\n        xs[index - 1] = undefined\n        if (index >= 1024 && index * 2 >= xs.length) {\n          xs = xs.slice(index)\n          index = 0\n        }\n      }',
  },
];

/** Each patch: its marker, its edits, and the driver's two builds of the file it edits (ESM, what the service imports, and CommonJS). */
export const PATCHES = [
  { marker: CONNECTION_MARKER, edits: CONNECTION_EDITS, files: ['src/connection.js', 'cjs/src/connection.js'] },
  { marker: QUEUE_MARKER, edits: QUEUE_EDITS, files: ['src/queue.js', 'cjs/src/queue.js'] },
];
/** Every file a patch edits. */
export const PATCHED_FILES = PATCHES.flatMap((p) => p.files);

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
 * Patches both builds of every file a patch edits in the driver under `root`; returns the files it changed.
 * Throws when a build is missing or its code no longer matches what the patch expects.
 */
export function patchDriver(root) {
  const changed = [];
  for (const { marker, edits, files } of PATCHES) {
    for (const rel of files) {
      const file = join(root, rel);
      if (!existsSync(file)) throw new Error(`patch-postgres-driver: ${rel} is missing from the installed driver (${root})`);
      let text = readFileSync(file, 'utf8');
      if (text.includes(marker)) continue;
      for (const { from, to } of edits) {
        if (text.split(from).length !== 2) {
          const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
          throw new Error(`patch-postgres-driver: postgres ${version} ${rel} no longer matches; check whether the upstream fix landed and update or drop scripts/patch-postgres-driver.mjs`);
        }
        text = text.replace(from, to);
      }
      writeFileSync(file, text);
      changed.push(rel);
    }
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
