/**
 * What checking the embedded signature adds to parsing a signed PDF invoice, on the same files in one run.
 *
 *   npx tsx bench/signature.bench.ts [rounds]
 *
 * Every signed real PDF fixture (adbe.pkcs7.detached and adbe.x509.rsa_sha1) is parsed with the check
 * and without it (`parseInvoice(bytes, { signatures: false })`, the same parse minus the check). Rounds
 * alternate between the two so background load spreads evenly; the figure is the median time per
 * invoice of each, and the ratio with ÷ without. Target: the check adds ≤ 10%.
 */
import { parseInvoice } from '../src/invoices/parse.js';
import { checkSignatures } from '../src/invoices/signature/index.js';
import type { InvoiceFields } from '../src/invoices/fields.js';
import { median, report } from './lib.js';
import { FIXTURES_DIR, usableFixtures } from './support/fixture-files.js';

const rounds = Number(process.argv[2] ?? 20);

async function main(): Promise<void> {
  const pdfs = usableFixtures(['.pdf']);
  if (pdfs.length === 0) throw new Error(`no PDF fixtures under ${FIXTURES_DIR}`);
  // The signed ones, as the check itself finds them.
  const signed: typeof pdfs = [];
  const fieldsOf = new Map<Uint8Array, InvoiceFields>();
  const kinds = new Map<string, number>();
  for (const f of pdfs) {
    const sig = (await parseInvoice(f.bytes)).signature.result;
    if (sig.status === 'unsigned') continue;
    if (sig.status !== 'valid') throw new Error(`${f.name}: its signature is ${sig.status} (${sig.code}), not a fair file to time`);
    signed.push(f);
    fieldsOf.set(f.bytes, (await parseInvoice(f.bytes, { signatures: false })).fields);
    kinds.set(sig.kind ?? '?', (kinds.get(sig.kind ?? '?') ?? 0) + 1);
  }
  if (signed.length === 0) throw new Error('no signed PDF fixture');

  const tasks = {
    'parse without the signature check': (b: Uint8Array) => parseInvoice(b, { signatures: false }),
    'parse with the signature check': (b: Uint8Array) => parseInvoice(b),
    // The check by itself on the fields already read: the same work, timed without the parse around it.
    'signature check alone': (b: Uint8Array) =>
      checkSignatures(b, 'pdf', fieldsOf.get(b)!, { readRevision: (r) => parseInvoice(r, { signatures: false }).then((p) => p.fields), differences: () => [] }),
  };
  for (let w = 0; w < 3; w++) for (const task of Object.values(tasks)) for (const f of signed) await task(f.bytes);

  const totals = new Map<string, number[]>(Object.keys(tasks).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    // Alternating which goes first cancels any advantage of running second (a warmer cache, a quieter moment).
    const order = r % 2 ? Object.entries(tasks).reverse() : Object.entries(tasks);
    for (const [name, task] of order) {
      const start = performance.now();
      for (const f of signed) await task(f.bytes);
      totals.get(name)!.push((performance.now() - start) / signed.length);
    }
  }
  const without = median(totals.get('parse without the signature check')!);
  const withCheck = median(totals.get('parse with the signature check')!);
  const ratio = withCheck / without;
  const alone = median(totals.get('signature check alone')!);
  const mix = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');

  console.log(`${signed.length} signed PDF invoices (${mix}), ${rounds} rounds after warm-up`);
  for (const [name, ms] of totals) console.log(`${name.padEnd(36)} median ${median(ms).toFixed(2).padStart(7)} ms/invoice`);
  console.log(`\nratio with ÷ without: ${ratio.toFixed(3)}x   target <= 1.10x`);
  console.log(`the check alone: ${alone.toFixed(2)} ms/invoice, ${((100 * alone) / without).toFixed(1)}% of the parse without it`);

  const unit = 'ms/invoice';
  report('signature', [
    { figure: 'signed PDF parse, signature check off', value: without, unit },
    {
      figure: 'signed PDF parse with the signature check',
      value: withCheck,
      unit,
      baseline: { label: 'same parse, check off', value: without, unit },
      ratio,
      target: '≤ 1.10×',
      met: ratio <= 1.1,
      note: `${signed.length} signed real PDF fixtures (${mix}); medians of ${rounds} alternating rounds`,
    },
    {
      figure: 'signature check alone, signed PDF',
      value: alone,
      unit,
      baseline: { label: 'parse, check off', value: without, unit },
      ratio: alone / without,
      target: '≤ 0.10×',
      met: alone / without <= 0.1,
      note: 'the same check timed on its own (fields already read): less exposed to load than the difference of two parse timings',
    },
  ]);
}

await main();
