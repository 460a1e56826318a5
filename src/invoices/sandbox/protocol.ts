import type { InvoiceFormat } from '../fields.js';

/** Messages between the pool and a parser worker. */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
}

export type ParseReply =
  | { id: number; ok: true; format: InvoiceFormat; fields: unknown; signature: unknown }
  | { id: number; ok: false; code: string; message: string };

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
