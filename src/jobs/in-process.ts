import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { isPermanentFailure, JOB_DEFAULTS, PermanentJobError } from './definition.js';
import { claimDue, hourlyPruner, markDispatched, markRetry, outboxBacklog, type OutboxRow } from './outbox.js';
import { PollLoop, backoffMs, type JobRunner, type JobRunnerDeps } from './runner.js';

/**
 * The embedded runner: the outbox is the queue. Rows are claimed with a lease, run through the same job
 * definitions the BullMQ workers use, retried with the same backoff, and marked done or failed.
 */
export class InProcessRunner implements JobRunner {
  readonly kind = 'in-process' as const;
  private readonly loop: PollLoop;
  private readonly prune: () => Promise<void>;
  private active = 0;

  constructor(private readonly deps: JobRunnerDeps) {
    this.prune = hourlyPruner(deps.db);
    this.loop = new PollLoop(() => this.tick(), deps.pollMs, (err) =>
      deps.logger.error({ err }, 'in-process job loop failed'),
    );
  }

  start(): void {
    this.loop.start();
  }

  poke(): void {
    this.loop.poke();
  }

  private async tick(): Promise<void> {
    await this.prune();
    for (;;) {
      const rows = await claimDue(this.deps.db, this.deps.concurrency);
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.execute(row)));
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
      observer?.observe(row.job_name, 'completed', seconds());
    } catch (err) {
      const permanent = isPermanentFailure(err) || attempt >= JOB_DEFAULTS.attempts;
      const message = err instanceof Error ? err.message : String(err);
      logger.warn({ job: row.job_name, jobId: row.job_id, attempt, err: message }, permanent ? 'job failed' : 'job will retry');
      await markRetry(db, row.id, message, backoffMs(attempt, JOB_DEFAULTS.backoff.delay), permanent);
      observer?.observe(row.job_name, permanent ? 'failed' : 'retried', seconds());
    } finally {
      this.active--;
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

  async stop(): Promise<void> {
    await this.loop.stop();
  }
}
