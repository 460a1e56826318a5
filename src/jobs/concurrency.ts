import { availableParallelism } from 'node:os';
import type { Config } from '../config.js';
import { parserThreads } from '../invoices/sandbox/index.js';

/**
 * Jobs a process runs at once per queue: WORKER_CONCURRENCY, or by default two per parser thread. With only as
 * many parses in flight as parser threads, a thread waits while its job loads the file and records the result
 * on the process's main thread; with two, the next file is already queued for it (on the embedded default,
 * 2 parser threads: 3–8% more invoices parsed per second than with 2 jobs at once, in alternating runs).
 */
export function jobConcurrency(config: Pick<Config, 'WORKER_CONCURRENCY' | 'PARSE_THREADS'>): number {
  return config.WORKER_CONCURRENCY > 0 ? config.WORKER_CONCURRENCY : 2 * parserThreads(config.PARSE_THREADS);
}

/**
 * The configuration jobs run with when they run in the API process itself (no REDIS_URL: the embedded
 * default). Unless PARSE_THREADS is set, one core is left to the process's main thread, which serves the API
 * and runs the embedded database and every job's statements: on 2 cores, 1 parser thread parsed about 3% more
 * invoices per second than 2 (six alternating pairs, −1% to +5%), and the process holds one parser's memory less.
 * Worker processes, whose main thread does little else, keep one parser thread per core.
 */
export function inProcessJobConfig<C extends Pick<Config, 'PARSE_THREADS'>>(config: C, cores = availableParallelism()): C {
  return config.PARSE_THREADS > 0 ? config : { ...config, PARSE_THREADS: parserThreads(0, cores - 1) };
}
