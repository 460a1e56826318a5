import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared real-invoice fixtures, laid beside the repository (../shared) in development and CI. */
export const FIXTURES = new URL('../../../shared/fixtures/invoices/', import.meta.url);

export function fixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(relative, FIXTURES)));
}

export function fixtureExpected(relative: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`${relative}.json`, FIXTURES), 'utf8'));
}

/** Every fixture of one extension, with its expected fields (sanitised ones, `usable: false`, included). */
export function allFixtureCases(ext: string): { file: string; bytes: Uint8Array; expected: Record<string, unknown> }[] {
  const root = fileURLToPath(FIXTURES);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(`${ext}.json`))
    .map((f) => f.slice(0, -'.json'.length))
    .map((file) => ({ file, bytes: fixtureBytes(file), expected: fixtureExpected(file) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Fixtures of one extension whose expected JSON does not mark them unusable, with their expected fields. */
export function usableFixtureCases(ext: string): { file: string; bytes: Uint8Array; expected: Record<string, unknown> }[] {
  return allFixtureCases(ext).filter(({ expected }) => expected.usable !== false);
}
