import { afterAll, describe, it } from 'vitest';
import { closeIsolatedParsers } from '../../src/invoices/sandbox/index.js';
import { billionLaughs, deepXml, externalEntity } from './hostile-inputs.js';
import { expectCleanFailure, expectGoodInvoiceStillParses } from './hostile-support.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('hostile XML files', () => {
  afterAll(() => closeIsolatedParsers());

  it('refuses entity expansion ("billion laughs")', async () => {
    await expectCleanFailure(utf8(billionLaughs), 'XML_DTD_FORBIDDEN');
    await expectGoodInvoiceStillParses();
  });

  it('refuses an external entity', async () => {
    await expectCleanFailure(utf8(externalEntity), 'XML_DTD_FORBIDDEN');
    await expectGoodInvoiceStillParses();
  });

  it('refuses a DOCTYPE hidden after a BOM and white space', async () => {
    await expectCleanFailure(utf8(`\uFEFF  \n${externalEntity.replace('<?xml version="1.0"?>\n', '')}`), 'XML_DTD_FORBIDDEN');
    await expectGoodInvoiceStillParses();
  });

  it('refuses deep nesting', async () => {
    await expectCleanFailure(utf8(deepXml(100_000)), 'XML_TOO_DEEP');
    await expectGoodInvoiceStillParses();
  });

  it('refuses an oversized file', async () => {
    await expectCleanFailure(utf8(`<?xml version="1.0"?><EInvoice><a>${'x'.repeat(5 * 1024 * 1024)}</a></EInvoice>`), 'XML_TOO_LARGE');
    await expectGoodInvoiceStillParses();
  });

  it('refuses XML that is not a 数电 invoice, and malformed XML', async () => {
    await expectCleanFailure(utf8('<?xml version="1.0"?><html><body/></html>'), 'XML_NOT_EINVOICE');
    await expectCleanFailure(utf8('<?xml version="1.0"?><EInvoice><Header>'), /^(XML_MALFORMED|MISSING_FIELD)$/u);
    await expectGoodInvoiceStillParses();
  });
});
