import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { InvoiceParseError } from '../fields.js';
import { loadCachedCMapWorker } from './cmap-cache.js';
import { CachedCMapReader } from './cmap-reader.js';
import { loadKeepingNativePush } from './native-push.js';
import { inThreadWorker } from './pdfjs-port.js';
import { toRuns, type RawTextItem, type Run } from './runs.js';

/** The text layer of one page: its runs in reading coordinates. */
export interface PageText {
  readonly pageNumber: number;
  readonly width: number;
  readonly height: number;
  readonly runs: readonly Run[];
}

// A 销货清单 runs to a few dozen pages; far more is a hostile or wrong file.
export const MAX_PAGES = 200;

type Pdfjs = typeof PdfjsModule;

// pdf.js is loaded on the first PDF, not with the parsers: it is the largest module they use (most of a
// second to load), and a parser thread that only ever reads OFD or XML files never needs it.
let loading: Promise<Pdfjs> | null = null;
const loadPdfjs = (): Promise<Pdfjs> => (loading ??= loadKeepingNativePush(() => import('pdfjs-dist/legacy/build/pdf.mjs')));

// pdf.js is the one bundled with pdf-parse (same pinned version). In Node it runs its "worker"
// in this thread; one worker is kept for the thread so documents don't each set one up, and it runs
// the worker code that keeps parsed CMaps (cmap-cache.ts).
let sharedWorker: PdfjsModule.PDFWorker | null = null;

async function worker(pdfjs: Pdfjs): Promise<PdfjsModule.PDFWorker> {
  if (!sharedWorker || sharedWorker.destroyed) {
    const code = await loadCachedCMapWorker();
    if (!sharedWorker || sharedWorker.destroyed) sharedWorker = inThreadWorker(pdfjs, code);
  }
  return sharedWorker;
}

function loadError(error: unknown): InvoiceParseError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new InvoiceParseError('PDF_ENCRYPTED', 'the PDF is password-protected and cannot be read');
  }
  if (name === 'InvalidPDFException') {
    return new InvoiceParseError('PDF_INVALID', `the file is not a readable PDF (${message})`);
  }
  return new InvoiceParseError('PDF_UNREADABLE', `the PDF could not be read (${message})`);
}

/** pdf.js itself, as this module loads it (for tests that connect their own worker code). */
export const pdfjsModule = loadPdfjs;

/**
 * Opens the PDF once and returns every page's text runs. Nothing is rendered: only the text
 * layer (with positions) is read, which is exactly what pdf-parse's getText reads too. `via` is the
 * pdf.js worker to read with; by default this thread's, which keeps parsed CMaps.
 */
export async function readPdfText(bytes: Uint8Array, via?: PdfjsModule.PDFWorker): Promise<{ pages: PageText[] }> {
  if (bytes.byteLength === 0) throw new InvoiceParseError('PDF_INVALID', 'the file is empty');
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdf.js transfers the buffer it is given to its worker; keep the caller's bytes intact.
    data: bytes.slice(),
    worker: via ?? (await worker(pdfjs)),
    CMapReaderFactory: CachedCMapReader,
    cMapPacked: true,
    isEvalSupported: false,
    enableXfa: false,
    // A non-embedded standard font (Courier on legacy invoices) is looked up no further: pdf.js would otherwise
    // ask this thread for its font file, which it has none of, and carry on without it — the same text, one
    // failed round trip later (the stock-pdf.js test compares the text).
    useSystemFonts: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc: PdfjsModule.PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw loadError(error);
  }
  try {
    if (doc.numPages === 0) throw new InvoiceParseError('PDF_INVALID', 'the PDF has no pages');
    if (doc.numPages > MAX_PAGES) {
      throw new InvoiceParseError('PDF_TOO_MANY_PAGES', `the PDF has ${doc.numPages} pages; an invoice has at most ${MAX_PAGES}`);
    }
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is typeof i & RawTextItem => 'str' in i);
      pages.push({ pageNumber: n, width: viewport.width, height: viewport.height, runs: toRuns(items, viewport.transform) });
      page.cleanup();
    }
    return { pages };
  } catch (error) {
    throw error instanceof InvoiceParseError ? error : loadError(error);
  } finally {
    await doc.destroy();
  }
}
