import { afterEach, describe, expect, it } from 'vitest';
import { parseInvoice } from '../../src/invoices/parse.js';
import { ParserPool, type PoolOptions } from '../../src/invoices/sandbox/index.js';
import { usableFixtureCases } from '../support/fixtures.js';

// The usable real PDF invoices: legacy ones need the predefined CMaps a parser thread caches.
const pdfs = usableFixtureCases('.pdf');
const pools: ParserPool[] = [];

function pool(options: Partial<PoolOptions>): ParserPool {
  const p = new ParserPool({ maxMemoryMb: 2048, concurrency: 1, maxJobsPerWorker: 1_000, startupTimeoutMs: 60_000, ...options });
  pools.push(p);
  return p;
}

afterEach(() => {
  for (const p of pools.splice(0)) p.close();
});

describe('parser thread recycling', () => {
  it('has real legacy and digital PDFs to parse', () => {
    expect(pdfs.length).toBeGreaterThanOrEqual(4);
  });

  it('replaces a thread after its quota of files, and a replacement reads every file as the first thread did and as the main thread does', async () => {
    const p = pool({ maxJobsPerWorker: 3 });
    const rounds: unknown[][] = [[], []];
    // One file at a time, so the count of threads is exact: each serves three files, then the next file starts a new one.
    for (const round of rounds) for (const { bytes } of pdfs) round.push(await p.parse(bytes, 60_000));
    const parses = pdfs.length * 2;
    expect(p.started).toBe(Math.ceil(parses / 3));
    expect(p.retired).toBe(Math.floor(parses / 3));
    for (let i = 0; i < pdfs.length; i++) {
      expect(rounds[1]![i], pdfs[i]!.file).toEqual(rounds[0]![i]);
      expect(rounds[0]![i], pdfs[i]!.file).toEqual(await parseInvoice(pdfs[i]!.bytes));
    }
  }, 240_000);

  it('replaces a thread that keeps alive more than its headroom beyond what it kept after its first file', async () => {
    // A stand-in thread that reports its heap as a leaking parser would: 10 MB more kept alive with every file.
    const source = `
      const { parentPort } = require('node:worker_threads');
      let files = 0;
      parentPort.postMessage({ ready: true });
      parentPort.on('message', (job) => {
        const mb = 2 ** 20;
        const heap = { usedBytes: (70 + 10 * files) * mb, liveBytes: (70 + 10 * files) * mb, firstLiveBytes: 70 * mb };
        files += 1;
        parentPort.postMessage({ id: job.id, ok: false, code: 'X', message: 'not an invoice', heap });
      });
    `;
    const p = new ParserPool({ maxMemoryMb: 64, concurrency: 1, maxJobsPerWorker: 1_000, startupTimeoutMs: 10_000, heapHeadroomMb: 25 }, { source, eval: true });
    pools.push(p);
    for (let i = 0; i < 8; i++) await p.parse(new Uint8Array([i]), 10_000).catch(() => undefined);
    // Growth 0, 10, 20 MB is within 25 MB; at 30 MB (the fourth file) the thread is replaced: files 1–4 and 5–8.
    expect(p.started).toBe(2);
    expect(p.retired).toBe(2);
  }, 60_000);

  it('keeps a real parser thread under a 64 MB headroom: it collects its garbage instead of being replaced', async () => {
    const p = pool({ heapHeadroomMb: 64 });
    for (const { bytes } of pdfs) await p.parse(bytes, 60_000);
    for (const { bytes } of pdfs) await p.parse(bytes, 60_000);
    expect(p.started).toBe(1);
    expect(p.retired).toBe(0);
  }, 240_000);
});
