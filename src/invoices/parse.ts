import { detectFormat } from './detect.js';
import { InvoiceParseError, type InvoiceFields, type InvoiceFormat } from './fields.js';
import { parseOfdInvoice } from './ofd/index.js';
import { parsePdfInvoice } from './pdf/index.js';
import { parseXmlInvoice } from './xml/index.js';

export interface ParsedInvoice {
  format: InvoiceFormat;
  fields: InvoiceFields;
}

/**
 * Detects the format of an invoice file and parses it. Every failure is an InvoiceParseError
 * with a code; unexpected exceptions from a parser are wrapped so callers never see anything else.
 */
export async function parseInvoice(input: Uint8Array): Promise<ParsedInvoice> {
  // Parsers get a plain Uint8Array: pdf.js refuses Buffer, which is what fs hands out.
  const bytes = Object.getPrototypeOf(input) === Uint8Array.prototype ? input : new Uint8Array(input);
  const format = detectFormat(bytes);
  if (format === null) {
    throw new InvoiceParseError('UNSUPPORTED_FORMAT', 'the file is not a PDF, OFD or 数电 XML invoice');
  }
  try {
    const fields =
      format === 'pdf' ? await parsePdfInvoice(bytes) : format === 'ofd' ? parseOfdInvoice(bytes) : parseXmlInvoice(bytes);
    return { format, fields };
  } catch (err) {
    if (err instanceof InvoiceParseError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvoiceParseError('PARSE_FAILED', `the ${format.toUpperCase()} file could not be read: ${reason}`);
  }
}
