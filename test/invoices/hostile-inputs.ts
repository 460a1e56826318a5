import { deflateSync, strToU8, zipSync, type Zippable } from 'fflate';
import { PDFDocument } from 'pdf-lib';

/** Generators of hostile invoice files for the isolation tests. Nothing here is written to disk. */

const OFD_XML =
  '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0">' +
  '<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>';

export function documentXml(pages: number): string {
  const list = Array.from({ length: pages }, (_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="Pages/Page_${i}/Content.xml"/>`);
  return `<?xml version="1.0"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>${list.join('')}</ofd:Pages></ofd:Document>`;
}

/** A minimal OFD package with the given extra entries. */
export function ofdZip(entries: Zippable = {}, ofdXml = OFD_XML): Uint8Array {
  return zipSync({ 'OFD.xml': strToU8(ofdXml), 'Doc_0/Document.xml': strToU8(documentXml(1)), ...entries });
}

/** Rewrites an entry's declared uncompressed size in both its local and central headers. */
export function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  const nameBytes = strToU8(name);
  const nameAt = (p: number) => nameBytes.every((b, i) => out[p + i] === b);
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = view.getUint32(p, true);
    if (sig === 0x04034b50 && view.getUint16(p + 26, true) === nameBytes.length && nameAt(p + 30)) {
      view.setUint32(p + 22, size, true);
    }
    if (sig === 0x02014b50 && view.getUint16(p + 28, true) === nameBytes.length && nameAt(p + 46)) {
      view.setUint32(p + 24, size, true);
    }
  }
  return out;
}

/** A zip entry whose DEFLATE data expands a few kilobytes into `megabytes` of zeros. */
export function bombEntry(megabytes: number): Uint8Array {
  return deflateSync(new Uint8Array(megabytes * 1024 * 1024), { level: 9 });
}

/**
 * A zip holding OFD.xml and one pre-compressed entry: fflate's zipSync cannot take raw DEFLATE
 * data, so the archive is assembled by hand.
 */
export function zipWithRawEntry(name: string, deflated: Uint8Array, declaredSize: number): Uint8Array {
  const files: { name: Uint8Array; data: Uint8Array; method: number; size: number }[] = [
    { name: strToU8('OFD.xml'), data: strToU8(OFD_XML), method: 0, size: strToU8(OFD_XML).length },
    { name: strToU8(name), data: deflated, method: 8, size: declaredSize },
  ];
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const local = new Uint8Array(30 + f.name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, f.method, true);
    lv.setUint32(18, f.data.length, true);
    lv.setUint32(22, f.size, true);
    lv.setUint16(26, f.name.length, true);
    local.set(f.name, 30);
    const cen = new Uint8Array(46 + f.name.length);
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, f.method, true);
    cv.setUint32(20, f.data.length, true);
    cv.setUint32(24, f.size, true);
    cv.setUint16(28, f.name.length, true);
    cv.setUint32(42, offset, true);
    cen.set(f.name, 46);
    parts.push(local, f.data);
    central.push(cen);
    offset += local.length + f.data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  return concat([...parts, ...central, end]);
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** A PDF built from raw object bodies, with a correct xref table. */
export function rawPdf(objects: string[]): Uint8Array {
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return strToU8(body);
}

/** One page whose resources hold an array nested `depth` levels deep. */
export function deeplyNestedPdf(depth: number): Uint8Array {
  const nested = `${'['.repeat(depth)}0${']'.repeat(depth)}`;
  const dicts = `${'<< /A '.repeat(depth)}1${' >>'.repeat(depth)}`;
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R /Contents 5 0 R >>',
    `<< /Nested ${nested} /Dicts ${dicts} >>`,
    '<< /Length 0 >>\nstream\n\nendstream',
  ]);
}

export async function manyPagesPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  return doc.save({ useObjectStreams: true });
}

export const billionLaughs =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
  Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
  '\n]>\n<EInvoice><Header><EIid>&lol9;</EIid></Header></EInvoice>';

export const externalEntity =
  '<?xml version="1.0"?>\n<!DOCTYPE EInvoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n' +
  '<EInvoice><EInvoiceData><AdditionalInformation><Remark>&xxe;</Remark></AdditionalInformation></EInvoiceData></EInvoice>';

export function deepXml(depth: number): string {
  return `<?xml version="1.0"?><EInvoice>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</EInvoice>`;
}
