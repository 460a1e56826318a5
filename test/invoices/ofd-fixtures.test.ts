import { describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { parseOfdInvoice } from '../../src/invoices/ofd/index.js';
import { usableFixtureCases } from '../support/fixtures.js';

const cases = usableFixtureCases('.ofd');

describe('OFD fixtures', () => {
  it('finds the OFD fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s parses to its expected fields', (_name, { bytes, expected }) => {
    const fields = parseOfdInvoice(bytes);
    expect(compareFields(expected, fields)).toEqual([]);
  });
});
