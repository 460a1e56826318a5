import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../db/client.js';
import type { Config } from '../config.js';
import { connectionProblem, type Logger } from '../logger.js';
import type { JobRegistry } from './definition.js';
import { parseInvoiceJob } from './invoice-parse.job.js';
import { reconcileJob } from './reconcile.job.js';
import { OUTBOX_RETENTION_DAYS, requeue } from './outbox.js';
import type { OutageReporter } from './outage.js';
import { PollLoop } from './runner.js';

// One sweeper at a time across every process sharing the database.
const SWEEP_LOCK = 7_310_003;
/** Jobs put back per kind and round; a larger backlog takes a few rounds. */
const SWEEP_BATCH = 500;

export interface SweepResult {
  /** Invoices still `received` whose parse was put back. */
  parses: number;
  /** Matching triggers no run has followed, put back. */
  matching: number;
}

export interface SweeperDeps {
  db: Db;
  config: Config;
  logger: Logger;
  jobs: JobRegistry;
  databaseOutage: OutageReporter;
  /** Wakes the relay once put-back jobs have committed. */
  poke(): void;
}

/**
 * Finds work that was left behind and puts its jobs back through the outbox: jobs lost from the queue (Redis
 * flushed or restarted without its data), jobs that ran out of attempts before this service retried through
 * outages, jobs of a process that died between taking and finishing them. It looks at what the data says
 * rather than at the queue: invoices still `received`, and matching triggers (a parsed invoice, a statement
 * version) that no matching run of their enterprises has followed, once older than SWEEP_AFTER_MS. A job with
 * an open dead letter is the operator's and is left alone; one already waiting in the outbox is not touched,
 * so sweeping twice puts nothing back twice.
 */
export class Sweeper {
  private readonly loop: PollLoop;

  constructor(private readonly deps: SweeperDeps) {
    this.loop = new PollLoop(
      async () => {
        await this.sweep();
        // The relay does not touch the database while Redis is away: the sweep then says when it is back.
        deps.databaseOutage.recovered();
      },
      Math.max(deps.config.SWEEP_INTERVAL_MS, 1),
      (err) => (connectionProblem(err) ? deps.databaseOutage.failed(err) : deps.logger.warn({ err }, 'sweep failed')),
    );
  }

  start(): void {
    if (this.deps.config.SWEEP_INTERVAL_MS > 0) this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One round; null when another process holds the sweep. */
  async sweep(): Promise<SweepResult | null> {
    const { db, jobs, logger, config } = this.deps;
    const result = await db.transaction(async (tx) => {
      const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as ok`));
      if (!lock?.ok) return null;
      const afterSeconds = config.SWEEP_AFTER_MS / 1000;
      return {
        parses: jobs.has(parseInvoiceJob.name) ? await this.parses(tx, afterSeconds) : 0,
        matching: jobs.has(reconcileJob.name) ? await this.matching(tx, afterSeconds) : 0,
      };
    });
    if (result && result.parses + result.matching > 0) {
      logger.warn({ ...result, olderThanSeconds: config.SWEEP_AFTER_MS / 1000 }, 'work left behind put back in the outbox');
      this.deps.poke();
    }
    return result;
  }

  /**
   * Invoices still waiting for their parse: not waiting in the outbox, not handed to the queue within the
   * threshold (a job put back is given as long to run as a new one, or every round would put it back again
   * while the queue still holds it), not a dead letter.
   */
  private async parses(tx: Tx, afterSeconds: number): Promise<number> {
    // The job id the parse job gives an invoice is this prefix and the invoice id.
    const prefix = parseInvoiceJob.jobId({ invoiceId: '' });
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`select i.id from invoices i
        where i.status = 'received' and i.created_at < now() - make_interval(secs => ${afterSeconds})
          and not exists (select 1 from outbox o where o.job_id = ${prefix} || i.id
            and (o.status = 'pending' or o.dispatched_at > now() - make_interval(secs => ${afterSeconds})))
          and not exists (select 1 from dead_letters d where d.job_name = ${parseInvoiceJob.name} and d.job_id = ${prefix} || i.id
            and d.resolved_at is null)
        order by i.created_at limit ${SWEEP_BATCH}`),
    );
    for (const { id } of rows) {
      const payload = { invoiceId: id };
      await requeue(tx, { job: parseInvoiceJob.name, jobId: parseInvoiceJob.jobId(payload), payload });
    }
    return rows.length;
  }

  /**
   * Matching triggers still in the outbox (it keeps them OUTBOX_RETENTION_DAYS) handed over or failed, for
   * which some enterprise has had no matching run since the trigger was written. Runs are read from their
   * audit events, one latest run per enterprise; on BullMQ most triggers fold into another trigger's run, so
   * a trigger's own job having run is not what counts.
   */
  private async matching(tx: Tx, afterSeconds: number): Promise<number> {
    const rows = rowsOf<{ id: number; job_id: string; payload: unknown }>(
      await tx.execute(sql`
        with candidate as (
          select o.id, o.job_id, o.payload, o.created_at from outbox o
          where o.job_name = ${reconcileJob.name} and o.status in ('dispatched', 'failed')
            and o.created_at < now() - make_interval(secs => ${afterSeconds})
            and (o.dispatched_at is null or o.dispatched_at < now() - make_interval(secs => ${afterSeconds}))
            and o.created_at > now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})
            and not exists (select 1 from dead_letters d where d.job_name = o.job_name and d.job_id = o.job_id and d.resolved_at is null)),
        last_run as (
          select u.uscc, max(a.at) as at from audit_events a
            cross join lateral jsonb_array_elements_text(case when jsonb_typeof(a.after -> 'usccs') = 'array' then a.after -> 'usccs' else '[]'::jsonb end) as u(uscc)
          where a.action = 'recon.run' and a.at >= (select min(created_at) from candidate)
          group by u.uscc)
        select c.id, c.job_id, c.payload from candidate c
        where exists (select 1 from jsonb_array_elements_text(c.payload -> 'usccs') as u(uscc)
          left join last_run r on r.uscc = u.uscc where r.at is null or r.at < c.created_at)
        order by c.id limit ${SWEEP_BATCH}`),
    );
    for (const row of rows) await requeue(tx, { job: reconcileJob.name, jobId: row.job_id, payload: row.payload });
    return rows.length;
  }
}
