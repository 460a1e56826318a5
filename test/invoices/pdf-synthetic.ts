/**
 * A minimal PDF writer for parser tests: text runs placed at given positions, written to the
 * content stream in the order given (so tests can print labels before values, the seller before
 * the buyer, or a seal as rotated glyphs). The font is a non-embedded CID font with a ToUnicode
 * map, like the fonts of real e-invoices, so pdf.js extracts exactly the characters written.
 */
export interface TextSpec {
  text: string;
  x: number;
  /** Baseline measured from the top of the page. */
  y: number;
  size?: number;
  /** Degrees counter-clockwise; seals are printed rotated. */
  rotate?: number;
}

export interface PageSpec {
  width?: number;
  height?: number;
  texts: TextSpec[];
}

export interface PdfOptions {
  /** Adds a standard security handler whose (empty) user password does not open the file. */
  encrypted?: boolean;
  /** Writes every character with its own positioning, as some generators do. */
  glyphByGlyph?: boolean;
}

const advance = (ch: string, size: number) => (ch.charCodeAt(0) < 0x7f ? 0.5 : 1) * size;

/** Each character as a text of its own, placed where the whole text would put it. */
function perGlyph(page: PageSpec): PageSpec {
  const texts: TextSpec[] = [];
  for (const t of page.texts) {
    let x = t.x;
    for (const ch of t.text) {
      if (ch !== ' ') texts.push({ ...t, text: ch, x });
      x += advance(ch, t.size ?? 9);
    }
  }
  return { ...page, texts };
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

function toUnicodeCMap(codes: number[]): string {
  const lines = ['/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap', '/CMapName /Synthetic-UCS def', '/CMapType 2 def'];
  lines.push('1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange');
  for (let i = 0; i < codes.length; i += 100) {
    const chunk = codes.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`, ...chunk.map((c) => `<${hex4(c)}> <${hex4(c)}>`), 'endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

function contentStream(page: PageSpec, height: number): string {
  const ops: string[] = [];
  for (const t of page.texts) {
    const size = t.size ?? 9;
    const rad = ((t.rotate ?? 0) * Math.PI) / 180;
    const [cos, sin] = [Math.cos(rad), Math.sin(rad)].map((v) => Number(v.toFixed(6))) as [number, number];
    const codes = [...t.text].map((ch) => hex4(ch.charCodeAt(0))).join('');
    ops.push(`BT /F1 ${size} Tf ${cos} ${sin} ${-sin} ${cos} ${t.x.toFixed(2)} ${(height - t.y).toFixed(2)} Tm <${codes}> Tj ET`);
  }
  return ops.join('\n');
}

export function buildPdf(input: PageSpec[], options: PdfOptions = {}): Uint8Array {
  const pages = options.glyphByGlyph ? input.map(perGlyph) : input;
  const codes = new Set<number>();
  for (const p of pages) for (const t of p.texts) for (const ch of t.text) codes.add(ch.charCodeAt(0));
  const sorted = [...codes].sort((a, b) => a - b);
  // ASCII is half-width, everything else full-width, as in Chinese fonts.
  const ascii = sorted.filter((c) => c < 0x7f);
  const widths = ascii.map((c) => `${c} [500]`).join(' ');

  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ;
  const stream = (dict: string, data: string) => `<< ${dict} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;

  add('<< /Type /Catalog /Pages 2 0 R >>'); // 1
  const pageIds = pages.map((_, i) => 6 + i * 2);
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`); // 2
  add('<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>'); // 3
  add(`<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 9999 0 R /DW 1000 /W [${widths}] /CIDToGIDMap /Identity >>`); // 4
  add(stream('', toUnicodeCMap(sorted))); // 5
  pages.forEach((p) => {
    const width = p.width ?? 595;
    const height = p.height ?? 397;
    const id = objects.length + 1;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`);
    add(stream('', contentStream(p, height)));
  });
  const descriptorId = objects.length + 1;
  add('<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>');
  objects[3] = objects[3]!.replace('9999 0 R', `${descriptorId} 0 R`);
  let encryptRef = '';
  if (options.encrypted) {
    const id = objects.length + 1;
    add(`<< /Filter /Standard /V 1 /R 2 /O <${'AB'.repeat(32)}> /U <${'CD'.repeat(32)}> /P -4 >>`);
    encryptRef = ` /Encrypt ${id} 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`;
  }

  let out = '%PDF-1.7\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encryptRef} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
