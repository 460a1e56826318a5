import { join } from 'node:path';
import { StartupError, urlTarget, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { connectionProblem, createLogger, describeError, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { jobRegistry } from './jobs/registry.js';
import { outageRetryLimit, type JobRegistry } from './jobs/definition.js';
import type { JobRunner, JobRunnerDeps } from './jobs/runner.js';
import { InProcessRunner } from './jobs/in-process.js';
import { outboxBacklog } from './jobs/outbox.js';
import { openDeadLettersByJob } from './jobs/dead-letters.js';
import { OutageReporter } from './jobs/outage.js';
import { Sweeper } from './jobs/sweeper.js';
import { ensureBootstrapAdmin } from './identity/bootstrap.js';
import { loadSecretKey } from './secret-key.js';
import { closeIsolatedParsers } from './invoices/sandbox/index.js';
import { inProcessJobConfig, jobConcurrency } from './jobs/concurrency.js';

export interface RuntimeOptions {
  logger?: Logger;
  clock?: () => Date;
  jobs?: JobRegistry;
  /** On Redis: also run BullMQ workers in this process (worker processes, tests). */
  consumeJobs?: boolean;
  /**
   * With the in-memory embedded database: start it from this data-directory dump, e.g. one already migrated,
   * so that many short-lived runtimes (a test suite's) need not each build and migrate a database.
   */
  pgliteSnapshot?: Blob;
}

/** What every process of the service runs on, API or worker: no HTTP in it. */
export interface CoreRuntime {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  jobs: JobRunner;
  /** Puts back work left behind; runs every SWEEP_INTERVAL_MS once started. */
  sweeper: Sweeper;
  /** Says once that the database is unreachable, and when it is back; the jobs, the sweeper and requests report to it. */
  databaseOutage: OutageReporter;
  /** Injected so tests can move time (signature windows, notice periods). */
  clock: () => Date;
  /** Key that seals provider secrets at rest. */
  secretKey: Buffer;
  /** Set when the bootstrap admin token was generated now: print it once. */
  generatedAdminToken: string | null;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The composition root both entry points share: configuration, the database (migrated), the bootstrap
 * admin, the job runner and what it reports to. The API process adds its HTTP app on top (runtime.ts);
 * a worker process runs this alone.
 */
export async function createCoreRuntime(config: Config, opts: RuntimeOptions = {}): Promise<CoreRuntime> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const secretKey = loadSecretKey(config);
  const dataDir = config.DATA_DIR.startsWith('memory://') ? 'memory://' : join(config.DATA_DIR, 'pglite');
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir, ...(opts.pgliteSnapshot ? { pgliteSnapshot: opts.pgliteSnapshot } : {}) });
  const databaseTarget = config.DATABASE_URL ? `DATABASE_URL ${urlTarget(config.DATABASE_URL, 5432)}` : `the embedded database in DATA_DIR ${config.DATA_DIR}`;
  try {
    await database.ping().catch((err) => {
      throw new StartupError(`cannot connect to ${databaseTarget}: ${describeError(err)}`);
    });
    if (config.RUN_MIGRATIONS) {
      await migrate(database).catch((err) => {
        const lost = connectionProblem(err);
        throw new StartupError(lost ? `lost ${databaseTarget} while applying migrations: ${lost}` : `applying migrations to ${databaseTarget} failed: ${describeError(err)}`);
      });
    }
    const generatedAdminToken = await ensureBootstrapAdmin(database.db, config.BOOTSTRAP_ADMIN_TOKEN);

    let runner: JobRunner | null = null;
    const metrics = new Metrics({
      queueDepth: () => (runner ? runner.depth() : Promise.resolve({})),
      outboxBacklog: () => outboxBacklog(database.db),
      openDeadLetters: () => openDeadLettersByJob(database.db),
    });
    const jobs = opts.jobs ?? jobRegistry;
    // One per process: the relay, the jobs and the sweeper all report to it, so an outage is said once.
    const databaseOutage = new OutageReporter(logger, databaseTarget, 'requests get 503 and jobs wait until it is back');
    const jobConfig = config.REDIS_URL ? config : inProcessJobConfig(config);
    const runnerDeps: JobRunnerDeps = {
      db: database.db,
      config: jobConfig,
      logger,
      jobs,
      observer: metrics,
      pollMs: config.OUTBOX_POLL_MS,
      concurrency: jobConcurrency(jobConfig),
      databaseOutage,
      outageRetryLimit: outageRetryLimit(config),
    };
    if (config.REDIS_URL) {
      // Loaded only with Redis: the embedded default never needs BullMQ, and it is a large module to load.
      const { BullmqRunner } = await import('./jobs/bullmq.js');
      runner = new BullmqRunner(runnerDeps, { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, consume: opts.consumeJobs ?? false });
    } else {
      runner = new InProcessRunner(runnerDeps);
    }
    const started = runner;
    const sweeper = new Sweeper({ db: database.db, config, logger, jobs, databaseOutage, poke: () => started.poke() });

    return {
      config,
      database,
      logger,
      metrics,
      jobs: started,
      sweeper,
      databaseOutage,
      clock: opts.clock ?? (() => new Date()),
      secretKey,
      generatedAdminToken,
      start: () => {
        started.start();
        sweeper.start();
      },
      stop: async () => {
        await sweeper.stop();
        await started.stop();
        closeIsolatedParsers();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
