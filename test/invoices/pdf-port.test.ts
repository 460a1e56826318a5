import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCachedCMapWorker } from '../../src/invoices/pdf/cmap-cache.js';
import { pdfjsModule, readPdfText } from '../../src/invoices/pdf/pdfjs-loader.js';
import { inThreadWorker } from '../../src/invoices/pdf/pdfjs-port.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/invoices/yooongchun__Invoice2Excel/didi.pdf', import.meta.url));

describe("the parser thread's pdf.js port", () => {
  const workers: { destroy(): void }[] = [];
  afterAll(() => workers.forEach((w) => w.destroy()));

  it('lets go of every finished document: the listeners it holds do not grow with the documents read', async () => {
    const worker = inThreadWorker(await pdfjsModule(), await loadCachedCMapWorker());
    workers.push(worker);
    const port = (worker as unknown as { port: { listenerCount: number } }).port;
    const bytes = new Uint8Array(readFileSync(FIXTURE));
    await readPdfText(bytes, worker);
    const afterOne = port.listenerCount;
    for (let i = 0; i < 20; i++) await readPdfText(bytes, worker);
    // One listener for the port's own worker side and one for the page side, whatever was read before.
    expect(afterOne).toBeGreaterThan(0);
    expect(port.listenerCount).toBe(afterOne);
  });

  it('stops calling a listener once the signal it was registered with is aborted', async () => {
    const worker = inThreadWorker(await pdfjsModule(), await loadCachedCMapWorker());
    workers.push(worker);
    const port = (worker as unknown as { port: EventTarget & { listenerCount: number; postMessage(d: unknown): void } }).port;
    const before = port.listenerCount;
    const seen: unknown[] = [];
    const controller = new AbortController();
    // Only this test's own messages: pdf.js's start-up messages may still be on their way.
    const own = (data: unknown) => typeof data === 'object' && data !== null && 'n' in data;
    port.addEventListener('message', (e) => {
      const { data } = e as unknown as { data: unknown };
      if (own(data)) seen.push(data);
    }, { signal: controller.signal });
    expect(port.listenerCount).toBe(before + 1);
    port.postMessage({ n: 1 });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    port.postMessage({ n: 2 });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([{ n: 1 }]);
    expect(port.listenerCount).toBe(before);
  });
});
