import { Counter, Histogram, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobObserver } from './jobs/runner.js';

/**
 * A gauge of counts by one label, read from `source` at each scrape. When the source cannot be reached (the
 * queue or the database is down: /readyz says so) the gauge is empty rather than stale, and the scrape still
 * succeeds.
 */
function countsBy(registry: Registry, name: string, help: string, label: string, source: () => Promise<Record<string, number>>): void {
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const [value, n] of Object.entries(await source())) this.set({ [label]: value }, n);
      } catch {
        // Unreachable: reported by /readyz.
      }
    },
  });
}

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
    countsBy(this.registry, 'queue_depth', 'Jobs in the queue by state', 'state', sources.queueDepth);
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
    countsBy(this.registry, 'dead_letters_open', 'Jobs that failed for a real reason and wait for an operator to retry them, by job name', 'job', sources.openDeadLetters);
  }

  observe(job: string, outcome: 'completed' | 'failed' | 'retried', seconds: number): void {
    this.jobAttempts.inc({ job, outcome });
    this.jobDuration.observe({ job }, seconds);
  }
}
