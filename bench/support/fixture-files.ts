import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));

export interface FixtureFile {
  name: string;
  bytes: Uint8Array;
}

/** Every fixture invoice whose expected JSON does not mark it unusable, optionally of some extensions. */
export function usableFixtures(extensions: string[] = ['.pdf', '.ofd', '.xml']): FixtureFile[] {
  const out: FixtureFile[] = [];
  for (const dir of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(FIXTURES_DIR, dir.name)).sort()) {
      if (!extensions.some((e) => file.endsWith(e))) continue;
      const expected = JSON.parse(readFileSync(join(FIXTURES_DIR, dir.name, `${file}.json`), 'utf8')) as { usable?: boolean };
      if (expected.usable === false) continue;
      out.push({ name: `${dir.name}/${file}`, bytes: new Uint8Array(readFileSync(join(FIXTURES_DIR, dir.name, file))) });
    }
  }
  return out;
}
