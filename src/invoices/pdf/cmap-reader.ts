import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Legacy e-invoices often use non-embedded Chinese fonts (KaiTi_GB2312, SimSun via UniGB-UCS2-H):
 * without the predefined CMaps pdf.js returns no Chinese text at all. The CMap files ship with
 * pdfjs-dist; this reader serves them to pdf.js and keeps the bytes in memory so every document
 * after the first skips the disk.
 */
const CMAP_DIR = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps');

// The name comes from the PDF (a font's /Encoding); only predefined CMap names are plain words.
const CMAP_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const cache = new Map<string, Promise<Uint8Array>>();

function loadCMap(name: string): Promise<Uint8Array> {
  let pending = cache.get(name);
  if (!pending) {
    pending = readFile(join(CMAP_DIR, `${name}.bcmap`)).then((buf) => new Uint8Array(buf));
    // A failed read is not cached: the next document retries.
    pending.catch(() => cache.delete(name));
    cache.set(name, pending);
  }
  return pending;
}

/** Shape pdf.js expects from `CMapReaderFactory` (constructed once per document). */
export class CachedCMapReader {
  constructor(_options: { baseUrl?: string | null; isCompressed?: boolean }) {}

  async fetch({ name }: { name: string }): Promise<{ cMapData: Uint8Array; isCompressed: boolean }> {
    if (!CMAP_NAME.test(name)) throw new Error(`not a predefined CMap name: ${JSON.stringify(name)}`);
    const bytes = await loadCMap(name);
    // pdf.js may transfer the buffer it receives; hand out a copy so the cache stays intact.
    return { cMapData: bytes.slice(), isCompressed: true };
  }
}
