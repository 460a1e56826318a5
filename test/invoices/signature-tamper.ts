import { deflateSync, inflateSync } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';

/**
 * Forgeries of signed fixtures for the signature tests: a changed byte inside a PDF's signed range,
 * an amount rewritten in a PDF content stream or an OFD part (the file otherwise consistent), the way
 * someone editing an invoice would do it.
 */

/** The file with the byte at `offset` changed (to another byte that keeps a PDF comment a comment). */
export function flipByte(bytes: Uint8Array, offset: number): Uint8Array {
  const out = bytes.slice();
  out[offset] = out[offset] === 0x41 ? 0x42 : 0x41;
  return out;
}

/** The offset of `ascii` in the file (the first occurrence after `from`). */
export function offsetOf(bytes: Uint8Array, ascii: string, from = 0): number {
  const at = Buffer.from(bytes).indexOf(ascii, from, 'latin1');
  if (at < 0) throw new Error(`${ascii} is not in the file`);
  return at;
}

/**
 * Rewrites every `from` as `to` inside the Flate content streams that print it, keeping each stream's
 * /Length right; everything after an edited stream moves, as it does when an editor saves the file.
 */
export function editPdfText(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const buf = Buffer.from(bytes);
  const text = buf.toString('latin1');
  const parts: Buffer[] = [];
  let copied = 0;
  for (const m of text.matchAll(/\/Length\s+(\d+)([^>]*?)>>\s*stream\r?\n/gu)) {
    const start = m.index + m[0].length;
    const length = Number(m[1]);
    let plain: Buffer;
    try {
      plain = inflateSync(buf.subarray(start, start + length));
    } catch {
      continue;
    }
    const printed = plain.toString('latin1');
    // Two-byte fonts (Identity-H with codes equal to Unicode) print '5' as 00 35.
    const wide = (t: string) => Buffer.from(t, 'utf16le').swap16().toString('latin1');
    if (!printed.includes(from) && !printed.includes(wide(from))) continue;
    const packed = deflateSync(Buffer.from(printed.split(from).join(to).split(wide(from)).join(wide(to)), 'latin1'));
    parts.push(buf.subarray(copied, m.index), Buffer.from(m[0].replace(/\/Length\s+\d+/u, `/Length ${packed.length}`), 'latin1'), packed);
    copied = start + length;
  }
  if (parts.length === 0) throw new Error(`${from} is not printed in any Flate stream`);
  parts.push(buf.subarray(copied));
  return new Uint8Array(Buffer.concat(parts));
}

/** The OFD with `from` replaced by `to` in the part `path` (re-zipped, as an editor would save it). */
export function editOfdPart(bytes: Uint8Array, path: string, from: string, to: string): Uint8Array {
  const files = unzipSync(bytes);
  const part = files[path];
  if (!part) throw new Error(`no part ${path}`);
  const text = Buffer.from(part).toString('utf8');
  if (!text.includes(from)) throw new Error(`${from} is not in ${path}`);
  files[path] = new Uint8Array(Buffer.from(text.replace(from, to), 'utf8'));
  return zipSync(files);
}

/**
 * Rewrites the first signature's /ByteRange to frame its /Contents where it now sits, as a forger
 * who moved bytes would: the signature then reads cleanly, and only its digest can tell.
 */
export function reframeByteRange(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const m = /\/ByteRange\s*\[([^\]]*)\]/u.exec(text);
  if (!m) throw new Error('no /ByteRange');
  // The signature value is the /Contents hex string of the dictionary holding the /ByteRange.
  const objStart = text.lastIndexOf(' obj', m.index);
  const contents = /\/Contents\s*</u.exec(text.slice(objStart));
  if (objStart < 0 || !contents) throw new Error('no /Contents in the signature dictionary');
  const open = objStart + contents.index + contents[0].length - 1;
  const close = text.indexOf('>', open);
  const inner = `0 ${open} ${close + 1} ${bytes.length - close - 1}`;
  if (inner.length > m[1]!.length) throw new Error('the new /ByteRange does not fit in place');
  const out = Buffer.from(bytes);
  out.write(inner.padEnd(m[1]!.length, ' '), m.index + m[0].indexOf('[') + 1, 'latin1');
  return new Uint8Array(out);
}

/**
 * The PDF with an incremental update appended that redefines objects (`num` → its new body between
 * `obj` and `endobj`), with its own cross-reference section pointing back at the previous one: how a
 * viewer saves an annotation after signing, or how a forger redraws a signed page.
 */
export function appendUpdate(bytes: Uint8Array, objects: { num: number; body: string }[]): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/u.exec(text)?.[1] ?? NaN);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/u.exec(text)?.[1];
  const size = Number([...text.matchAll(/\/Size\s+(\d+)/gu)].pop()?.[1] ?? NaN);
  if (!Number.isFinite(prev) || !root || !Number.isFinite(size)) throw new Error('not a PDF with a classic trailer');
  let out = text.endsWith('\n') ? text : `${text}\n`;
  const offsets = objects.map(({ num, body }) => {
    const at = out.length;
    out += `${num} 0 obj\n${body}\nendobj\n`;
    return { num, at };
  });
  const xref = out.length;
  out += `xref\n0 1\n0000000000 65535 f \n${offsets.map(({ num, at }) => `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${Math.max(size, ...objects.map((o) => o.num + 1))} /Root ${root} /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * A forger's way round a seal that leaves OFD.xml out: a copy of the document in `folder` with `from` replaced
 * by `to` in its `part`, and OFD.xml's DocRoot pointed at the copy. The sealed Doc_0, the signature list and
 * the seal are left as they were, so every part the seal covers still hashes to its check value.
 */
export function redirectOfdDocument(bytes: Uint8Array, part: string, from: string, to: string, folder = 'Doc_1'): Uint8Array {
  const files = unzipSync(bytes);
  for (const [name, content] of Object.entries(files)) {
    if (name.startsWith('Doc_0/') && !name.startsWith('Doc_0/Signs/')) files[`${folder}/${name.slice('Doc_0/'.length)}`] = content;
  }
  const copied = `${folder}/${part.slice('Doc_0/'.length)}`;
  const text = Buffer.from(files[copied]!).toString('utf8');
  if (!text.includes(from)) throw new Error(`${from} is not in ${part}`);
  files[copied] = new Uint8Array(Buffer.from(text.replace(from, to), 'utf8'));
  const entry = Buffer.from(files['OFD.xml']!).toString('utf8');
  if (!entry.includes('<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>')) throw new Error('OFD.xml does not name Doc_0/Document.xml');
  files['OFD.xml'] = new Uint8Array(Buffer.from(entry.replace('<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>', `<ofd:DocRoot>${folder}/Document.xml</ofd:DocRoot>`), 'utf8'));
  return zipSync(files);
}
