import { parentPort } from 'node:worker_threads';
import { InvoiceParseError } from '../fields.js';
import { parseInvoice } from '../parse.js';
import type { ParseReply, ParseRequest, ReadyMessage } from './protocol.js';

/**
 * Body of a parser worker thread: takes one file at a time and answers with the fields or a
 * coded error. Anything that escapes (a crash, running out of memory) ends the thread; the pool
 * notices and replaces it.
 */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

port.on('message', (request: ParseRequest) => {
  void handle(request).then((reply) => port.postMessage(reply));
});

async function handle({ id, bytes }: ParseRequest): Promise<ParseReply> {
  try {
    const { format, fields, signature } = await parseInvoice(bytes);
    return { id, ok: true, format, fields, signature };
  } catch (err) {
    if (err instanceof InvoiceParseError) return { id, ok: false, code: err.code, message: err.message };
    const message = err instanceof Error ? err.message : String(err);
    return { id, ok: false, code: 'PARSE_FAILED', message: `the file could not be read: ${message}` };
  }
}

const ready: ReadyMessage = { ready: true };
port.postMessage(ready);
