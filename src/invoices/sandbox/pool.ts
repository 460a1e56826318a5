import { InvoiceFields, InvoiceParseError } from '../fields.js';
import type { ParsedInvoice } from '../parse.js';
import { SignatureReport } from '../signature/types.js';
import { ISOLATION_ERRORS } from './protocol.js';
import { WorkerSlot, type Job } from './worker-slot.js';
import { workerLaunch, type WorkerLaunch } from './worker-url.js';

export interface PoolOptions {
  /** Heap limit of each worker (V8 old generation), in MB. */
  maxMemoryMb: number;
  /** Workers running at once. */
  concurrency: number;
  /** A worker is replaced after this many files, bounding whatever a parser leaks. */
  maxJobsPerWorker: number;
  /** Time a new worker may take to load its modules. */
  startupTimeoutMs: number;
  /**
   * Garbage a thread may hold beyond what it kept alive at its latest full collection: past it, the thread
   * collects at once. A thread that keeps alive this much more than after its first file (a leak, or a cache
   * gone wild) is replaced. In MB; 0: V8 alone decides when to collect, threads are replaced only by count.
   */
  heapHeadroomMb?: number;
  /** Young generation of each thread, in MB (V8's default for a worker thread is 48). */
  youngGenerationMb?: number;
}

/**
 * Defaults for the memory of a parser thread. Compiled, a thread keeps about 40 MB alive (pdf.js's code and the
 * parsed CMaps; a document's fonts, text and tables are garbage after it). The young generation is V8's own
 * default, 48 MB: with 16 MB a document's garbage outlived two scavenges before the document was done, was
 * promoted and had to be marked, so parsing cost about a fifth more CPU per file and the old generation grew
 * faster (measured: 15.0 against 12.7 CPU ms per invoice over 10,000 invoices, 591 against 444 MB peak). How far
 * the old generation grows between collections is the worker process's V8 flag (workers/node-flags.ts). The
 * headroom (explicit collections) stays off: it bounds memory too, but at about a fifth more CPU.
 */
export const THREAD_MEMORY_DEFAULTS = { heapHeadroomMb: 0, youngGenerationMb: 48 } as const;

/**
 * A small pool of parser workers. Workers are reused between files (starting one costs far more
 * than most parses) and replaced whenever one is killed for time or memory, crashes, or has
 * served its quota. Idle workers do not keep the process alive.
 */
export class ParserPool {
  private readonly slots = new Set<WorkerSlot>();
  private readonly queue: Job[] = [];
  private closed = false;
  /** Threads started and threads retired (quota served or heap outgrown) since the pool was made. */
  started = 0;
  retired = 0;

  constructor(
    private readonly options: PoolOptions,
    private readonly launch: WorkerLaunch = workerLaunch(),
  ) {}

  parse(bytes: Uint8Array, timeoutMs: number): Promise<ParsedInvoice> {
    if (this.closed) return Promise.reject(new InvoiceParseError(ISOLATION_ERRORS.startup, 'the parser pool is closed'));
    return new Promise<ParsedInvoice>((resolve, reject) => {
      this.queue.push({
        bytes,
        timeoutMs,
        reject,
        resolve: (reply) => {
          const fields = InvoiceFields.safeParse(reply.fields);
          const signature = SignatureReport.safeParse(reply.signature);
          if (fields.success && signature.success) resolve({ format: reply.format, fields: fields.data, signature: signature.data });
          else reject(new InvoiceParseError(ISOLATION_ERRORS.crashed, 'the parser returned malformed fields'));
        },
      });
      this.pump();
    });
  }

  /** Stops every worker; queued and running parses fail. */
  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.reject(new InvoiceParseError(ISOLATION_ERRORS.startup, 'the parser pool is closed'));
    }
    for (const slot of [...this.slots]) slot.terminate();
    this.slots.clear();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const idle = [...this.slots].find((s) => s.state === 'idle');
      if (idle) {
        idle.run(this.queue.shift()!);
        continue;
      }
      const starting = [...this.slots].filter((s) => s.state === 'starting').length;
      if (this.slots.size < this.options.concurrency && starting < this.queue.length) this.spawn();
      else return;
    }
  }

  private get headroomMb(): number {
    return this.options.heapHeadroomMb ?? THREAD_MEMORY_DEFAULTS.heapHeadroomMb;
  }

  private heapOutgrown(slot: WorkerSlot): boolean {
    return this.headroomMb > 0 && slot.heapGrowthBytes > this.headroomMb * 2 ** 20;
  }

  private spawn(): void {
    this.started += 1;
    const slot = new WorkerSlot(
      this.launch,
      {
        maxMemoryMb: this.options.maxMemoryMb,
        startupTimeoutMs: this.options.startupTimeoutMs,
        youngGenerationMb: this.options.youngGenerationMb ?? THREAD_MEMORY_DEFAULTS.youngGenerationMb,
        heapHeadroomMb: this.headroomMb,
      },
      {
        free: (s) => {
          if (this.closed || s.jobsDone >= this.options.maxJobsPerWorker || this.heapOutgrown(s)) {
            if (!this.closed) this.retired += 1;
            this.slots.delete(s);
            s.terminate();
          }
          this.pump();
        },
        dead: (s, duringStartup) => {
          this.slots.delete(s);
          // A worker that cannot even start would fail every job the same way: fail one
          // queued job per failed start instead of retrying forever.
          if (duringStartup) {
            this.queue.shift()?.reject(
              new InvoiceParseError(ISOLATION_ERRORS.startup, 'the parser worker could not be started'),
            );
          }
          if (!this.closed) this.pump();
        },
      },
    );
    this.slots.add(slot);
  }
}
