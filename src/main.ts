import { serve } from '@hono/node-server';
import { exitOnStartFailure, loadConfig, StartupError, type Config } from './config.js';
import { createLogger, describeError } from './logger.js';
import { startingApp } from './http/starting-app.js';
import type { Runtime } from './runtime.js';

/** `npm start`: the API plus the outbox relay (and, embedded, the jobs themselves). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // Listen at once so liveness holds while the database is prepared; readiness follows the runtime.
  let fetchHandler: (req: Request) => Response | Promise<Response> = startingApp().fetch;
  const server = serve({ fetch: (req) => fetchHandler(req), port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info({ port: info.port, host: config.HOST }, `compute-subsidy listening on http://${config.HOST}:${info.port}`);
  });
  server.once('error', (err) => exitOnStartFailure(listenFailure(err, config)));

  let runtime: Runtime | null = null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    server.close(async () => {
      await runtime?.stop();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const { createRuntime } = await import('./runtime.js');
  runtime = await createRuntime(config, { logger });
  if (runtime.generatedAdminToken) {
    process.stdout.write(
      `\nBootstrap admin token (shown once; set BOOTSTRAP_ADMIN_TOKEN to choose your own):\n  ${runtime.generatedAdminToken}\n\n`,
    );
  }
  runtime.start();
  fetchHandler = runtime.app.fetch;
  // Ready to take requests either way; without the queue their jobs wait in the outbox, and the log says so.
  const queue = await runtime.jobs.ping().then(() => null, (err: unknown) => describeError(err));
  const state = { database: runtime.database.kind, jobs: runtime.jobs.kind };
  if (queue) logger.warn({ ...state, queue }, `ready, degraded: REDIS_URL unreachable (${queue}); jobs wait in the outbox until it is back`);
  else logger.info(state, 'ready');
}

/** The server could not listen: the port taken or not allowed, said as the variable to change. */
function listenFailure(err: Error & { code?: string }, config: Config): StartupError {
  if (err.code === 'EADDRINUSE') return new StartupError(`PORT ${config.PORT} is in use on HOST ${config.HOST}; stop what listens there or choose another PORT`);
  if (err.code === 'EACCES') return new StartupError(`PORT ${config.PORT} on HOST ${config.HOST} needs privileges this process lacks; choose a PORT above 1023`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return new StartupError(`HOST ${config.HOST} is not an address of this machine (${err.code})`);
  return new StartupError(`cannot listen on HOST ${config.HOST} PORT ${config.PORT}: ${describeError(err)}`);
}

main().catch((err) => exitOnStartFailure(err));
