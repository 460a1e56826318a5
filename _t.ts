import { parseInvoice } from './src/invoices/parse.js';
import { fixtureBytes } from './test/support/fixtures.js';
for (const f of ['ofdrw__ofdrw/999.ofd', 'ofdrw__ofdrw/1.ofd', 'ofdrw__ofdrw/keyword2.ofd']) {
  const b = fixtureBytes(f);
  for (let i = 0; i < 30; i++) await parseInvoice(b);
  const t0 = performance.now(); for (let i = 0; i < 100; i++) await parseInvoice(b);
  const t1 = performance.now(); for (let i = 0; i < 100; i++) await parseInvoice(b, { signatures: false });
  console.log(f, ((t1 - t0) / 100).toFixed(2), 'ms with signature;', ((performance.now() - t1) / 100).toFixed(2), 'ms without');
}
