import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { connectionProblem, describeError } from '../logger.js';
import { PermanentJobError } from './definition.js';
import { openDeadLetterCount, recordDeadLetter } from './dead-letters.js';
import { claimWork, leaseRows, markCoveredDone, waitingRows, type WaitingRow } from './in-process-claims.js';
import { hourlyPruner, markDispatched, markRetry, outboxBacklog, putBack, type OutboxRow } from './outbox.js';
import { PollLoop, judgeFailure, type JobRunner, type JobRunnerDeps, type Verdict } from './runner.js';

/**
 * Matching runs (and fraud scans) at once: each holds its enterprises' rows for its whole transaction, and
 * parses must keep their own slots meanwhile.
 */
const FOLDING_SLOTS = 1;

/**
 * The embedded runner: the outbox is the queue. Rows are claimed with a lease, run through the same job
 * definitions the BullMQ workers use, retried with the same backoff, and marked done or failed.
 *
 * Two lanes: ordinary jobs (parses) get `concurrency` slots and a freed slot claims the next row at once, so
 * one slow parse never idles the others; jobs with a dedup key (matching runs, fraud scans) get a slot of
 * their own and fold as on BullMQ: a group waits its coalescing time from its oldest trigger, then one run
 * covers every trigger of the group that committed before it started.
 */
export class InProcessRunner implements JobRunner {
  readonly kind = 'in-process' as const;
  private readonly loop: PollLoop;
  private readonly prune: () => Promise<void>;
  private active = 0;
  /** Jobs started by this runner and not finished, by lane. */
  private readonly running = new Set<Promise<void>>();
  private workActive = 0;
  private foldingActive = 0;
  private readonly folding: string[];
  private wake: { at: number; timer: NodeJS.Timeout } | null = null;
  /**
   * When the folding lane next needs to read its waiting rows. Every finished parse pokes the loop and adds a
   * matching trigger; reading all waiting triggers on each of those pokes made the reads grow with the square of
   * a burst. Between reads nothing can fall due sooner than the earliest waiting group, a trigger committed
   * after the read waits at least the shortest coalescing time, and a row freed by another runner's expired
   * lease is seen at the next poll; a folding run that ends clears it.
   */
  private foldingCheckAt = 0;
  private readonly shortestCoalesceMs: number;
  /** Retries through outages so far, per outbox row still being retried (forgotten when it finishes). */
  private readonly outageRetries = new Map<number, number>();
  /**
   * Rows an outage failed whose release could not be written because the database was down: released as soon
   * as it is back, rather than when their lease runs out a minute later.
   */
  private readonly unreleased = new Map<number, { error: string; delayMs: number }>();

  constructor(private readonly deps: JobRunnerDeps) {
    this.prune = hourlyPruner(deps.db);
    this.folding = [...deps.jobs.values()].filter((d) => d.dedupKey).map((d) => d.name);
    this.shortestCoalesceMs = Math.min(...this.folding.map((name) => deps.jobs.get(name)?.coalesceMs?.(deps.config) ?? 0));
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
    const free = this.deps.concurrency - this.workActive;
    if (free > 0) {
      const rows = await claimWork(this.deps.db, free, this.folding);
      this.deps.databaseOutage.recovered();
      for (const row of rows) this.launch('work', row);
    }
    if (this.folding.length > 0 && this.foldingActive < FOLDING_SLOTS && Date.now() >= this.foldingCheckAt) await this.claimFolding();
  }

  /** Runs a claimed row without waiting for it; when it finishes its slot is free and the loop looks again. */
  private launch(lane: 'work' | 'folding', row: OutboxRow, covered: OutboxRow[] = []): void {
    if (lane === 'work') this.workActive++;
    else this.foldingActive++;
    const run = this.execute(row, covered).finally(() => {
      if (lane === 'work') this.workActive--;
      else {
        this.foldingActive--;
        this.foldingCheckAt = 0;
      }
      this.running.delete(run);
      this.poke();
    });
    this.running.add(run);
  }

  /** Starts the due groups of folding jobs, oldest first, while their lane has room. */
  private async claimFolding(): Promise<void> {
    const readAt = Date.now();
    const groups = new Map<string, WaitingRow[]>();
    for (const row of await waitingRows(this.deps.db, this.folding)) {
      const key = this.groupKey(row);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const due: WaitingRow[][] = [];
    let nextDueInMs = Infinity;
    for (const rows of groups.values()) {
      const waitMs = this.deps.jobs.get(rows[0]!.job_name)?.coalesceMs?.(this.deps.config) ?? 0;
      const waited = Math.max(...rows.map((r) => r.waited_ms));
      if (waited >= waitMs) due.push(rows);
      else nextDueInMs = Math.min(nextDueInMs, waitMs - waited);
    }
    if (nextDueInMs < Infinity) this.wakeIn(nextDueInMs);
    this.foldingCheckAt = readAt + Math.min(nextDueInMs, this.shortestCoalesceMs, this.deps.pollMs);
    due.sort((a, b) => Number(a[0]!.id) - Number(b[0]!.id));
    for (const rows of due) {
      if (this.foldingActive >= FOLDING_SLOTS) break;
      const leased = await leaseRows(this.deps.db, rows.map((r) => Number(r.id)));
      if (leased.length === 0) continue;
      // The newest trigger runs; the others' work is part of its run.
      const lead = leased[leased.length - 1]!;
      this.launch('folding', lead, leased.slice(0, -1));
    }
  }

  /** Rows whose runs fold together: same job, same dedup key. A payload that does not parse runs alone (and fails). */
  private groupKey(row: OutboxRow): string {
    const def = this.deps.jobs.get(row.job_name);
    const parsed = def?.payload.safeParse(row.payload);
    return parsed?.success && def?.dedupKey ? `${row.job_name}:${def.dedupKey(parsed.data)}` : `row:${row.id}`;
  }

  /** Looks again when the next group's coalescing time is over (rather than at the next poll). */
  private wakeIn(ms: number): void {
    const at = Date.now() + ms;
    if (this.wake && this.wake.at <= at) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(() => {
      this.wake = null;
      this.poke();
    }, Math.ceil(ms) + 5);
    timer.unref();
    this.wake = { at, timer };
  }

  private async releaseLeftOver(): Promise<void> {
    for (const [id, { error, delayMs }] of this.unreleased) {
      await putBack(this.deps.db, [id], error, delayMs);
      this.unreleased.delete(id);
    }
  }

  /** One attempt of `row`; `covered` are rows of the same group whose work its run does. */
  private async execute(row: OutboxRow, covered: OutboxRow[] = []): Promise<void> {
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
      await markCoveredDone(db, covered.map((r) => Number(r.id)));
      this.outageRetries.delete(row.id);
      observer?.observe(row.job_name, 'completed', seconds());
    } catch (err) {
      const outages = this.outageRetries.get(row.id) ?? 0;
      const verdict = judgeFailure(err, attempt, outages, this.deps.outageRetryLimit, config.JOB_RETRY_MAX_DELAY_MS);
      observer?.observe(row.job_name, verdict.kind === 'dead' || verdict.kind === 'recorded' ? 'failed' : 'retried', seconds());
      await this.settle(row, attempt, verdict, err)
        // The rows it covered wait as long as it does (without spending attempts), then fold again.
        .then(() => putBack(db, covered.map((r) => Number(r.id)), describeError(err), 'delayMs' in verdict ? verdict.delayMs : 0))
        .catch((settleErr) => {
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
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = null;
    await Promise.allSettled([...this.running]);
  }
}
