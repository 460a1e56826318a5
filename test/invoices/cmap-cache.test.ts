import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { amendWorkerSource, cmapCacheStats } from '../../src/invoices/pdf/cmap-cache.js';
import { pdfjsModule, readPdfText, type PageText } from '../../src/invoices/pdf/pdfjs-loader.js';
import { inThreadWorker, type WorkerCode } from '../../src/invoices/pdf/pdfjs-port.js';
import { toRuns, type RawTextItem } from '../../src/invoices/pdf/runs.js';
import { allFixtureCases, FIXTURES } from '../support/fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Outcome = { pages: PageText[] } | { error: string };

async function read(bytes: Uint8Array, via?: PdfjsModule.PDFWorker): Promise<Outcome> {
  try {
    return await readPdfText(bytes, via);
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

const chinese = (o: Outcome) => ('pages' in o ? o.pages.flatMap((p) => p.runs.map((r) => r.text)).join('').match(/[\u4e00-\u9fff]/gu)?.length ?? 0 : 0);

const CMAP_URL = `${fileURLToPath(new URL('.', import.meta.resolve('pdfjs-dist/package.json')))}cmaps/`;

/**
 * pdf.js as a user of it reads a page: its own in-thread worker and message port (which copies every message),
 * the CMap files from disk, its default options. The runs it gives are what the parser must read.
 */
async function stockRead(bytes: Uint8Array): Promise<Outcome> {
  const pdfjs = await pdfjsModule();
  const task = pdfjs.getDocument({ data: bytes.slice(), cMapUrl: CMAP_URL, cMapPacked: true, verbosity: 0 });
  try {
    const doc = await task.promise;
    const pages: PageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const items = (await page.getTextContent()).items.filter((i): i is typeof i & RawTextItem => 'str' in i);
      pages.push({ pageNumber: n, width: viewport.width, height: viewport.height, runs: toRuns(items, viewport.transform) });
    }
    return { pages };
  } catch (err) {
    return { error: err instanceof Error ? err.name : String(err) };
  } finally {
    await task.destroy();
  }
}

// Every PDF among the real fixtures, usable or not: the cache must not change what any of them reads as.
const files = allFixtureCases('.pdf');
let uncachedWorker: PdfjsModule.PDFWorker;

beforeAll(async () => {
  // pdf.js's own worker code, unamended: every document parses its CMaps afresh (the bytes come from the same reader).
  const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const plain = (await import(workerModule)) as WorkerCode;
  uncachedWorker = inThreadWorker(await pdfjsModule(), plain);
});

afterAll(() => uncachedWorker?.destroy());

describe('parsed CMaps kept per parser thread', () => {
  it('finds real PDF fixtures, some of which need the predefined CMaps for their Chinese text', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it('reads every real PDF fixture exactly as pdf.js does without the cache, first and later times alike', async () => {
    const uncached: Outcome[] = [];
    for (const f of files) uncached.push(await read(f.bytes, uncachedWorker));
    const before = await cmapCacheStats();
    // Two passes: the first builds (or, after other tests in this thread, finds) the cached CMaps, the second
    // reads every file from them.
    for (let pass = 0; pass < 2; pass++) {
      for (const [i, f] of files.entries()) {
        const cached = await read(f.bytes);
        expect(cached, `${f.file}, pass ${pass + 1}`).toEqual(uncached[i]);
      }
    }
    const after = await cmapCacheStats();
    // The cache was used: CMaps, font tables and glyph maps served from it on later documents.
    expect(after.reused - before.reused).toBeGreaterThan(files.length);
    expect(after.tablesReused - before.tablesReused).toBeGreaterThan(0);
    expect(after.fontCharsReused - before.fontCharsReused).toBeGreaterThan(0);
    // Built once per thread: a handful of predefined CMaps however many documents use them.
    expect(after.built).toBeLessThanOrEqual(10);
    // Every character the CMaps give is there: the legacy invoices with non-embedded fonts read as Chinese.
    const readable = uncached.filter((o) => 'pages' in o);
    expect(readable.length).toBeGreaterThanOrEqual(10);
    for (const o of readable) expect(chinese(o)).toBeGreaterThan(20);
  });

  it('reads every real PDF fixture as stock pdf.js with the CMap files does (its worker, port and options)', async () => {
    let compared = 0;
    for (const f of files) {
      const stock = await stockRead(f.bytes);
      const ours = await read(f.bytes);
      if ('error' in stock) {
        expect('error' in ours, `${f.file}: stock pdf.js fails it (${stock.error}), the parser must too`).toBe(true);
        continue;
      }
      expect(ours, f.file).toEqual(stock);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  });

  it("leaves the engine's own Array push in place after loading pdf.js, whose legacy build replaces it", () => {
    // In a process of its own, as a parser thread starts: here other test files may have loaded pdf.js already.
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { pathToFileURL } from 'node:url';",
      "import { createRequire } from 'node:module';",
      "import { parsePdfInvoice } from './src/invoices/pdf/index.ts';",
      "import { hasNativePush } from './src/invoices/pdf/native-push.ts';",
      `await parsePdfInvoice(new Uint8Array(readFileSync(${JSON.stringify(fileURLToPath(new URL(files.find((f) => f.file.includes('012001900111'))!.file, FIXTURES)))})));`,
      'const kept = hasNativePush();',
      // pdf.js's module evaluated afresh without the parser's loader: the check sees the replaced push.
      "await import(pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.mjs')).href + '?again');",
      'console.log(JSON.stringify({ kept, afterPlainLoad: hasNativePush() }));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ kept: true, afterPlainLoad: false });
  });

  it('refuses worker code whose anchors moved rather than parse without (or with a wrong) cache', () => {
    const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const source = readFileSync(path, 'utf8');
    expect(amendWorkerSource(source)).toContain('createBuiltInCMapUncached');
    // Loaded from a data: URL, a relative source map makes Node (with source maps on, as under tsx) refuse the module.
    expect(amendWorkerSource(source)).not.toContain('sourceMappingURL=');
    expect(() => amendWorkerSource(source.replace('async function createBuiltInCMap(', 'async function buildCMap('))).toThrow(/not found exactly once/);
    expect(() => amendWorkerSource(`${source}\nreturn new ToUnicodeMap(cmap.getMap());`)).toThrow(/not found exactly once/);
  });
});
