import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import { ServiceError, type ServiceErrorKind } from '../services/errors.js';
import { connectionProblem } from '../logger.js';

export interface JobContext {
  db: Db;
  logger: Logger;
  config: Config;
  /** Attempt number, starting at 1. */
  attempt: number;
  /** Wakes the outbox relay after this job committed follow-up jobs. */
  poke(): void;
}

export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  /** Deterministic id: the same work enqueued twice is one job. */
  jobId(payload: P): string;
  handler(payload: P, ctx: JobContext): Promise<void>;
  /**
   * Jobs with the same key do the same work on whatever has committed when they start, so on the queue
   * a second one is not added while the first still waits, and at most one more waits while one runs.
   */
  dedupKey?(payload: P): string;
  /** With a dedup key: how long such a job waits on the queue first, so more of its triggers fold into it. */
  coalesceMs?(config: Config): number;
  /** What the job is about, for an operator reading its dead letter: an invoice id, the enterprises matched. */
  subject?(payload: P): string;
}

export function defineJob<S extends z.ZodType>(def: {
  name: string;
  payload: S;
  jobId(payload: z.infer<S>): string;
  handler(payload: z.infer<S>, ctx: JobContext): Promise<void>;
  dedupKey?(payload: z.infer<S>): string;
  coalesceMs?(config: Config): number;
  subject?(payload: z.infer<S>): string;
}): JobDefinition<z.infer<S>> {
  return def as JobDefinition<z.infer<S>>;
}

/** Shared defaults for every job: retried with exponential backoff, kept a while for inspection. */
export const JOB_DEFAULTS = {
  attempts: 5,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** A failure that retrying cannot fix (bad payload, unreadable file): fail at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
  /**
   * The failure is already recorded on what the job works on (an unreadable invoice is `failed` with its
   * reason), so the job is finished: there is nothing for an operator to retry.
   */
  readonly recorded: boolean;

  constructor(message: string, opts: { recorded?: boolean } = {}) {
    super(message);
    this.recorded = opts.recorded ?? false;
  }
}

/** Refusals that can pass by themselves: data that moved meanwhile, a lock or a budget that runs out, a dependency that returns. */
const PASSING_KINDS: ReadonlySet<ServiceErrorKind> = new Set(['CONFLICT', 'LOCKED', 'RATE_LIMITED', 'UNAVAILABLE']);

/**
 * The job runners' edge, as problem.ts is the API's: a verb's refusal that would come back the same on
 * every attempt (not found, invalid, forbidden …) fails the job at once; anything else is retried.
 */
export function isPermanentFailure(err: unknown): boolean {
  if (err instanceof PermanentJobError) return true;
  return err instanceof ServiceError && !PASSING_KINDS.has(err.kind);
}

/** SQLSTATEs of a transaction the database gave up on for contention: the same work succeeds when run again. */
const CONTENTION_CODES = new Set(['40001', '40P01', '55P03']);

/**
 * How a runner treats a failed attempt:
 * - `outage`: something the job needs is unreachable or the database aborted it for contention — nothing
 *   about this job. Retried through the outage without spending an attempt (up to JOB_OUTAGE_HOURS).
 * - `recorded`: the job recorded its own failure on its subject; it is finished.
 * - `permanent`: retrying cannot help; the job becomes a dead letter at once.
 * - `error`: anything else; retried with backoff, each try spending an attempt, then a dead letter.
 */
export type FailureKind = 'outage' | 'recorded' | 'permanent' | 'error';

export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof PermanentJobError) return err.recorded ? 'recorded' : 'permanent';
  if (err instanceof ServiceError) return err.kind === 'UNAVAILABLE' ? 'outage' : isPermanentFailure(err) ? 'permanent' : 'error';
  if (connectionProblem(err)) return 'outage';
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONTENTION_CODES.has(code)) return 'outage';
  }
  return 'error';
}

/** The wait before the n-th retry through an outage (n from 1): 1 s, 2 s, 4 s … up to `capMs`. */
export function outageDelayMs(n: number, capMs: number): number {
  return Math.min(capMs, 1000 * 2 ** Math.min(Math.max(0, n - 1), 30));
}

/** How many retries through an outage fit in JOB_OUTAGE_HOURS with that backoff. */
export function outageRetryLimit(config: Pick<Config, 'JOB_OUTAGE_HOURS' | 'JOB_RETRY_MAX_DELAY_MS'>): number {
  const windowMs = config.JOB_OUTAGE_HOURS * 3_600_000;
  let n = 0;
  for (let waited = 0; waited < windowMs; waited += outageDelayMs(n, config.JOB_RETRY_MAX_DELAY_MS)) n++;
  return n;
}

export type JobRegistry = ReadonlyMap<string, JobDefinition>;

export function registry(defs: JobDefinition<any>[]): JobRegistry {
  const map = new Map<string, JobDefinition>();
  for (const d of defs) {
    if (map.has(d.name)) throw new Error(`job defined twice: ${d.name}`);
    map.set(d.name, d as JobDefinition);
  }
  return map;
}
