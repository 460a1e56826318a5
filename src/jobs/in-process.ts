import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { connectionProblem, describeError } from '../logger.js';
import { PermanentJobError } from './definition.js';
import { openDeadLetterCount, recordDeadLetter } from './dead-letters.js';
import { claimDue, hourlyPruner, markDispatched, markRetry, outboxBacklog, putBack, type OutboxRow } from './outbox.js';
import { PollLoop, judgeFailure, type JobRunner, type JobRunnerDeps, type Verdict } from './runner.js';

/**
 * The embedded runner: the outbox is the queue. Rows are claimed with a lease, run through the same job
 * definitions the BullMQ workers use, retried with the same backoff, and marked done or failed.
 */
export class InProcessRunner implements JobRunner {
  readonly kind = 'in-process' as const;
  private readonly loop: PollLoop;
  private readonly prune: () => Promise<void>;
  private active = 0;
  /** Retries through outages so far, per outbox row still being retried (forgotten when it finishes). */
  private readonly outageRetries = new Map<number, number>();
  /**
   * Rows an outage failed whose release could not be written because the database was down: released as soon
   * as it is back, rather than when their lease runs out a minute later.
   */
  private readonly unreleased = new Map<number, { error: string; delayMs: number }>();

  constructor(private readonly deps: JobRunnerDeps) {
    this.prune = hourlyPruner(deps.db);
    this.loop = new PollLoop(() => this.tick(), deps.pollMs, (err) => {
      if (connectionProblem(err)) deps.databaseOutage.failed(err);
      else deps.logger.error({ err }, 'in-process job loop failed');
    });
  }

  start(): void {
    this.loop.start();
  }

  poke(): void {
    this.loop.poke();
  }

  private async tick(): Promise<void> {
    await this.releaseLeftOver();
    await this.prune();
    for (;;) {
      const rows = await claimDue(this.deps.db, this.deps.concurrency);
      this.deps.databaseOutage.recovered();
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.execute(row)));
    }
  }

  private async releaseLeftOver(): Promise<void> {
    for (const [id, { error, delayMs }] of this.unreleased) {
      await putBack(this.deps.db, [id], error, delayMs);
      this.unreleased.delete(id);
    }
  }

  private async execute(row: OutboxRow): Promise<void> {
    const { db, logger, jobs, observer, config } = this.deps;
    const def = jobs.get(row.job_name);
    const attempt = row.attempts + 1;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    this.active++;
    try {
      if (!def) throw new PermanentJobError(`no job named ${row.job_name}`);
      const parsed = def.payload.safeParse(row.payload);
      if (!parsed.success) throw new PermanentJobError(`bad payload: ${parsed.error.message}`);
      await def.handler(parsed.data, { db, logger: logger.child({ job: row.job_name, jobId: row.job_id }), attempt, config, poke: () => this.poke() });
      await markDispatched(db, row.id, 'done');
      this.outageRetries.delete(row.id);
      observer?.observe(row.job_name, 'completed', seconds());
    } catch (err) {
      const outages = this.outageRetries.get(row.id) ?? 0;
      const verdict = judgeFailure(err, attempt, outages, this.deps.outageRetryLimit, config.JOB_RETRY_MAX_DELAY_MS);
      observer?.observe(row.job_name, verdict.kind === 'dead' || verdict.kind === 'recorded' ? 'failed' : 'retried', seconds());
      await this.settle(row, attempt, verdict, err).catch((settleErr) => {
        // The database went away between the failure and its record; the lease frees the row in time.
        if (connectionProblem(settleErr)) this.deps.databaseOutage.failed(settleErr);
        else logger.error({ err: settleErr, job: row.job_name, jobId: row.job_id }, 'could not record a job failure');
      });
    } finally {
      this.active--;
    }
  }

  /** Writes what the verdict says about the row. */
  private async settle(row: OutboxRow, attempt: number, verdict: Verdict, err: unknown): Promise<void> {
    const { db, logger, jobs } = this.deps;
    const error = describeError(err);
    const about = { job: row.job_name, jobId: row.job_id, attempt };
    switch (verdict.kind) {
      case 'recorded':
        this.outageRetries.delete(row.id);
        logger.info({ ...about, reason: error }, 'job finished with its failure recorded');
        await markDispatched(db, row.id, 'done');
        return;
      case 'outage':
        this.outageRetries.set(row.id, (this.outageRetries.get(row.id) ?? 0) + 1);
        this.deps.databaseOutage.failed(err);
        logger.debug({ ...about, err: error, delayMs: verdict.delayMs }, 'job retried after an outage');
        await putBack(db, [row.id], error, verdict.delayMs).catch((releaseErr) => {
          this.unreleased.set(row.id, { error, delayMs: verdict.delayMs });
          throw releaseErr;
        });
        return;
      case 'retry':
        logger.warn({ ...about, err: error }, 'job will retry');
        await markRetry(db, row.id, error, verdict.delayMs);
        return;
      case 'dead':
        this.outageRetries.delete(row.id);
        logger.error({ ...about, err: error }, 'job failed; kept as a dead letter for an operator');
        await db.transaction(async (tx) => {
          await markRetry(tx, row.id, error, 0, true);
          await recordDeadLetter(tx, jobs, { job: row.job_name, jobId: row.job_id, payload: row.payload, attempts: attempt, error });
        });
    }
  }

  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    for (;;) {
      this.poke();
      // Running jobs are read before the outbox: one that finishes meanwhile has committed its follow-ups,
      // which the outbox read then sees. Two quiet reads in a row, as for the queue runner.
      const active = this.active;
      // A job put back to be retried later is pending work too, as a delayed job is on the queue runner.
      const pending = await outboxBacklog(this.deps.db);
      quiet = pending === 0 && active === 0 && this.active === 0 ? quiet + 1 : 0;
      if (quiet >= 2) return;
      if (Date.now() > deadline) throw new Error(`jobs still pending after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async depth(): Promise<Record<string, number>> {
    const result = await this.deps.db.execute(sql`select status, count(*)::int as n from outbox group by status`);
    const out: Record<string, number> = { active: this.active };
    for (const r of rowsOf<{ status: string; n: number }>(result)) out[r.status] = Number(r.n);
    return out;
  }

  async ping(): Promise<void> {
    // The queue is the database here; /readyz checks the database separately.
  }

  deadLetters(): Promise<number> {
    return openDeadLetterCount(this.deps.db);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
