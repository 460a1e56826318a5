import fc from 'fast-check';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { bombEntry, billionLaughs, concat, deepXml, documentXml, externalEntity, ofdZip, patchDeclaredSize, zipWithRawEntry } from '../invoices/hostile-inputs.js';

/**
 * Generators of bad input for the fuzz suites: mutations of real files, crafted OFD packages and XML
 * documents, and statement lines. Every generator is bounded in size so a run stays within seconds.
 */

/** Byte flips, truncations, insertions, duplications and splices with another file. */
export function mutatedBytes(bases: readonly Uint8Array[]): fc.Arbitrary<{ how: string; bytes: Uint8Array }> {
  const base = fc.integer({ min: 0, max: bases.length - 1 }).map((i) => bases[i]!);
  const at = (b: Uint8Array, f: number) => Math.min(b.length, Math.floor(f * b.length));
  const frac = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.oneof(
    fc.tuple(base, fc.array(fc.tuple(frac, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 })).map(([b, flips]) => {
      const out = new Uint8Array(b);
      for (const [f, v] of flips) out[Math.min(out.length - 1, at(b, f))] = v;
      return { how: 'byte flips', bytes: out };
    }),
    fc.tuple(base, frac).map(([b, f]) => ({ how: 'truncation', bytes: b.slice(0, at(b, f)) })),
    fc.tuple(base, frac, fc.uint8Array({ minLength: 1, maxLength: 512 })).map(([b, f, junk]) => {
      const p = at(b, f);
      return { how: 'insertion', bytes: concat([b.subarray(0, p), junk, b.subarray(p)]) };
    }),
    fc.tuple(base, frac, frac).map(([b, f, g]) => {
      const [from, to] = [at(b, Math.min(f, g)), at(b, Math.max(f, g))];
      return { how: 'duplicated range', bytes: concat([b.subarray(0, to), b.subarray(from, to), b.subarray(to)]) };
    }),
    fc.tuple(base, base, frac, frac).map(([a, b, f, g]) => ({ how: 'splice', bytes: concat([a.subarray(0, at(a, f)), b.subarray(at(b, g))]) })),
  );
}

/** Random bytes behind each magic number the format detector knows, and behind none. */
export const randomFile: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom('', '%PDF-1.7\n', 'PK\x03\x04', '<?xml version="1.0"?>', '<EInvoice>', '\uFEFF <!-- x --><EInvoice', 'junk%PDF-'), fc.uint8Array({ maxLength: 4096 }))
  .map(([magic, rest]) => concat([new TextEncoder().encode(magic), rest]));

const OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const ofdRoot = (docRoot: string) => `<?xml version="1.0"?><ofd:OFD ${OFD_NS} Version="1.0"><ofd:DocBody><ofd:DocRoot>${docRoot}</ofd:DocRoot></ofd:DocBody></ofd:OFD>`;
const entryName = fc.constantFrom(
  'Doc_0/Pages/Page_0/Content.xml',
  'Doc_0/Res/a.xml',
  '../../../../tmp/evil.xml',
  'Doc_0/../../evil.xml',
  '..\\..\\evil.xml',
  '/etc/passwd',
  'C:\\Windows\\evil.xml',
  'Doc_0/./Pages/../Document.xml',
  `Doc_0/${'长'.repeat(300)}.xml`,
  'Doc_0/\u0000nul.xml',
);
const partText = fc.oneof(
  fc.constant('<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content/></ofd:Page>'),
  fc.integer({ min: 0, max: 3000 }).map((n) => documentXml(n)),
  fc.integer({ min: 10, max: 5000 }).map((d) => `<a>${'<b>'.repeat(d)}${'</b>'.repeat(d)}</a>`),
  fc.constant(externalEntity),
  fc.constant(billionLaughs),
  fc.string({ maxLength: 200 }),
);

/** OFD packages built from parts: traversal names, missing or wrong roots, DTDs, deep nesting, bombs. */
export const craftedOfd: fc.Arbitrary<{ how: string; bytes: Uint8Array }> = fc.oneof(
  fc.dictionary(entryName, partText, { maxKeys: 4 }).map((parts) => ({
    how: 'OFD with hostile entries',
    bytes: ofdZip(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, strToU8(v)])) as Zippable),
  })),
  fc
    .constantFrom('Doc_0/Document.xml', '../Document.xml', '/Doc_0/Document.xml', 'Doc_9/Missing.xml', '', '&xxe;', 'Doc_0/Document.xml\u0000')
    .map((root) => ({ how: 'OFD with a hostile DocRoot', bytes: ofdZip({}, ofdRoot(root)) })),
  fc.constantFrom(...['OFD.xml', 'Doc_0/Document.xml']).map((missing) => {
    const entries: Zippable = { 'OFD.xml': strToU8(ofdRoot('Doc_0/Document.xml')), 'Doc_0/Document.xml': strToU8(documentXml(1)) };
    delete entries[missing];
    return { how: 'OFD missing a part', bytes: zipSync({ ...entries, 'x.txt': strToU8('x') }) };
  }),
  fc.integer({ min: 1, max: 4 }).map((mb) => ({ how: 'OFD zip bomb (understated size)', bytes: zipWithRawEntry('Doc_0/Document.xml', bombEntry(mb), 1024) })),
  fc.integer({ min: 1, max: 0xfffffff0 }).map((size) => ({
    how: 'OFD entry with a lying size',
    bytes: patchDeclaredSize(ofdZip({ 'Doc_0/Res/big.bin': strToU8('x'.repeat(64)) }), 'Doc_0/Res/big.bin', size),
  })),
);

