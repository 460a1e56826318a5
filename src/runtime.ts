import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { Metrics } from './http/metrics.js';
import { createApp } from './http/app.js';
import { createRateLimitStore } from './http/rate-limit.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { jobRegistry } from './jobs/registry.js';
import type { JobRegistry } from './jobs/definition.js';
import type { JobRunner, JobRunnerDeps } from './jobs/runner.js';
import { InProcessRunner } from './jobs/in-process.js';
import { BullmqRunner } from './jobs/bullmq.js';
import { outboxBacklog } from './jobs/outbox.js';
import { ensureBootstrapAdmin } from './identity/bootstrap.js';
import { loadSecretKey } from './secret-key.js';
import { closeIsolatedParsers } from './invoices/sandbox/index.js';

export interface RuntimeOptions {
  logger?: Logger;
  clock?: () => Date;
  jobs?: JobRegistry;
  /** On Redis: also run BullMQ workers in this process (worker processes, tests). */
  consumeJobs?: boolean;
}

export interface Runtime {
  config: Config;
  database: Database;
  deps: AppDeps;
  app: OpenAPIHono<AppEnv>;
  jobs: JobRunner;
  /** Set when the bootstrap admin token was generated now: print it once. */
  generatedAdminToken: string | null;
  start(): void;
  stop(): Promise<void>;
}

/** The composition root: every dependency is built here, once, and handed down. */
export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const secretKey = loadSecretKey(config);
  const dataDir = config.DATA_DIR.startsWith('memory://') ? 'memory://' : join(config.DATA_DIR, 'pglite');
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir });
  try {
    if (config.RUN_MIGRATIONS) await migrate(database);
    const generatedAdminToken = await ensureBootstrapAdmin(database.db, config.BOOTSTRAP_ADMIN_TOKEN);

    let runner: JobRunner | null = null;
    const metrics = new Metrics({
      queueDepth: () => (runner ? runner.depth() : Promise.resolve({})),
      outboxBacklog: () => outboxBacklog(database.db),
    });
    const runnerDeps: JobRunnerDeps = {
      db: database.db,
      config,
      logger,
      jobs: opts.jobs ?? jobRegistry,
      observer: metrics,
      pollMs: config.OUTBOX_POLL_MS,
      concurrency: config.WORKER_CONCURRENCY,
    };
    runner = config.REDIS_URL
      ? new BullmqRunner(runnerDeps, { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX, consume: opts.consumeJobs ?? false })
      : new InProcessRunner(runnerDeps);
    const jobs = runner;

    const deps: AppDeps = {
      config,
      db: database.db,
      jobs,
      logger,
      metrics,
      clock: opts.clock ?? (() => new Date()),
      secretKey,
      rateLimits: createRateLimitStore(config, logger),
      pingDb: () => database.ping(),
    };
    const app = createApp(deps);
    return {
      config,
      database,
      deps,
      app,
      jobs,
      generatedAdminToken,
      start: () => jobs.start(),
      stop: async () => {
        await jobs.stop();
        await deps.rateLimits.close();
        closeIsolatedParsers();
        await database.close();
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
