import { readFileSync } from 'node:fs';

/** The shared real-invoice fixtures, laid beside the repository (../shared) in development and CI. */
export const FIXTURES = new URL('../../../shared/fixtures/invoices/', import.meta.url);

export function fixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(relative, FIXTURES)));
}

export function fixtureExpected(relative: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`${relative}.json`, FIXTURES), 'utf8'));
}
