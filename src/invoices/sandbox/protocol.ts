import type { InvoiceFormat } from '../fields.js';

/** Messages between the pool and a parser worker. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
}

/** The thread's V8 heap after a parse, in bytes: what the pool reads to retire a thread whose heap has grown. */
export interface HeapReport {
  /** Heap in use now (used_heap_size): live objects and garbage not yet collected. */
  usedBytes: number;
  /** Heap in use right after the thread's latest full collection: what it keeps alive. */
  liveBytes: number;
  /** The same after its first collection (after its first file): pdf.js's code and the thread's own caches. */
  firstLiveBytes: number;
}

export type ParseReply = (
  | { id: number; ok: true; format: InvoiceFormat; fields: unknown; signature: unknown }
  | { id: number; ok: false; code: string; message: string }
) & { heap?: HeapReport };

/** Given to a parser thread when it starts (as workerData). */
export interface WorkerSettings {
  /**
   * After a parse that leaves more than this much heap in use beyond what the thread kept alive at its latest
   * full collection, it collects its whole heap before it answers. 0: leave every collection to V8.
   */
  headroomBytes: number;
}

/** Sent once by a worker when its modules are loaded and it can take jobs. */
export interface ReadyMessage {
  ready: true;
}

/** Error codes of isolated parsing, besides the parsers' own. */
export const ISOLATION_ERRORS = {
  timeout: 'PARSE_TIMEOUT',
  memory: 'PARSE_MEMORY_LIMIT',
  crashed: 'PARSE_CRASHED',
  startup: 'PARSE_WORKER_UNAVAILABLE',
} as const;
