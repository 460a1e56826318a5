import { describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { parseXmlInvoice } from '../../src/invoices/xml/index.js';
import { usableFixtureCases } from '../support/fixtures.js';

const cases = usableFixtureCases('.xml');

describe('数电 XML fixtures', () => {
  it('finds the XML fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s parses to its expected fields', (_name, { bytes, expected }) => {
    const fields = parseXmlInvoice(bytes);
    expect(compareFields(expected, fields)).toEqual([]);
  });
});
