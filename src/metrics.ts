import { Counter, Histogram, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobObserver } from './jobs/runner.js';

/**
 * The process's metrics: job attempts and durations, queue depth, outbox backlog and open dead letters. One registry per
 * runtime, so several runtimes in one process (tests) never collide; the API adds its request histogram
 * to the same registry (src/http/metrics.ts).
 */
export class Metrics implements JobObserver {
  readonly registry = new Registry();
  readonly jobAttempts = new Counter({
    name: 'job_attempts_total',
    help: 'Job attempts by job name and outcome (completed, retried, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'Job attempt duration by job name',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  constructor(sources: {
    queueDepth: () => Promise<Record<string, number>>;
    outboxBacklog: () => Promise<number>;
    /** Dead letters no operator has retried, by job name. */
    openDeadLetters: () => Promise<Record<string, number>>;
  }) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'queue_depth',
      help: 'Jobs in the queue by state',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const [state, n] of Object.entries(await sources.queueDepth())) this.set({ state }, n);
        } catch {
          // Queue unreachable: /readyz says so; the scrape itself must not fail.
        }
      },
    });
    new Gauge({
      name: 'outbox_backlog',
      help: 'Jobs written to the outbox and not yet handed to the queue',
      registers: [this.registry],
      async collect() {
        try {
          this.set(await sources.outboxBacklog());
        } catch {
          // Database unreachable: reported by /readyz.
        }
      },
    });
    // An alert on this (rather than on job_attempts_total{outcome="failed"}, which every process counts for
    // itself from its start) fires while a job waits for an operator, whichever process failed it, and stops
    // once it is retried.
    new Gauge({
      name: 'dead_letters_open',
      help: 'Jobs that failed for a real reason and wait for an operator to retry them, by job name',
      labelNames: ['job'] as const,
      registers: [this.registry],
      async collect() {
        try {
          const open = await sources.openDeadLetters();
          this.reset();
          for (const [job, n] of Object.entries(open)) this.set({ job }, n);
        } catch {
          // Database unreachable: reported by /readyz; the last figures stay.
        }
      },
    });
  }

  observe(job: string, outcome: 'completed' | 'failed' | 'retried', seconds: number): void {
    this.jobAttempts.inc({ job, outcome });
    this.jobDuration.observe({ job }, seconds);
  }
}
