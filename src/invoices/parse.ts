import { storable } from '../domain/storable-text.js';
import { compareFields } from './common/index.js';
import { detectFormat } from './detect.js';
import { InvoiceParseError, type InvoiceFields, type InvoiceFormat } from './fields.js';
import { parseOfdInvoice } from './ofd/index.js';
import { parsePdfInvoice } from './pdf/index.js';
import { checkSignatures, unsigned, type SignatureReport } from './signature/index.js';
import { parseXmlInvoice } from './xml/index.js';

export interface ParsedInvoice {
  format: InvoiceFormat;
  fields: InvoiceFields;
  /** The file's embedded signature as checked against the file alone (trust anchors come later). */
  signature: SignatureReport;
}

export interface ParseOptions {
  /** Check embedded signatures (on by default; off only to measure what the check costs). */
  signatures?: boolean;
}

async function readFields(format: InvoiceFormat, bytes: Uint8Array): Promise<InvoiceFields> {
  return format === 'pdf' ? parsePdfInvoice(bytes) : format === 'ofd' ? parseOfdInvoice(bytes) : parseXmlInvoice(bytes);
}

const differences = (a: InvoiceFields, b: InvoiceFields) => compareFields(a as unknown as Record<string, unknown>, b).map((m) => m.field);

/**
 * Detects the format of an invoice file, parses it and checks its signature. Every parse failure is an
 * InvoiceParseError with a code; unexpected exceptions from a parser are wrapped so callers never see
 * anything else. A damaged signature never fails the parse: it is an `invalid` signature. Every string of
 * the result can be stored (storable-text.ts).
 */
export async function parseInvoice(input: Uint8Array, options: ParseOptions = {}): Promise<ParsedInvoice> {
  // Parsers get a plain Uint8Array: pdf.js refuses Buffer, which is what fs hands out.
  const bytes = Object.getPrototypeOf(input) === Uint8Array.prototype ? input : new Uint8Array(input);
  const format = detectFormat(bytes);
  if (format === null) {
    throw new InvoiceParseError('UNSUPPORTED_FORMAT', 'the file is not a PDF, OFD or 数电 XML invoice');
  }
  let fields: InvoiceFields;
  try {
    fields = await readFields(format, bytes);
  } catch (err) {
    if (err instanceof InvoiceParseError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvoiceParseError('PARSE_FAILED', `the ${format.toUpperCase()} file could not be read: ${reason}`);
  }
  const signature =
    options.signatures === false
      ? { result: unsigned('signatures were not checked'), evidence: null }
      : await checkSignatures(bytes, format, fields, {
          readRevision: (revision) => readFields(format, revision),
          readSealedParts: async (ofd, sealedParts) => parseOfdInvoice(ofd, undefined, sealedParts),
          differences,
        });
  // What a file says is stored as text and JSON: characters PostgreSQL cannot hold become U+FFFD here, once.
  return storable({ format, fields, signature });
}
