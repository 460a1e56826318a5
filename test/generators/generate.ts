/**
 * The generator's entry points: one invoice from a seed or a request, and the red-letter invoice
 * reversing a generated one. Each result carries the file bytes and the fields a correct parser
 * returns for them.
 */
import type { InvoiceFields } from '../../src/invoices/fields.js';
import { buildBlueDoc } from './build-doc.js';
import { expectedFields } from './expected.js';
import type { InvoiceDoc, OutputFormat } from './model.js';
import { renderOfd } from './ofd/render.js';
import { derive } from './random.js';
import { buildRedDoc } from './red.js';
import { renderPdf } from './render/pdf.js';
import { renderXml } from './render/xml.js';
import { SpecError, resolveSpec, type InvoiceRequest, type InvoiceSpec } from './spec.js';

export interface GeneratedInvoice {
  format: OutputFormat;
  bytes: Uint8Array;
  expected: InvoiceFields;
  /** A name for the file: `<number>.<ext>` (数电) or `<code>_<number>.<ext>` (legacy). */
  fileName: string;
  spec: InvoiceSpec;
  /** The model the file was printed from (what a red invoice reverses). */
  doc: InvoiceDoc;
}

export function render(doc: InvoiceDoc, format: OutputFormat): Uint8Array {
  if (format === 'xml') {
    if (doc.generation !== 'digital') throw new SpecError('only 数电 invoices exist as XML');
    return renderXml(doc);
  }
  return format === 'pdf' ? renderPdf(doc) : renderOfd(doc);
}

function result(doc: InvoiceDoc, spec: InvoiceSpec, format: OutputFormat): GeneratedInvoice {
  const stem = doc.code === null ? doc.number : `${doc.code}_${doc.number}`;
  return { format, bytes: render(doc, format), expected: expectedFields(doc, format), fileName: `${stem}.${format}`, spec: { ...spec, format }, doc };
}

/** One blue invoice: `generateInvoice(7)` or `generateInvoice({ seed: 7, generation: 'legacy', format: 'ofd' })`. */
export function generateInvoice(input: number | InvoiceRequest = {}): GeneratedInvoice {
  const spec = resolveSpec(typeof input === 'number' ? { seed: input } : input);
  return result(buildBlueDoc(spec), spec, spec.format);
}

export interface RedRequest {
  /** Default: derived from the blue invoice's seed. */
  seed?: number;
  /** Default: the blue invoice's format. */
  format?: OutputFormat;
  /** Default: a few days after the blue invoice, in the same year. */
  issueDate?: string;
}

function daysLater(iso: string, days: number): string {
  const next = new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return next.slice(0, 4) === iso.slice(0, 4) ? next : `${iso.slice(0, 4)}-12-31`;
}

/** The red-letter invoice reversing `blue` in full. */
export function generateRedInvoice(blue: GeneratedInvoice, request: RedRequest = {}): GeneratedInvoice {
  const seed = request.seed ?? blue.spec.seed + 1_000_003;
  const issueDate = request.issueDate ?? daysLater(blue.doc.issueDate, derive(seed, 'red-date').int(1, 25));
  const doc = buildRedDoc(blue.doc, seed, issueDate);
  return result(doc, { ...blue.spec, seed, issueDate }, request.format ?? blue.format);
}
