import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createCoreRuntime, type RuntimeOptions } from './core-runtime.js';
import { createApp } from './http/app.js';
import { createRateLimitStore } from './http/rate-limit.js';
import type { AppDeps, AppEnv } from './http/env.js';
import type { JobRunner } from './jobs/runner.js';
import type { Sweeper } from './jobs/sweeper.js';

export type { RuntimeOptions };

/** The API process: the core runtime plus the HTTP app (routes, console, docs) it serves. */
export interface Runtime {
  config: Config;
  database: Database;
  deps: AppDeps;
  app: OpenAPIHono<AppEnv>;
  jobs: JobRunner;
  /** Puts back work left behind (runs every SWEEP_INTERVAL_MS once started). */
  sweeper: Sweeper;
  /** Set when the bootstrap admin token was generated now: print it once. */
  generatedAdminToken: string | null;
  start(): void;
  stop(): Promise<void>;
}

/** The API's composition root: the core every process shares, then what only a server needs. */
export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const core = await createCoreRuntime(config, opts);
  const { database, jobs, logger } = core;
  const deps: AppDeps = {
    config,
    db: database.db,
    jobs,
    logger,
    metrics: core.metrics,
    clock: core.clock,
    secretKey: core.secretKey,
    rateLimits: createRateLimitStore(config, logger),
    pingDb: () => database.ping(),
    databaseOutage: core.databaseOutage,
  };
  const stop = async () => {
    await core.stop();
    await deps.rateLimits.close();
  };
  try {
    const app = createApp(deps);
    return { config, database, deps, app, jobs, sweeper: core.sweeper, generatedAdminToken: core.generatedAdminToken, start: () => core.start(), stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
