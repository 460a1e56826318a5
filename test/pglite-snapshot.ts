import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.js';
import { migrate, migrationsFolder } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty PGlite data directory (dumpDataDir) that test runtimes start from; '' on Postgres. */
    pgliteSnapshot: string;
  }
}

/**
 * Creating an embedded database and running the migrations costs seconds on every test file that builds a
 * runtime; loading a dump of one already migrated costs about a third of that. The dump is named by what
 * it is made of — the migrations and the PGlite version — so it is made once and kept until either
 * changes, and a test still sees exactly what a fresh start would give.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteSnapshot', '');
    return;
  }
  const file = join(tmpdir(), `cs-pglite-${snapshotKey()}.tar`);
  if (!existsSync(file)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    const client = (database.db as unknown as { $client: { exec(q: string): Promise<unknown>; dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    await client.exec('checkpoint');
    const dump = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer());
    await database.close();
    // Written aside and renamed, so a run that starts meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, dump);
    renameSync(partial, file);
  }
  project.provide('pgliteSnapshot', file);
}

function snapshotKey(): string {
  const hash = createHash('sha256');
  const folder = migrationsFolder();
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    if (name.endsWith('.sql') || name.endsWith('.json')) hash.update(name).update(readFileSync(join(folder, name)));
  }
  // The package exports no package.json; the suite runs from the project root.
  hash.update(readFileSync(join(process.cwd(), 'node_modules/@electric-sql/pglite/package.json')));
  return hash.digest('hex').slice(0, 16);
}
