import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { InvoiceParseError } from '../fields.js';
import { parseInvoice } from '../parse.js';
import type { ParseReply, ParseRequest, ReadyMessage, WorkerSettings } from './protocol.js';

/**
 * Body of a parser worker thread: takes one file at a time and answers with the fields or a
 * coded error. Anything that escapes (a crash, running out of memory) ends the thread; the pool
 * notices and replaces it.
 */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

const settings = (workerData ?? { headroomBytes: 0 }) as WorkerSettings;
const collect = settings.headroomBytes > 0 ? fullCollection() : null;
// What the thread keeps alive, measured at each full collection; the first follows its first file, once pdf.js's
// code and the CMaps that file needed are loaded. How much that is depends on how the thread runs (compiled,
// about 65 MB; from TypeScript sources under tsx, about 125), so the bound is headroom above it, not a fixed size.
let firstLive = 0;
let live = 0;

port.on('message', (request: ParseRequest) => {
  void handle(request).then((reply) => {
    // The thread's heap is kept within bounds here rather than by a low heap limit: under a limit of a few
    // hundred MB V8 collects far more often on its own (about a sixth more CPU per parse, measured), while
    // with the generous limit it lets garbage pile up to three times the live heap before collecting (the
    // parsed CMaps this thread keeps are live; each document's fonts, text and tables are garbage after it).
    // One full collection whenever the garbage passes the headroom costs about as much as V8's own, just earlier.
    if (collect && (firstLive === 0 || getHeapStatistics().used_heap_size > live + settings.headroomBytes)) {
      collect();
      live = getHeapStatistics().used_heap_size;
      if (firstLive === 0) firstLive = live;
    }
    const usedBytes = getHeapStatistics().used_heap_size;
    port.postMessage({ ...reply, heap: { usedBytes, liveBytes: live, firstLiveBytes: firstLive } } satisfies ParseReply);
  });
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

/**
 * V8's full collection, which Node hands out only behind --expose-gc. A worker thread cannot be given V8 flags
 * of its own, so the flag is set at run time (it only adds `gc` to contexts created afterwards) and the function
 * is taken from a fresh context. The flag stays set: another parser thread may be between the two steps.
 */
function fullCollection(): (() => void) | null {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
  return typeof gc === 'function' ? (gc as () => void) : null;
}

const ready: ReadyMessage = { ready: true };
port.postMessage(ready);
