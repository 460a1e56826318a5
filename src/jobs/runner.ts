import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import { classifyFailure, JOB_DEFAULTS, outageDelayMs, type JobRegistry } from './definition.js';
import type { OutageReporter } from './outage.js';

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
  /** Tells the operator once when the database becomes unreachable, and when it is back. */
  databaseOutage: OutageReporter;
  /** Retries through an outage a job gets before such failures spend its attempts (outageRetryLimit). */
  outageRetryLimit: number;
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
  /** Jobs that failed for a real reason and wait for an operator (for /readyz). */
  deadLetters(): Promise<number>;
  /** Stops taking jobs and lets those in flight finish, within SHUTDOWN_TIMEOUT_MS whatever the queue's state. */
  stop(): Promise<void>;
}

/** Exponential backoff shared by both runners: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 300_000);
}

/** What a runner does after a failed attempt. */
export type Verdict =
  /** Retried after `delayMs` without spending an attempt: the failure was an outage, not the job's. */
  | { kind: 'outage'; delayMs: number }
  /** Retried after `delayMs`; the attempt is spent. */
  | { kind: 'retry'; delayMs: number }
  /** Kept as a dead letter for an operator. */
  | { kind: 'dead' }
  /** Finished: the job recorded its failure on its subject. */
  | { kind: 'recorded' };

/**
 * `attempt` is this attempt's number among those spent (from 1); `outageRetries` how often the job was already
 * retried through outages. Past `limit` such retries an outage counts as an ordinary failure, so a dependency
 * that never returns still ends in a dead letter.
 */
export function judgeFailure(err: unknown, attempt: number, outageRetries: number, limit: number, capMs: number): Verdict {
  const kind = classifyFailure(err);
  if (kind === 'recorded') return { kind: 'recorded' };
  if (kind === 'outage' && outageRetries < limit) return { kind: 'outage', delayMs: outageDelayMs(outageRetries + 1, capMs) };
  if (kind === 'permanent' || attempt >= JOB_DEFAULTS.attempts) return { kind: 'dead' };
  return { kind: 'retry', delayMs: backoffMs(attempt, JOB_DEFAULTS.backoff.delay) };
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
