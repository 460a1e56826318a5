import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StatementLineInput } from '../../src/services/statements/statement-input.js';
import { CliError, parseCliArgs, writeBatch } from './cli-lib.js';
import { generateBatch, generateInvoice, statementLineFor } from './index.js';

const BUYER = '91350100MA2Y3Q8XX8';
const SELLERS = ['91350200MA3YB7KD6D', '91110108MA01ABCD5T'];

describe('generateBatch', () => {
  const batch = generateBatch({ count: 60, seed: 5, buyer: BUYER, sellers: SELLERS, year: 2026, redShare: 0.2 });

  it('issues every invoice to the buyer from one of the providers, inside the year, with unique numbers', () => {
    expect(batch).toHaveLength(60);
    for (const { expected: f } of batch) {
      expect(f.buyer.taxId).toBe(BUYER);
      expect(SELLERS).toContain(f.seller.taxId);
      expect(f.issueDate.startsWith('2026-')).toBe(true);
    }
    const keys = batch.map((i) => `${i.expected.invoiceCode ?? ''}/${i.expected.invoiceNumber}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('links each red invoice to a blue invoice of the batch, of the same generation and parties, reversed at most once', () => {
    const reds = batch.filter((i) => i.expected.isRed);
    expect(reds.length).toBeGreaterThan(3);
    const originals = reds.map((red) => {
      const blue = batch.find((b) => !b.expected.isRed && b.expected.invoiceNumber === red.expected.originalInvoiceNumber);
      expect(blue?.expected.style).toBe(red.expected.style);
      expect(blue?.expected.invoiceCode ?? null).toBe(red.expected.originalInvoiceCode);
      expect(blue?.expected.seller).toEqual(red.expected.seller);
      return red.expected.originalInvoiceNumber;
    });
    expect(new Set(originals).size).toBe(originals.length);
  });

  it('writes only the formats and generations asked for', () => {
    const xmlOnly = generateBatch({ count: 5, seed: 6, formats: ['xml'] });
    expect(xmlOnly.every((i) => i.format === 'xml' && i.expected.style === 'digital')).toBe(true);
    const legacy = generateBatch({ count: 5, seed: 6, generations: ['legacy'], formats: ['ofd'] });
    expect(legacy.every((i) => i.format === 'ofd' && i.expected.style === 'legacy')).toBe(true);
    expect(() => generateBatch({ count: 1, seed: 1, generations: ['legacy'], formats: ['xml'] })).toThrow();
  });
});

describe('statementLineFor', () => {
  it('gives the matching provider statement line, valid for the statements API', () => {
    const inv = generateInvoice({ seed: 12, generation: 'legacy', buyer: BUYER, itemCount: 1, rates: 'standard' });
    const line = statementLineFor(inv);
    expect(line).toMatchObject({
      customerUscc: BUYER,
      invoiceNumber: inv.expected.invoiceNumber,
      invoiceCode: inv.expected.invoiceCode,
      issueDate: inv.expected.issueDate,
      amount: inv.expected.totalWithTax,
      serviceType: inv.doc.lines[0]!.serviceType,
    });
    expect(StatementLineInput.safeParse(line).success).toBe(true);
    expect(statementLineFor(inv, 'storage', 'L-1')).toMatchObject({ serviceType: 'storage', lineId: 'L-1' });
  });

  it('gives a valid credit line for every invoice of a batch, red ones negative', () => {
    for (const inv of generateBatch({ count: 30, seed: 8, redShare: 0.3 })) {
      const line = statementLineFor(inv);
      expect(StatementLineInput.safeParse(line).error).toBeUndefined();
      expect(line.amount.startsWith('-')).toBe(inv.expected.isRed);
    }
  });
});

describe('the CLI', () => {
  it('writes each file with its expected fields in the fixture format, and one statement per provider', async () => {
    const out = await mkdtemp(join(tmpdir(), 'invoices-'));
    try {
      const options = parseCliArgs(['--count', '6', '--out', out, '--seed', '2', '--formats', 'xml,ofd', '--buyer', BUYER, '--seller', SELLERS.join(',')]);
      const written = await writeBatch(options);
      const files = await readdir(out);
      expect(files.filter((f) => !f.endsWith('.json') && f !== 'statements')).toHaveLength(6);
      for (const w of written) {
        expect(Buffer.from(await readFile(join(out, w.file))).equals(Buffer.from(w.invoice.bytes))).toBe(true);
        const json = JSON.parse(await readFile(join(out, `${w.file}.json`), 'utf8')) as Record<string, unknown>;
        expect(json).toEqual({ file: w.file, format: w.invoice.format, ...w.invoice.expected, usable: true, notes: expect.stringContaining('generated') });
      }
      const statements = await readdir(join(out, 'statements'));
      const lines = await Promise.all(statements.map(async (s) => (JSON.parse(await readFile(join(out, 'statements', s), 'utf8')) as { lines: unknown[] }).lines));
      expect(lines.flat()).toHaveLength(6);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a message', () => {
    expect(() => parseCliArgs(['--count', '3'])).toThrow(CliError);
    expect(() => parseCliArgs(['--out', '/tmp/x', '--formats', 'pdf,docx'])).toThrow(/--formats/u);
    expect(() => parseCliArgs(['--out', '/tmp/x', '--buyer', '91350100MA2Y3Q8X1K'])).toThrow(/USCC/u);
    expect(parseCliArgs(['--out', '/tmp/x']).batch).toEqual({ count: 10, seed: 1, year: 2026 });
  });
});