/** A real 数电 XML invoice with DTDs, entities, external references, deep nesting or broken structure. */
export function craftedXml(template: string): fc.Arbitrary<{ how: string; text: string; hasDtd: boolean }> {
  const body = template.replace(/^\uFEFF?<\?xml[^>]*\?>/u, '');
  const decl = fc.constantFrom('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="GBK"?>', '<?xml version="1.0" encoding="UTF-16"?>', '\uFEFF<?xml version="1.0"?>', '');
  const dtd = fc.constantFrom(
    '<!DOCTYPE EInvoice [<!ENTITY x "boom">]>',
    '<!DOCTYPE EInvoice SYSTEM "http://169.254.169.254/latest/meta-data/">',
    '<!DOCTYPE EInvoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE EInvoice [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>',
    '<!DOCTYPE EInvoice PUBLIC "-//X//Y" "file:///dev/random">',
    '<!doctype EInvoice [<!ENTITY a "&#38;#60;">]>',
  );
  return fc.oneof(
    fc.tuple(decl, dtd, fc.constantFrom('', '<!-- c -->', '\n  ')).map(([d, t, gap]) => ({
      how: 'XML with a DTD or entity',
      text: `${d}${gap}${t}${body.replace(/<Remark>/u, '<Remark>&xxe;&x;')}`,
      hasDtd: true,
    })),
    fc.integer({ min: 100, max: 20_000 }).map((depth) => ({ how: 'deeply nested XML', text: deepXml(depth), hasDtd: false })),
    fc.tuple(decl, fc.constantFrom('<?xml-stylesheet href="file:///etc/passwd"?>', '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd"/>', '<![CDATA[<EInvoice>]]>', '<!-- -- -->', '&undefined;', '&#0;', '&#xFFFFFFFF;')).map(
      ([d, junk]) => ({ how: 'XML with references or odd markup', text: `${d}${body.replace(/<\/Header>/u, `${junk}</Header>`)}`, hasDtd: false }),
    ),
    fc.tuple(decl, fc.double({ min: 0, max: 1, noNaN: true })).map(([d, f]) => ({
      how: 'XML cut short',
      text: `${d}${body.slice(0, Math.floor(body.length * f))}`,
      hasDtd: false,
    })),
    fc.tuple(fc.constantFrom(...tagNames(body)), fc.string({ maxLength: 40 })).map(([tag, value]) => ({
      how: 'XML with a field rewritten',
      text: template.replace(new RegExp(`<${tag}>[^<]*</${tag}>`, 'u'), `<${tag}>${value}</${tag}>`),
      hasDtd: false,
    })),
  );
}

function tagNames(xml: string): string[] {
  return [...new Set([...xml.matchAll(/<([A-Za-z]+)>[^<]+<\/\1>/gu)].map((m) => m[1]!))];
}

/** A statement line that may be right, or wrong in one or more fields, or not a line at all. */
export function statementLine(goodUscc: string): fc.Arbitrary<unknown> {
  const good = {
    lineId: 'L-1',
    customerUscc: goodUscc,
    invoiceNumber: '26352000000000000001',
    issueDate: '2026-03-01',
    amount: '1000.00',
    serviceType: 'gpu_compute',
  };
  const badValue = fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1e21, 1.005, Number.MAX_SAFE_INTEGER + 2, '', ' ', '1e5', '1000.005', '-0.00', '99999999999999.00', '１０００.００', '2026-02-30', '2026-13-01', '0000-00-00', '__proto__', 'gpu_compute '),
    fc.string({ maxLength: 30 }),
    fc.double(),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );
  const key = fc.constantFrom(...Object.keys(good), 'invoiceCode', 'description', 'quantity', 'unit', 'extra', '__proto__', 'constructor');
  return fc.oneof(
    fc.integer({ min: 1, max: 99_999 }).map((n) => ({ ...good, lineId: `L-${n}` })),
    fc.tuple(fc.dictionary(key, badValue, { minKeys: 1, maxKeys: 3 }), fc.integer({ min: 1, max: 99_999 })).map(([bad, n]) => ({ ...good, lineId: `L-${n}`, ...bad })),
    fc.tuple(fc.constantFrom(...Object.keys(good)), fc.integer({ min: 1, max: 99_999 })).map(([drop, n]) => {
      const line: Record<string, unknown> = { ...good, lineId: `L-${n}` };
      delete line[drop];
      return line;
    }),
    fc.jsonValue({ maxDepth: 2 }),
  );
}
