import { ConfigError, exitOnStartFailure as exitWith, loadConfig } from '../src/config.js';
import type { JobRegistry } from '../src/jobs/definition.js';
import { createCoreRuntime } from '../src/core-runtime.js';
import { jobConcurrency } from '../src/jobs/concurrency.js';

/** After SHUTDOWN_TIMEOUT_MS the runtime has cut its connections; this much more and the process just ends. */
const EXIT_GRACE_MS = 5000;

/**
 * A worker process: consumes BullMQ jobs (and relays the outbox). It builds the core runtime only, so no
 * HTTP module is ever loaded here. On SIGTERM it stops taking jobs, lets those in flight finish, closes
 * its connections and exits 0, within SHUTDOWN_TIMEOUT_MS whether Redis answers or not.
 */
export async function startWorkerProcess(opts: { jobs?: JobRegistry } = {}): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    throw new ConfigError('invalid configuration:\n  REDIS_URL: required for a worker process (embedded mode runs jobs inside `npm start`)');
  }
  const runtime = await createCoreRuntime(config, { consumeJobs: true, jobs: opts.jobs });
  const { logger } = runtime;
  runtime.start();
  logger.info({ concurrency: jobConcurrency(config), jobs: [...(opts.jobs ?? []).keys()] }, 'worker started');
  process.stdout.write('worker ready\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
    setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'worker did not stop in time; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + EXIT_GRACE_MS).unref();
    await runtime.stop();
    logger.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

export function exitOnStartFailure(err: unknown): never {
  return exitWith(err, 'worker failed to start');
}
