import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, which source paths are relative to. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The TypeScript files at or under `path` (relative to the root), as paths relative to the root. */
export function sourceFiles(path: string): string[] {
  if (!existsSync(join(ROOT, path))) return [];
  if (/\.tsx?$/.test(path)) return [path];
  return readdirSync(join(ROOT, path), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => join(path, f));
}
