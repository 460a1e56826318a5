import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * The two ends of pdf.js's in-thread "worker": in Node pdf.js runs its worker code in the same thread and talks
 * to it over a loopback port. pdf.js picks that worker code itself (process-wide, on first use); connecting
 * our own lets this thread's parser use the worker code with the parsed-CMap cache whatever else in the process
 * uses pdf.js, and lets the cache test compare it with the unamended code.
 */
// pdf.js's message-handler stream kind for a chunk sent to the reader.
const STREAM_ENQUEUE = 4;

interface StreamMessage {
  stream?: unknown;
  chunk?: { items?: unknown; styles?: unknown };
}

/**
 * The text of a page is most of what crosses the port, and copying it deeply is about a twentieth of a parse.
 * A copy of the chunk object suffices: after sending it, pdf.js's worker replaces the chunk's `items` and
 * `styles` with new ones and never writes to the items it sent (each is built afresh, transform included), so
 * the reader's view cannot change under it. Anything else is cloned. The CMap cache test compares the text
 * read through this port with stock pdf.js's on every fixture.
 */
function textChunkCopy(data: unknown): unknown {
  const message = data as StreamMessage | null;
  if (message?.stream !== STREAM_ENQUEUE || !message.chunk || !Array.isArray(message.chunk.items)) return undefined;
  return { ...message, chunk: { ...message.chunk } };
}

class LoopbackPort {
  // Each listener with what stops watching its abort signal. pdf.js's message handlers (one pair per document)
  // stop listening by aborting the signal they registered with, never by removeEventListener: a port that
  // ignored the signal would keep every finished document reachable and call its handlers on every later message.
  private readonly listeners = new Map<(event: { data: unknown }) => void, (() => void) | null>();
  private readonly delivered = Promise.resolve();

  postMessage(data: unknown, transfer?: NonNullable<Parameters<typeof structuredClone>[1]>['transfer']): void {
    // Delivered later and as a copy, as between a real worker and its page (pdf.js relies on both); a page's
    // text arrives as a copy of its chunk only (textChunkCopy).
    const event = { data: textChunkCopy(data) ?? structuredClone(data, transfer ? { transfer } : undefined) };
    void this.delivered.then(() => {
      for (const listener of [...this.listeners.keys()]) listener.call(this, event);
    });
  }

  addEventListener(_name: string, listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal } | null): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    let unwatch: (() => void) | null = null;
    if (signal) {
      const onAbort = (): void => this.removeEventListener(_name, listener);
      signal.addEventListener('abort', onAbort, { once: true });
      unwatch = () => signal.removeEventListener('abort', onAbort);
    }
    this.listeners.get(listener)?.();
    this.listeners.set(listener, unwatch);
  }

  removeEventListener(_name: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.get(listener)?.();
    this.listeners.delete(listener);
  }

  /** How many listeners the port holds (for the test that finished documents let go of it). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  terminate(): void {
    for (const unwatch of this.listeners.values()) unwatch?.();
    this.listeners.clear();
  }
}

export interface WorkerCode {
  WorkerMessageHandler: unknown;
}

/** A PDFWorker whose other end is `code`'s message handler, in this thread. */
export function inThreadWorker(pdfjs: typeof PdfjsModule, code: WorkerCode): PdfjsModule.PDFWorker {
  const port = new LoopbackPort();
  (code.WorkerMessageHandler as { initializeFromPort(port: LoopbackPort): void }).initializeFromPort(port);
  // pdf.js's typings allow no port; it takes any object with a Worker's messaging methods.
  const options = { port, verbosity: pdfjs.VerbosityLevel.ERRORS } as unknown as ConstructorParameters<typeof pdfjs.PDFWorker>[0];
  return new pdfjs.PDFWorker(options);
}
