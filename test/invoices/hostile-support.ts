import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { InvoiceParseError } from '../../src/invoices/fields.js';
import { parseInvoiceIsolated } from '../../src/invoices/sandbox/index.js';

/** Shared checks of the hostile-file tests: a clean coded failure, then a good invoice still parses. */
const fixtures = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));
export const LIMITS = { timeoutMs: 15_000, maxMemoryMb: 256 };

const GOOD = [
  `${fixtures}ofdrw__ofdrw/999.ofd`,
  `${fixtures}erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml`,
  `${fixtures}erma0__fapiao-print/sample.ofd`,
];
let turn = 0;

export async function expectCleanFailure(bytes: Uint8Array, code?: string | RegExp): Promise<InvoiceParseError> {
  let caught: unknown;
  try {
    await parseInvoiceIsolated(bytes, LIMITS);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InvoiceParseError);
  const err = caught as InvoiceParseError;
  expect(err.message.length).toBeGreaterThan(0);
  if (typeof code === 'string') expect(err.code).toBe(code);
  else if (code) expect(err.code).toMatch(code);
  return err;
}

export async function expectGoodInvoiceStillParses(): Promise<void> {
  const file = GOOD[turn++ % GOOD.length]!;
  const { fields } = await parseInvoiceIsolated(readFileSync(file), LIMITS);
  expect(compareFields(JSON.parse(readFileSync(`${file}.json`, 'utf8')), fields)).toEqual([]);
}

export const goodPdfBytes = () => readFileSync(`${fixtures}ljfdufe__fapiao-print/7.22底座.pdf`);
