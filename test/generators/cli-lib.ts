/**
 * The generator CLI's work: options from argv, then a batch written as files, each with
 * `<file>.json` beside it in the fixtures' format (the expected fields plus file, format, usable
 * and notes), and one provider statement per seller whose lines match the batch's invoices.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isValidUscc } from '../../src/domain/uscc.js';
import { generateBatch, type BatchRequest } from './batch.js';
import type { GeneratedInvoice } from './generate.js';
import type { Generation, OutputFormat } from './model.js';
import { statementLineFor } from './statement.js';

export interface CliOptions {
  out: string;
  batch: BatchRequest;
  statements: boolean;
}

export const USAGE =
  'usage: npx tsx test/generators/cli.ts --out DIR [--count 100] [--seed 1] [--formats pdf,ofd,xml] ' +
  '[--generations digital,legacy] [--buyer USCC] [--seller USCC[,USCC…]] [--year 2026] [--red-share 0.1] [--no-statements]';

export class CliError extends Error {
  override name = 'CliError';
}

function list<T extends string>(text: string | undefined, allowed: readonly T[], what: string): T[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = items.filter((s) => !allowed.includes(s as T));
  if (bad.length > 0 || items.length === 0) throw new CliError(`--${what} takes ${allowed.join(', ')}; got ${JSON.stringify(text)}`);
  return items as T[];
}

function integer(text: string | undefined, fallback: number, what: string, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/u.test(text) || Number(text) < min) throw new CliError(`--${what} must be a whole number of at least ${min}, got ${JSON.stringify(text)}`);
  return Number(text);
}

function uscc(text: string, what: string): string {
  if (!isValidUscc(text)) throw new CliError(`--${what} must be a valid 18-character USCC, got ${JSON.stringify(text)}`);
  return text;
}

export function parseCliArgs(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, formats: { type: 'string' },
      generations: { type: 'string' }, buyer: { type: 'string' }, seller: { type: 'string' }, year: { type: 'string' },
      'red-share': { type: 'string' }, 'no-statements': { type: 'boolean' },
    },
    strict: true,
  });
  if (!values.out) throw new CliError('--out is required');
  const redShare = values['red-share'];
  if (redShare !== undefined && !/^(0(\.\d+)?|1(\.0+)?)$/u.test(redShare)) throw new CliError(`--red-share must be between 0 and 1, got ${JSON.stringify(redShare)}`);
  const formats = list<OutputFormat>(values.formats, ['pdf', 'ofd', 'xml'], 'formats');
  const generations = list<Generation>(values.generations, ['digital', 'legacy'], 'generations');
  return {
    out: values.out,
    statements: !values['no-statements'],
    batch: {
      count: integer(values.count, 10, 'count', 1),
      seed: integer(values.seed, 1, 'seed', 0),
      year: integer(values.year, 2026, 'year', 2000),
      ...(formats ? { formats } : {}),
      ...(generations ? { generations } : {}),
      ...(values.buyer ? { buyer: uscc(values.buyer, 'buyer') } : {}),
      ...(values.seller ? { sellers: values.seller.split(',').map((s) => uscc(s.trim(), 'seller')) } : {}),
      ...(redShare !== undefined ? { redShare: Number(redShare) } : {}),
    },
  };
}

/** What the fixtures' notes say: which variant this file is. */
export function describeInvoice(inv: GeneratedInvoice): string {
  const f = inv.expected;
  const parts = [
    `generated (seed ${inv.spec.seed})`,
    `${f.style === 'digital' ? '数电' : 'legacy'} ${f.kind === 'special' ? '专票' : '普票'} ${inv.format.toUpperCase()}`,
    `${f.items.length} line(s), rates ${[...new Set(f.items.map((i) => i.taxRate))].join('/')}`,
  ];
  if (inv.format === 'pdf') parts.push(`${inv.spec.order === 'labelsFirst' ? 'labels-first' : 'reading-order'} text stream`);
  if ((f.pages ?? 1) > 1) parts.push(`${f.pages} pages with 销货清单`);
  if (f.isRed) parts.push(`red, reversing ${f.originalInvoiceCode ? `${f.originalInvoiceCode}/` : ''}${f.originalInvoiceNumber}`);
  return parts.join('; ');
}

export interface Written {
  file: string;
  invoice: GeneratedInvoice;
}

export async function writeBatch(options: CliOptions): Promise<Written[]> {
  const invoices = generateBatch(options.batch);
  await mkdir(options.out, { recursive: true });
  const written: Written[] = [];
  for (const [i, invoice] of invoices.entries()) {
    const file = `${String(i + 1).padStart(4, '0')}_${invoice.fileName}`;
    const json = { file, format: invoice.format, ...invoice.expected, usable: true, notes: describeInvoice(invoice) };
    await writeFile(join(options.out, file), invoice.bytes);
    await writeFile(join(options.out, `${file}.json`), `${JSON.stringify(json, null, 2)}\n`);
    written.push({ file, invoice });
  }
  if (options.statements) await writeStatements(options, written);
  return written;
}

/** statements/<seller USCC>.json: a `PUT /v1/statements/{id}` body covering the seller's invoices. */
async function writeStatements(options: CliOptions, written: Written[]): Promise<void> {
  const bySeller = new Map<string, Written[]>();
  for (const w of written) {
    const seller = w.invoice.expected.seller.taxId ?? 'unknown';
    bySeller.set(seller, [...(bySeller.get(seller) ?? []), w]);
  }
  await mkdir(join(options.out, 'statements'), { recursive: true });
  const year = options.batch.year ?? 2026;
  for (const [seller, items] of bySeller) {
    const body = { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, lines: items.map((w) => statementLineFor(w.invoice)) };
    await writeFile(join(options.out, 'statements', `${seller}.json`), `${JSON.stringify(body, null, 2)}\n`);
  }
}
