/**
 * Field-by-field accuracy of the invoice parser on the shared fixtures: every usable PDF, OFD
 * and XML file is parsed through parseInvoice and compared with the JSON beside it (after NFKC
 * and white-space folding). Prints per-field accuracy and every mismatch; exits 1 on any mismatch.
 *
 *   npx tsx scripts/invoice-accuracy.ts [fixtures-folder]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPARED_FIELDS, compareFields, type FieldMismatch } from '../src/invoices/common/index.js';
import { InvoiceParseError } from '../src/invoices/fields.js';
import { parseInvoice } from '../src/invoices/parse.js';

const folder = process.argv[2] ?? fileURLToPath(new URL('../../shared/fixtures/invoices/', import.meta.url));

interface Outcome {
  file: string;
  mismatches: FieldMismatch[];
  error?: string;
}

function fixtureFiles(): { file: string; expected: Record<string, unknown> }[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(pdf|ofd|xml)\.json$/iu.test(f))
    .map((f) => ({ file: f.slice(0, -'.json'.length), expected: JSON.parse(readFileSync(join(folder, f), 'utf8')) }))
    .filter(({ expected }) => expected.usable !== false)
    .sort((a, b) => a.file.localeCompare(b.file));
}

async function check(file: string, expected: Record<string, unknown>): Promise<Outcome> {
  try {
    const { fields } = await parseInvoice(readFileSync(join(folder, file)));
    return { file, mismatches: compareFields(expected, fields) };
  } catch (err) {
    const error = err instanceof InvoiceParseError ? `${err.code}: ${err.message}` : String(err);
    return { file, error, mismatches: COMPARED_FIELDS.map((field) => ({ field, expected: expected[field], got: undefined })) };
  }
}

const topField = (field: string) => field.replace(/[.[].*$/u, '');
const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

async function main(): Promise<number> {
  const fixtures = fixtureFiles();
  if (fixtures.length === 0) {
    console.error(`no usable fixtures under ${folder}`);
    return 1;
  }
  const outcomes: Outcome[] = [];
  for (const { file, expected } of fixtures) outcomes.push(await check(file, expected));

  console.log(`Invoice parser accuracy on ${outcomes.length} files (${folder})\n`);
  console.log('field                    right / files');
  for (const field of COMPARED_FIELDS) {
    const right = outcomes.filter((o) => !o.mismatches.some((m) => topField(m.field) === field)).length;
    console.log(`${field.padEnd(24)} ${String(right).padStart(5)} / ${outcomes.length}${right < outcomes.length ? '   ✗' : ''}`);
  }
  const exact = outcomes.filter((o) => o.mismatches.length === 0).length;
  console.log(`\nfiles fully right: ${exact} / ${outcomes.length}`);

  const bad = outcomes.filter((o) => o.mismatches.length > 0);
  if (bad.length > 0) console.log('\nMismatches (file, field, expected, got):');
  for (const o of bad) {
    if (o.error) console.log(`${o.file}\tparse failed\t${o.error}`);
    else for (const m of o.mismatches) console.log(`${o.file}\t${m.field}\t${show(m.expected)}\t${show(m.got)}`);
  }
  return bad.length > 0 ? 1 : 0;
}

process.exitCode = await main();
