import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { InvoiceParseError } from '../../src/invoices/fields.js';
import { closeIsolatedParsers, parseInvoiceIsolated, ParserPool } from '../../src/invoices/sandbox/index.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));
const xmlFile = `${fixtures}erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml`;
const ofdFile = `${fixtures}ofdrw__ofdrw/999.ofd`;
const expected = (file: string) => JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Record<string, unknown>;

/** A stand-in worker speaking the pool's protocol, misbehaving on purpose for every job. */
function fakeWorker(onJob: string): ParserPool {
  const source = `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ ready: true });
    parentPort.on('message', (job) => { ${onJob} });
  `;
  return new ParserPool(
    { maxMemoryMb: 64, concurrency: 1, maxJobsPerWorker: 10, startupTimeoutMs: 10_000 },
    { source, eval: true },
  );
}

async function failure(promise: Promise<unknown>): Promise<InvoiceParseError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(InvoiceParseError);
    return err as InvoiceParseError;
  }
  throw new Error('expected the parse to fail');
}

describe('ParserPool failure handling', () => {
  it('kills a job that runs past its time and serves the next one', async () => {
    const pool = fakeWorker(`if (job.bytes[0] === 1) for (;;) {} else parentPort.postMessage({ id: job.id, ok: false, code: 'X', message: 'fine' });`);
    const err = await failure(pool.parse(new Uint8Array([1]), 300));
    expect(err.code).toBe('PARSE_TIMEOUT');
    expect((await failure(pool.parse(new Uint8Array([2]), 5_000))).code).toBe('X');
    pool.close();
  });

  it('stops a job that exceeds its heap limit', async () => {
    const pool = fakeWorker(`const hog = []; for (;;) hog.push(new Array(100000).fill(hog.length));`);
    const err = await failure(pool.parse(new Uint8Array([1]), 20_000));
    expect(err.code).toBe('PARSE_MEMORY_LIMIT');
    pool.close();
  });

  it('reports a worker that exits or throws as a crash', async () => {
    const exits = fakeWorker(`process.exit(3);`);
    expect((await failure(exits.parse(new Uint8Array([1]), 5_000))).code).toBe('PARSE_CRASHED');
    exits.close();
    const throws = fakeWorker(`throw new Error('boom');`);
    expect((await failure(throws.parse(new Uint8Array([1]), 5_000))).code).toBe('PARSE_CRASHED');
    throws.close();
  });

  it('fails jobs cleanly when the worker cannot start', async () => {
    const pool = new ParserPool(
      { maxMemoryMb: 64, concurrency: 1, maxJobsPerWorker: 10, startupTimeoutMs: 5_000 },
      { source: `throw new Error('cannot load');`, eval: true },
    );
    expect((await failure(pool.parse(new Uint8Array([1]), 1_000))).code).toBe('PARSE_WORKER_UNAVAILABLE');
    pool.close();
  });
});

describe('parseInvoiceIsolated', () => {
  afterAll(() => closeIsolatedParsers());

  it('parses real invoices in a worker', async () => {
    const xml = await parseInvoiceIsolated(readFileSync(xmlFile), { timeoutMs: 20_000, maxMemoryMb: 256 });
    expect(xml.format).toBe('xml');
    expect(compareFields(expected(xmlFile), xml.fields)).toEqual([]);
    const ofd = await parseInvoiceIsolated(readFileSync(ofdFile), { timeoutMs: 20_000, maxMemoryMb: 256 });
    expect(ofd.format).toBe('ofd');
    expect(compareFields(expected(ofdFile), ofd.fields)).toEqual([]);
  });

  it('runs several files at once and leaves the caller’s buffer intact', async () => {
    const bytes = readFileSync(xmlFile);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => parseInvoiceIsolated(bytes, { timeoutMs: 20_000, maxMemoryMb: 256 })),
    );
    expect(results.map((r) => r.fields.invoiceNumber)).toEqual(Array(4).fill('26322000004478296111'));
    expect(bytes.byteLength).toBeGreaterThan(0);
  });

  it('answers unsupported content with a coded error', async () => {
    const err = await failure(parseInvoiceIsolated(new TextEncoder().encode('not an invoice'), { maxMemoryMb: 256 }));
    expect(err.code).toBe('UNSUPPORTED_FORMAT');
  });
});
