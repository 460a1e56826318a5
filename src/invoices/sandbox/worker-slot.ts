import { Worker } from 'node:worker_threads';
import { InvoiceParseError } from '../fields.js';
import { ISOLATION_ERRORS, type ParseReply, type ParseRequest, type WorkerSettings } from './protocol.js';
import type { WorkerLaunch } from './worker-url.js';

/** One parse waiting for, or running in, a worker. */
export interface Job {
  bytes: Uint8Array;
  timeoutMs: number;
  resolve: (reply: Extract<ParseReply, { ok: true }>) => void;
  reject: (err: InvoiceParseError) => void;
}

export interface SlotOptions {
  maxMemoryMb: number;
  startupTimeoutMs: number;
  /** V8 young generation of the thread, in MB (committed whole once the thread has parsed a few files). */
  youngGenerationMb: number;
  /** See WorkerSettings.headroomBytes; in MB, 0 for none. */
  heapHeadroomMb: number;
}

export interface SlotEvents {
  /** The worker can take a job (just started, or finished one). */
  free(slot: WorkerSlot): void;
  /** The worker is gone (crash, kill, limit); startup tells whether it ever became ready. */
  dead(slot: WorkerSlot, duringStartup: boolean): void;
}

let nextId = 1;

/**
 * A worker thread that parses one file at a time under a heap limit. A job that overruns its
 * time is ended by terminating the thread, which also stops synchronous loops.
 */
export class WorkerSlot {
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  jobsDone = 0;
  /** How much more the thread keeps alive than after its first file, as of its latest full collection. */
  heapGrowthBytes = 0;
  private readonly worker: Worker;
  private job: { id: number; job: Job; timer: NodeJS.Timeout } | null = null;
  private readonly startupTimer: NodeJS.Timeout;

  constructor(launch: WorkerLaunch, private readonly options: SlotOptions, private readonly events: SlotEvents) {
    const settings: WorkerSettings = { headroomBytes: options.heapHeadroomMb * 2 ** 20 };
    this.worker = new Worker(launch.source, {
      eval: launch.eval,
      workerData: settings,
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxMemoryMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(options.youngGenerationMb, Math.floor(options.maxMemoryMb / 8))),
        stackSizeMb: 4,
      },
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.startupTimer = setTimeout(() => this.kill(null, 'startup'), options.startupTimeoutMs);
    this.startupTimer.unref();
    this.worker.on('message', (msg: unknown) => this.onMessage(msg));
    this.worker.on('error', (err: Error & { code?: string }) => this.onFailure(err));
    this.worker.on('exit', (code) => this.onFailure(new Error(`the parser worker exited with code ${code}`)));
    this.worker.on('messageerror', (err) => this.onFailure(err));
  }

  run(job: Job): void {
    if (this.state !== 'idle') throw new Error('worker slot is not idle');
    this.state = 'busy';
    const id = nextId++;
    const timer = setTimeout(() => {
      this.kill(
        new InvoiceParseError(ISOLATION_ERRORS.timeout, `parsing took longer than ${job.timeoutMs} ms and was stopped`),
        'job',
      );
    }, job.timeoutMs);
    this.job = { id, job, timer };
    this.worker.ref();
    // A private copy is transferred so the caller's buffer stays usable.
    const copy = new Uint8Array(job.bytes);
    const request: ParseRequest = { id, bytes: copy };
    this.worker.postMessage(request, [copy.buffer]);
  }

  terminate(): void {
    this.kill(new InvoiceParseError(ISOLATION_ERRORS.crashed, 'the parser was shut down'), 'job');
  }

  private onMessage(msg: unknown): void {
    if (this.state === 'starting' && (msg as { ready?: boolean }).ready === true) {
      clearTimeout(this.startupTimer);
      this.state = 'idle';
      this.events.free(this);
      return;
    }
    const reply = msg as ParseReply;
    if (!this.job || reply.id !== this.job.id) return;
    const { job, timer } = this.job;
    clearTimeout(timer);
    this.job = null;
    this.jobsDone += 1;
    if (reply.heap) this.heapGrowthBytes = reply.heap.liveBytes - reply.heap.firstLiveBytes;
    this.state = 'idle';
    this.worker.unref();
    if (reply.ok) job.resolve(reply);
    else job.reject(new InvoiceParseError(reply.code, reply.message));
    this.events.free(this);
  }

  private onFailure(err: Error & { code?: string }): void {
    if (this.state === 'dead') return;
    const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const reason = memory
      ? new InvoiceParseError(ISOLATION_ERRORS.memory, `parsing needed more than ${this.options.maxMemoryMb} MB and was stopped`)
      : new InvoiceParseError(ISOLATION_ERRORS.crashed, `the parser stopped unexpectedly: ${err.message}`);
    this.kill(reason, this.state === 'starting' ? 'startup' : 'job');
  }

  private kill(reason: InvoiceParseError | null, phase: 'startup' | 'job'): void {
    if (this.state === 'dead') return;
    const wasStarting = this.state === 'starting';
    this.state = 'dead';
    clearTimeout(this.startupTimer);
    const current = this.job;
    this.job = null;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(
        reason ?? new InvoiceParseError(ISOLATION_ERRORS.crashed, 'the parser stopped unexpectedly'),
      );
    }
    void this.worker.terminate().catch(() => undefined);
    this.events.dead(this, wasStarting || phase === 'startup');
  }
}
