import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
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
    setTimeout(() => process.exit(1), 30_000).unref();
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
  logger.info({ database: runtime.database.kind, jobs: runtime.jobs.kind }, 'ready');
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
