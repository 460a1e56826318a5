import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import type { JobRegistry } from './definition.js';

export interface JobObserver {
  /** Called once per finished attempt. */
  observe(job: string, outcome: 'completed' | 'failed' | 'retried', seconds: number): void;
}

export interface JobRunnerDeps {
  db: Db;
  config: Config;
  logger: Logger;
  jobs: JobRegistry;
  observer?: JobObserver;
  pollMs: number;
  concurrency: number;
}

/** What the rest of the service needs from the job system, embedded or on BullMQ. */
export interface JobRunner {
  readonly kind: 'in-process' | 'bullmq';
  /** Starts the outbox relay (and, in-process, the execution of jobs). */
  start(): void;
  /** Asks the relay to look at the outbox now, e.g. right after a transaction that enqueued a job committed. */
  poke(): void;
  /** Resolves when nothing is pending, leased or running (tests and graceful shutdown). */
  idle(timeoutMs?: number): Promise<void>;
  /** Counts by state, for /metrics. */
  depth(): Promise<Record<string, number>>;
  /** Throws when the queue cannot be reached (for /readyz). */
  ping(): Promise<void>;
  stop(): Promise<void>;
}

/** Exponential backoff shared by both runners: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 300_000);
}

/**
 * A loop that runs `tick` every `pollMs`, or sooner when poked, never overlapping itself. With `gatherMs`, a
 * poke runs the tick that much later rather than at once, so what several pokes in a row asked for is
 * handled in one round.
 */
export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly pollMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly gatherMs = 0,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // A round already due sooner serves this poke too; moving it later would let steady pokes starve it.
    if (this.timer && this.dueAt <= Date.now() + this.gatherMs) return;
    this.schedule(this.gatherMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
    this.timer.unref?.();
  }

  private async run(): Promise<void> {
    if (this.stopped || this.running) return;
    this.again = false;
    this.running = this.tick().catch(this.onError);
    await this.running;
    this.running = null;
    if (!this.stopped) this.schedule(this.again ? this.gatherMs : this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
