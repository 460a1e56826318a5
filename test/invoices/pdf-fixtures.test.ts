import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assembleFields } from '../../src/invoices/common/index.js';
import { InvoiceFields } from '../../src/invoices/fields.js';
import { draftFromLayout, parsePdfInvoice } from '../../src/invoices/pdf/index.js';
import { PageLayout } from '../../src/invoices/pdf/page-layout.js';
import { readPdfText, type PageText } from '../../src/invoices/pdf/pdfjs-loader.js';
import { sliceRun } from '../../src/invoices/pdf/runs.js';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));

interface Fixture {
  file: string;
  expected: Record<string, unknown>;
}

function pdfFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(`${FIXTURES}${dir.name}`)) {
      if (!name.endsWith('.pdf')) continue;
      const expected = JSON.parse(readFileSync(`${FIXTURES}${dir.name}/${name}.json`, 'utf8')) as Record<string, unknown>;
      if (expected.usable === false) continue;
      out.push({ file: `${dir.name}/${name}`, expected });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** The README's comparison: NFKC and white space collapsed, in every string of the value. */
function fold(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFKC').replace(/\s+/gu, ' ').trim();
  if (Array.isArray(value)) return value.map(fold);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fold(v)]));
  }
  return value;
}

const fixtures = pdfFixtures();
const FIELD_NAMES = Object.keys(InvoiceFields.shape) as (keyof InvoiceFields)[];

describe('PDF fixtures parse to their expected fields', () => {
  it('finds the PDF fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(11);
  });

  it.each(fixtures.map((f) => [f.file, f] as const))('%s', async (_file, fixture) => {
    const bytes = new Uint8Array(readFileSync(`${FIXTURES}${fixture.file}`));
    const fields = await parsePdfInvoice(bytes);
    for (const name of FIELD_NAMES) {
      expect.soft(fold(fields[name]), `${fixture.file}: ${name}`).toEqual(fold(fixture.expected[name]));
    }
    // The expected JSON has no field the schema lacks (file/format/usable/notes aside).
    const extra = Object.keys(fixture.expected).filter(
      (k) => !FIELD_NAMES.includes(k as keyof InvoiceFields) && !['file', 'format', 'usable', 'notes'].includes(k),
    );
    expect(extra).toEqual([]);
  });
});

/**
 * Other generators write the same invoice differently: text in any stream order, or every glyph
 * as a run of its own. The fields must not change.
 */
describe('PDF fixtures read the same from reordered or glyph-by-glyph text', () => {
  const variants: Record<string, (page: PageText) => PageText> = {
    'reversed stream': (p) => ({ ...p, runs: [...p.runs].reverse() }),
    'one run per glyph': (p) => ({
      ...p,
      runs: p.runs.flatMap((r) => [...r.text].map((_, i) => sliceRun(r, i, i + 1)).filter((g) => g.text.trim() !== '')),
    }),
  };

  it.each(fixtures.map((f) => [f.file, f] as const))('%s', async (_file, fixture) => {
    const { pages } = await readPdfText(new Uint8Array(readFileSync(`${FIXTURES}${fixture.file}`)));
    const reference = assembleFields(draftFromLayout(pages.map((p) => new PageLayout(p))));
    for (const [name, change] of Object.entries(variants)) {
      const fields = assembleFields(draftFromLayout(pages.map((p) => new PageLayout(change(p)))));
      expect(fields, name).toEqual(reference);
    }
  });
});
