import { Queue, Worker, UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { isPermanentFailure, JOB_DEFAULTS, type JobDefinition } from './definition.js';
import { claimDue, hourlyPruner, markDispatchedAll, markRetry, outboxBacklog, type OutboxRow } from './outbox.js';
import { PollLoop, backoffMs, type JobRunner, type JobRunnerDeps } from './runner.js';

export interface BullmqOptions {
  redisUrl: string;
  prefix: string;
  /** Also consume jobs in this process (worker processes; tests). */
  consume: boolean;
}

const ADD_TIMEOUT_MS = 2000;
const RELAY_BATCH = 200;

/** BullMQ wants queue names without ':' (its key separator). */
export const queueName = (job: string) => job.replace(/[^a-zA-Z0-9_-]/g, '-');

/**
 * Outbox relay onto BullMQ, plus optional workers. The relay's Redis connection fails fast (no offline
 * queue), so while Redis is down rows simply stay in the outbox and are handed over when it returns.
 */
export class BullmqRunner implements JobRunner {
  readonly kind = 'bullmq' as const;
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly loop: PollLoop;
  private readonly prune: () => Promise<void>;

  constructor(
    private readonly deps: JobRunnerDeps,
    private readonly opts: BullmqOptions,
  ) {
    this.producer = new Redis(opts.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(200 * times, 2000),
    });
    this.producer.on('error', () => {
      // Reported through ping() and the relay's retries; ioredis reconnects by itself.
    });
    for (const name of deps.jobs.keys()) {
      const queue = new Queue(queueName(name), { connection: this.producer, prefix: opts.prefix });
      queue.on('error', () => {});
      this.queues.set(name, queue);
    }
    this.prune = hourlyPruner(deps.db);
    this.loop = new PollLoop(
      () => this.relay(),
      deps.pollMs,
      (err) => deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox relay round failed'),
      deps.config.OUTBOX_RELAY_GATHER_MS,
    );
  }

  start(): void {
    this.loop.start();
    if (this.opts.consume) for (const def of this.deps.jobs.values()) this.workers.push(this.startWorker(def));
  }

  poke(): void {
    this.loop.poke();
  }

  /**
   * Hands due outbox rows to BullMQ a claimed batch at a time: one `addBulk` per queue and one update for
   * the whole batch, rather than two round trips per job, since every upload and every parse writes one.
   */
  private async relay(): Promise<void> {
    const { db, logger } = this.deps;
    await this.prune();
    for (;;) {
      if (this.producer.status !== 'ready') return;
      const rows = await claimDue(db, RELAY_BATCH);
      if (rows.length === 0) return;
      const byQueue = new Map<Queue, OutboxRow[]>();
      for (const row of rows) {
        const queue = this.queues.get(row.job_name);
        if (!queue) {
          await markRetry(db, row.id, `no job named ${row.job_name}`, 0, true);
          continue;
        }
        byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
      }
      const sent: number[] = [];
      for (const [queue, batch] of byQueue) {
        try {
          await withTimeout(queue.addBulk(batch.map((row) => ({ name: row.job_name, data: row.payload, opts: this.jobOptions(row) }))), ADD_TIMEOUT_MS);
          sent.push(...batch.map((r) => r.id));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          const unsent = rows.filter((r) => !sent.includes(r.id));
          logger.warn({ jobs: unsent.length, err: message }, 'queue unavailable; jobs kept in outbox');
          await markDispatchedAll(db, sent);
          // Not the jobs' fault: the rows are retried without counting against their attempts. A job that
          // did reach the queue before the failure is added again later under the same id, which BullMQ ignores.
          const attempts = Math.max(...unsent.map((r) => r.attempts));
          await db.execute(sql`update outbox set lease_until = null, last_error = ${message},
            available_at = now() + make_interval(secs => ${backoffMs(Math.min(attempts + 1, 5)) / 1000})
            where id = any(${sql.raw(`'{${unsent.map((r) => Number(r.id)).join(',')}}'::bigint[]`)})`);
          return;
        }
      }
      await markDispatchedAll(db, sent);
      // A short batch was all that was due. Rows committed since then poked this loop (or their own
      // process's), which runs another round; asking again now would mostly find nothing.
      if (rows.length < RELAY_BATCH) return;
    }
  }

  private jobOptions(row: OutboxRow): JobsOptions {
    const def = this.deps.jobs.get(row.job_name);
    const parsed = def?.dedupKey ? def.payload.safeParse(row.payload) : null;
    if (!parsed?.success) return { ...JOB_DEFAULTS, jobId: row.job_id };
    const delay = def!.coalesceMs?.(this.deps.config) ?? 0;
    return {
      ...JOB_DEFAULTS,
      jobId: row.job_id,
      // While one such job waits (delayed, then waiting), another adds nothing; while one runs, one more is
      // kept to run after it.
      deduplication: { id: `${row.job_name}:${def!.dedupKey!(parsed.data)}`, keepLastIfActive: true },
      ...(delay > 0 ? { delay } : {}),
    };
  }

  private startWorker(def: JobDefinition): Worker {
    const { db, logger, observer, concurrency, config } = this.deps;
    // Reconnect within a few seconds of Redis returning, rather than BullMQ's default of up to 20 s.
    const connection = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(500 * n, 3000) });
    connection.on('error', () => {
      // The worker's own 'error' event reports it; ioredis reconnects by itself.
    });
    const worker = new Worker(
      queueName(def.name),
      async (job: Job) => {
        const parsed = def.payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`bad payload: ${parsed.error.message}`);
        const started = process.hrtime.bigint();
        try {
          await def.handler(parsed.data, {
            db,
            logger: logger.child({ job: def.name, jobId: job.id }),
            attempt: job.attemptsMade + 1,
            config,
            poke: () => this.poke(),
          });
          observer?.observe(def.name, 'completed', Number(process.hrtime.bigint() - started) / 1e9);
        } catch (err) {
          const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
          const permanent = isPermanentFailure(err);
          observer?.observe(def.name, permanent || last ? 'failed' : 'retried', Number(process.hrtime.bigint() - started) / 1e9);
          if (permanent) throw new UnrecoverableError((err as Error).message);
          throw err;
        }
      },
      {
        connection,
        prefix: this.opts.prefix,
        concurrency,
        lockDuration: config.JOB_LOCK_MS,
        stalledInterval: config.JOB_STALLED_CHECK_MS,
      },
    );
    worker.on('error', (err) => logger.warn({ err: err.message, queue: def.name }, 'worker connection error'));
    worker.on('failed', (job, err) =>
      logger.warn({ queue: def.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job attempt failed'),
    );
    return worker;
  }

  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    for (;;) {
      this.poke();
      // Queues first, then the outbox: a job that finishes between the two reads has committed its follow-up
      // jobs to the outbox by then, so the second read sees them. Two quiet reads in a row are required, for
      // the moment between a job leaving the queue and its follow-up being handed over.
      let busy = 0;
      for (const q of this.queues.values()) {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        busy += Object.values(c).reduce((a, b) => a + b, 0);
      }
      // Every pending row, also those put back for later after the queue did not take them in time: that
      // hand-over may still land in the queue after both reads, so a row waiting to be retried is work.
      const pending = await outboxBacklog(this.deps.db);
      quiet = pending === 0 && busy === 0 ? quiet + 1 : 0;
      if (quiet >= 2) return;
      if (Date.now() > deadline) throw new Error(`jobs still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async depth(): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const q of this.queues.values()) {
      const c = await withTimeout(q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'), ADD_TIMEOUT_MS);
      for (const [k, v] of Object.entries(c)) totals[k] = (totals[k] ?? 0) + v;
    }
    return totals;
  }

  async ping(): Promise<void> {
    if (this.producer.status !== 'ready') {
      // Just started or reconnecting: give it a moment before calling the queue unreachable.
      await withTimeout(new Promise((resolve) => this.producer.once('ready', resolve)), ADD_TIMEOUT_MS).catch(() => {
        throw new Error(`redis ${this.producer.status}`);
      });
    }
    await withTimeout(this.producer.ping(), ADD_TIMEOUT_MS);
  }

  /** Stops taking new jobs, lets in-flight ones finish, then closes connections. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => {})));
    this.producer.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]);
}
