import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Config } from '../config.js';
import { ServiceError, type ServiceErrorKind } from '../services/errors.js';

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
}

export function defineJob<S extends z.ZodType>(def: {
  name: string;
  payload: S;
  jobId(payload: z.infer<S>): string;
  handler(payload: z.infer<S>, ctx: JobContext): Promise<void>;
  dedupKey?(payload: z.infer<S>): string;
  coalesceMs?(config: Config): number;
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

export type JobRegistry = ReadonlyMap<string, JobDefinition>;

export function registry(defs: JobDefinition<any>[]): JobRegistry {
  const map = new Map<string, JobDefinition>();
  for (const d of defs) {
    if (map.has(d.name)) throw new Error(`job defined twice: ${d.name}`);
    map.set(d.name, d as JobDefinition);
  }
  return map;
}
