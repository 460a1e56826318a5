import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { DRIVER_PATCH_MARKERS, driverPatchProblem, installedDriverRoot } from '../../src/db/driver-patch.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { PATCHED_FILES, PATCHES, patchDriver } from '../../scripts/patch-postgres-driver.mjs';

interface Patch {
  marker: string;
  edits: { from: string; to: string }[];
  files: string[];
}
const patches = PATCHES as Patch[];
const patchedFiles = PATCHED_FILES as string[];

/**
 * The install-time patch of the `postgres` driver and its start-up check, on copies of the driver: an
 * unpatched copy is refused when the service opens PostgreSQL, the script patches it, and a driver whose
 * code changed fails the install instead of passing silently.
 */
const scratch = mkdtempSync(join(tmpdir(), 'cs-driver-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the installed driver with the patch taken out again, as `npm install --ignore-scripts` would leave it. */
function unpatchedCopy(name: string): string {
  const root = join(scratch, name);
  cpSync(installedDriverRoot(), root, { recursive: true });
  for (const { edits, files } of patches) {
    for (const rel of files) {
      let text = readFileSync(join(root, rel), 'utf8');
      for (const { from, to } of [...edits].reverse()) text = text.replace(to, from);
      writeFileSync(join(root, rel), text);
    }
  }
  return root;
}

describe('the postgres driver patch', () => {
  it('is in place in the installed driver, with the markers the service checks for', () => {
    expect(Object.fromEntries(patches.flatMap((p) => p.files.map((f) => [f, p.marker])))).toEqual(DRIVER_PATCH_MARKERS);
    expect(driverPatchProblem()).toBeNull();
  });

  it('the pool queue keeps its order and removals after many more queries than connections', async () => {
    type Queue = { length: number; push(x: number): number; shift(): number | undefined; remove(x: number): number | null };
    const load = async (root: string) => ((await import(pathToFileURL(join(root, 'src/queue.js')).href)) as { default: (initial?: number[]) => Queue }).default;
    const [patched, unpatched] = await Promise.all([load(installedDriverRoot()), load(unpatchedCopy('queue'))]);
    // The pool's pattern under load: the busy queue is never empty, a connection leaves it at the head and comes
    // back at the tail, and now and then one leaves from the middle (idle again) and returns later.
    const run = (make: (initial?: number[]) => Queue) => {
      const q = make([1, 2, 3, 4]);
      const seen: (number | null | undefined)[] = [];
      let out: number[] = [];
      for (let i = 0; i < 5_000; i++) {
        const c = q.shift()!;
        seen.push(c);
        q.push(c);
        if (i % 7 === 0) {
          const gone = 1 + (i % 4);
          seen.push(q.remove(gone));
          if (q.remove(gone) !== null) throw new Error('removed twice');
          out.push(gone);
        }
        if (i % 7 === 3 && out.length) {
          q.push(out[0]!);
          out = out.slice(1);
        }
        seen.push(q.length);
      }
      return seen;
    };
    expect(run(patched)).toEqual(run(unpatched));
  });

  it('an unpatched driver is refused when the service opens PostgreSQL, with what to run', async () => {
    const root = unpatchedCopy('unpatched');
    expect(driverPatchProblem(root)).toContain('not patched');
    await expect(openDatabase({ url: 'postgres://127.0.0.1:1/none', postgresDriverRoot: root })).rejects.toThrow(/not patched .*patch-postgres-driver\.mjs/s);
    // The embedded database does not use the driver and still opens.
    const embedded = await openDatabase({ dataDir: 'memory://', postgresDriverRoot: root });
    await embedded.close();
  });

  it('a database lost while a new connection reads its array types fails the query, with no unhandled rejection', () => {
    // In a process of its own, against a server that resets the connection when the type query arrives.
    const run = (root: string) =>
      JSON.parse(execFileSync(process.execPath, [new URL('../support/type-read-reset.mjs', import.meta.url).pathname, root], { encoding: 'utf8', timeout: 20_000 }).trim()) as {
        typeQueries: number;
        outcome: string;
        unhandled: string[];
      };
    expect(run(installedDriverRoot())).toEqual({ typeQueries: 1, outcome: 'ECONNRESET', unhandled: [] });
    // Without the patch the same loss is an unhandled rejection, which ends a Node process by default.
    expect(run(unpatchedCopy('type-read'))).toMatchObject({ typeQueries: 1, unhandled: ['ECONNRESET'] });
  });

  it('the install script patches it, once', () => {
    const root = unpatchedCopy('to-patch');
    expect(patchDriver(root)).toEqual(patchedFiles);
    expect(driverPatchProblem(root)).toBeNull();
    expect(patchDriver(root)).toEqual([]);
  });

  it('a driver whose code no longer fits, or with a build missing, fails the install', () => {
    const changed = unpatchedCopy('changed');
    const file = join(changed, patchedFiles[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('function nextWrite(fn) {', 'function nextWrite(fn, more) {'));
    expect(() => patchDriver(changed)).toThrow(/no longer matches/);

    const partial = unpatchedCopy('partial');
    rmSync(join(partial, patchedFiles[1]!));
    expect(() => patchDriver(partial)).toThrow(/missing/);
  });
});
