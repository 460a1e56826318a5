import { DelayedError, Queue, Worker, UnrecoverableError, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { urlTarget } from '../config.js';
import { connectionProblem, describeError } from '../logger.js';
import { JOB_DEFAULTS, type JobDefinition } from './definition.js';
import { openDeadLetterCount, recordDeadLetter } from './dead-letters.js';
import { claimDue, hourlyPruner, markDispatchedAll, markRetry, outboxBacklog, putBack, type OutboxRow } from './outbox.js';
import { OutageReporter } from './outage.js';
import { PollLoop, backoffMs, judgeFailure, type JobRunner, type JobRunnerDeps } from './runner.js';

export interface BullmqOptions {
  redisUrl: string;
  prefix: string;
  /** Also consume jobs in this process (worker processes; tests). */
  consume: boolean;
}

const ADD_TIMEOUT_MS = 2000;
/** How long closing a connection may wait on Redis at shutdown. */
const CLOSE_WAIT_MS = 2000;
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
  private readonly connections: Redis[] = [];
  private readonly loop: PollLoop;
  private readonly prune: () => Promise<void>;
  private readonly queueOutage: OutageReporter;
  /** Jobs this process is running now. */
  private active = 0;

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
    // ioredis reconnects by itself; the operator hears once that Redis is away, and once that it is back.
    this.queueOutage = new OutageReporter(deps.logger, `REDIS_URL ${urlTarget(opts.redisUrl, 6379)}`, 'jobs wait in the outbox until it is back');
    this.producer.on('error', (err) => this.queueOutage.failed(err));
    this.producer.on('ready', () => this.queueOutage.recovered());
    for (const name of deps.jobs.keys()) {
      const queue = new Queue(queueName(name), { connection: this.producer, prefix: opts.prefix });
      queue.on('error', () => {});
      this.queues.set(name, queue);
    }
    this.prune = hourlyPruner(deps.db);
    this.loop = new PollLoop(
      () => this.relay(),
      deps.pollMs,
      (err) => (connectionProblem(err) ? deps.databaseOutage.failed(err) : deps.logger.warn({ err }, 'outbox relay round failed')),
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
    const { db } = this.deps;
    await this.prune();
    for (;;) {
      if (this.producer.status !== 'ready') return;
      const rows = await claimDue(db, RELAY_BATCH);
      this.deps.databaseOutage.recovered();
      if (rows.length === 0) return;
      const byQueue = new Map<Queue, OutboxRow[]>();
      for (const row of rows) {
        const queue = this.queues.get(row.job_name);
        if (queue) byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
        else await this.unknownJob(row);
      }
      const sent: number[] = [];
      for (const [queue, batch] of byQueue) {
        try {
          await this.clearFinished(queue, batch.filter((row) => row.handed_over));
          await withTimeout(queue.addBulk(batch.map((row) => ({ name: row.job_name, data: row.payload, opts: this.jobOptions(row) }))), ADD_TIMEOUT_MS);
          sent.push(...batch.map((r) => r.id));
        } catch (err) {
          this.queueOutage.failed(err);
          await markDispatchedAll(db, sent);
          // Not the jobs' fault: the rows are retried without counting against their attempts. A job that
          // did reach the queue before the failure is added again later under the same id, which BullMQ ignores.
          const unsent = rows.filter((r) => !sent.includes(r.id) && this.queues.has(r.job_name));
          await putBack(db, unsent.map((r) => r.id), describeError(err), backoffMs(1));
          return;
        }
      }
      await markDispatchedAll(db, sent);
      // A short batch was all that was due. Rows committed since then poked this loop (or their own
      // process's), which runs another round; asking again now would mostly find nothing.
      if (rows.length < RELAY_BATCH) return;
    }
  }

  /** A row no job here is defined for (left by another version of the service): an operator must look at it. */
  private async unknownJob(row: OutboxRow): Promise<void> {
    const error = `no job named ${row.job_name}`;
    this.deps.logger.error({ job: row.job_name, jobId: row.job_id }, 'job failed; kept as a dead letter for an operator');
    await this.deps.db.transaction(async (tx) => {
      await markRetry(tx, row.id, error, 0, true);
      await recordDeadLetter(tx, this.deps.jobs, { job: row.job_name, jobId: row.job_id, payload: row.payload, attempts: 1, error });
    });
  }

  /**
   * A row put back after it was handed over (work found left behind, a dead letter retried) may still have
   * its job in the queue under the same id, failed or completed, and BullMQ ignores a job added under an id it
   * holds. Such a finished job is removed first; one still waiting or running is left to run.
   */
  private async clearFinished(queue: Queue, rows: OutboxRow[]): Promise<void> {
    for (const row of rows) {
      const job = await withTimeout(queue.getJob(row.job_id), ADD_TIMEOUT_MS);
      if (!job) continue;
      const state = await withTimeout(job.getState(), ADD_TIMEOUT_MS);
      if (state === 'failed' || state === 'completed') await withTimeout(job.remove(), ADD_TIMEOUT_MS);
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
    const { logger, concurrency, config } = this.deps;
    // Reconnect within a few seconds of Redis returning, rather than BullMQ's default of up to 20 s.
    const connection = new Redis(this.opts.redisUrl, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(500 * n, 3000) });
    connection.on('error', () => {
      // The worker's own 'error' event reports it; ioredis reconnects by itself.
    });
    this.connections.push(connection);
    const worker = new Worker(queueName(def.name), (job: Job, token?: string) => this.process(def, job, token), {
      connection,
      prefix: this.opts.prefix,
      concurrency,
      lockDuration: config.JOB_LOCK_MS,
      stalledInterval: config.JOB_STALLED_CHECK_MS,
    });
    worker.on('error', (err) => {
      if (!connectionProblem(err)) logger.warn({ err, queue: def.name }, 'worker error');
      // Connections still catching up after the producer reconnected are the same, finished, outage.
      else if (this.producer.status !== 'ready') this.queueOutage.failed(err);
    });
    return worker;
  }

  /** One attempt of a job, and what BullMQ is told when it fails. */
  private async process(def: JobDefinition, job: Job, token: string | undefined): Promise<void> {
    const { db, logger, observer, config, jobs } = this.deps;
    const about = { job: def.name, jobId: job.id, attempt: job.attemptsMade + 1 };
    const parsed = def.payload.safeParse(job.data);
    if (!parsed.success) {
      const error = `bad payload: ${parsed.error.message}`;
      await recordDeadLetter(db, jobs, { job: def.name, jobId: job.id!, payload: job.data, attempts: 1, error }).catch((err) => logger.error({ ...about, err }, 'could not keep a dead letter'));
      throw new UnrecoverableError(error);
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    this.active++;
    try {
      await def.handler(parsed.data, { db, logger: logger.child({ job: def.name, jobId: job.id }), attempt: job.attemptsMade + 1, config, poke: () => this.poke() });
      observer?.observe(def.name, 'completed', seconds());
    } catch (err) {
      // Starts that spent no attempt: retries through outages (and restarts after a worker died).
      const outages = Math.max(0, (job.attemptsStarted ?? 1) - 1 - job.attemptsMade);
      const verdict = judgeFailure(err, job.attemptsMade + 1, outages, this.deps.outageRetryLimit, config.JOB_RETRY_MAX_DELAY_MS);
      observer?.observe(def.name, verdict.kind === 'dead' || verdict.kind === 'recorded' ? 'failed' : 'retried', seconds());
      // What BullMQ stores of a failure is this text, never the error itself (its message may hold a query's parameters).
      const error = describeError(err);
      switch (verdict.kind) {
        case 'recorded':
          logger.info({ ...about, reason: error }, 'job finished with its failure recorded');
          return;
        case 'outage':
          this.deps.databaseOutage.failed(err);
          logger.debug({ ...about, err: error, delayMs: verdict.delayMs }, 'job retried after an outage');
          await job.moveToDelayed(Date.now() + verdict.delayMs, token);
          throw new DelayedError();
        case 'retry':
          logger.warn({ ...about, err: error }, 'job will retry');
          throw new Error(error);
        case 'dead':
          logger.error({ ...about, err: error }, 'job failed; kept as a dead letter for an operator');
          await recordDeadLetter(db, jobs, { job: def.name, jobId: job.id!, payload: job.data, attempts: job.attemptsMade + 1, error }).catch((recordErr) =>
            logger.error({ ...about, err: recordErr }, 'could not keep a dead letter'),
          );
          throw new UnrecoverableError(error);
      }
    } finally {
      this.active--;
    }
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
      let onReady = () => {};
      await withTimeout(new Promise<void>((resolve) => this.producer.once('ready', (onReady = resolve))), ADD_TIMEOUT_MS).catch(() => {
        this.producer.off('ready', onReady);
        throw new Error(this.queueOutage.problem ?? `not connected (${this.producer.status})`);
      });
    }
    await withTimeout(this.producer.ping(), ADD_TIMEOUT_MS);
  }

  deadLetters(): Promise<number> {
    return openDeadLetterCount(this.deps.db);
  }

  /**
   * Stops taking new jobs and lets those in flight finish; then closes the connections; all of it within
   * SHUTDOWN_TIMEOUT_MS. Closing a worker or a queue waits on Redis, so with Redis unreachable each close gets
   * at most what is left of that time rather than being awaited: a job whose end Redis did not hear of runs
   * again elsewhere, and jobs are idempotent.
   */
  async stop(): Promise<void> {
    const deadline = Date.now() + this.deps.config.SHUTDOWN_TIMEOUT_MS;
    const left = () => Math.min(CLOSE_WAIT_MS, Math.max(0, deadline - Date.now()));
    await this.loop.stop();
    const closed = Promise.all(this.workers.map((w) => w.close().catch(() => {})));
    while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (this.active > 0) this.deps.logger.warn({ jobs: this.active }, 'jobs still running at the shutdown deadline; they will run again');
    if (!(await settlesWithin(closed, left()))) {
      await settlesWithin(Promise.all(this.workers.map((w) => w.close(true).catch(() => {}))), left());
    }
    for (const connection of this.connections) connection.disconnect();
    await settlesWithin(Promise.all([...this.queues.values()].map((q) => q.close().catch(() => {}))), left());
    this.producer.disconnect();
  }
}

/** Whether `p` settled within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return withTimeout(p.then(() => true), ms).catch(() => false);
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
