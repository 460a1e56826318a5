import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createCoreRuntime, type RuntimeOptions } from './core-runtime.js';
import { createApp } from './http/app.js';
import { createRateLimitStore } from './http/rate-limit.js';
import type { AppDeps, AppEnv } from './http/env.js';
import type { JobRunner } from './jobs/runner.js';
import type { Sweeper } from './jobs/sweeper.js';
import { IDENTITY_CHANNEL, PrincipalCache } from './services/identity/principal-cache.js';

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
  const principals = new PrincipalCache(database.db);
  const deps: AppDeps = {
    config,
    db: database.db,
    jobs,
    logger,
    metrics: core.metrics,
    clock: core.clock,
    secretKey: core.secretKey,
    rateLimits: createRateLimitStore(config, logger),
    principals,
    pingDb: () => database.ping(),
    databaseOutage: core.databaseOutage,
  };
  let stopWatching: (() => Promise<void>) | null = null;
  const stop = async () => {
    await stopWatching?.();
    await core.stop();
    await deps.rateLimits.close();
  };
  try {
    // Resolves once the first LISTEN has been tried; until one holds, every token is looked up.
    stopWatching = await database.watch(IDENTITY_CHANNEL, principals);
    const app = createApp(deps);
    return { config, database, deps, app, jobs, sweeper: core.sweeper, generatedAdminToken: core.generatedAdminToken, start: () => core.start(), stop };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}
