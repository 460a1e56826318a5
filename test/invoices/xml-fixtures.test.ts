import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { parseXmlInvoice } from '../../src/invoices/xml/index.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));

function usable(ext: string): { file: string; expected: Record<string, unknown> }[] {
  return readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(`${ext}.json`))
    .map((f) => ({ file: f.slice(0, -'.json'.length), expected: JSON.parse(readFileSync(fixtures + f, 'utf8')) }))
    .filter(({ expected }) => expected.usable !== false)
    .sort((a, b) => a.file.localeCompare(b.file));
}

const cases = usable('.xml');

describe('数电 XML fixtures', () => {
  it('finds the XML fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s parses to its expected fields', (_name, { file, expected }) => {
    const fields = parseXmlInvoice(readFileSync(fixtures + file));
    expect(compareFields(expected, fields)).toEqual([]);
  });
});
