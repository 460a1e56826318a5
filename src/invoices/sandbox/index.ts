import { availableParallelism } from 'node:os';
import type { ParsedInvoice } from '../parse.js';
import { ParserPool } from './pool.js';

export { ISOLATION_ERRORS } from './protocol.js';
export { ParserPool, type PoolOptions } from './pool.js';

export interface IsolationOptions {
  /** Wall-clock limit for one file; the worker is killed when it is exceeded. */
  timeoutMs?: number;
  /** Heap limit of the worker, in MB. */
  maxMemoryMb?: number;
  /** Parser threads of the pool (0 or absent: one per CPU core, at most 4). */
  threads?: number;
  /** See PoolOptions.heapHeadroomMb (absent: the pool's default). */
  heapHeadroomMb?: number;
}

// 2 GB: below that V8 marks the parser's heap more often (see PARSE_MAX_MEMORY_MB in config.ts).
export const DEFAULT_ISOLATION = { timeoutMs: 20_000, maxMemoryMb: 2048 } as const;

/** Parser threads of a pool: as asked, or with 0 or nothing asked one per core of `cores`, at least 1 and at most 4. */
export function parserThreads(requested?: number, cores = availableParallelism()): number {
  return requested && requested > 0 ? requested : Math.max(1, Math.min(4, cores));
}

/** Pools by heap limit and size: a worker's limit is fixed when it starts. */
const pools = new Map<string, ParserPool>();

function poolFor(maxMemoryMb: number, threads: number, heapHeadroomMb: number | undefined): ParserPool {
  const key = `${maxMemoryMb}:${threads}:${heapHeadroomMb ?? ''}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new ParserPool({
      maxMemoryMb,
      concurrency: threads,
      // A new thread costs about a second of CPU (loading pdf.js, cold code, its first few hundred files at less
      // than full speed); 10,000 files keeps that near 0.1 ms a file while still bounding what a parser might
      // leak that its heap does not show (native memory). A thread's live heap stays level (the pdf.js port
      // test); the memory bench watches the resident set over 10,000 invoices.
      maxJobsPerWorker: 10_000,
      startupTimeoutMs: 60_000,
      ...(heapHeadroomMb === undefined ? {} : { heapHeadroomMb }),
    });
    pools.set(key, pool);
  }
  return pool;
}

/**
 * parseInvoice in a worker thread with a time and a heap limit. Every failure, including a
 * timeout (PARSE_TIMEOUT), running out of memory (PARSE_MEMORY_LIMIT) or a crash (PARSE_CRASHED),
 * rejects with an InvoiceParseError; the caller's process is never at risk.
 */
export function parseInvoiceIsolated(bytes: Uint8Array, options: IsolationOptions = {}): Promise<ParsedInvoice> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ISOLATION.timeoutMs;
  const maxMemoryMb = Math.max(32, Math.floor(options.maxMemoryMb ?? DEFAULT_ISOLATION.maxMemoryMb));
  return poolFor(maxMemoryMb, parserThreads(options.threads), options.heapHeadroomMb).parse(bytes, timeoutMs);
}

/** Stops all parser workers (for shutdown and tests). */
export function closeIsolatedParsers(): void {
  for (const pool of pools.values()) pool.close();
  pools.clear();
}
