import { serve } from '@hono/node-server';
import { ConfigError, loadConfig } from './config.js';
import { createRuntime } from './runtime.js';

/** `npm start`: the API plus the outbox relay (and, embedded, the jobs themselves). */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createRuntime(config);
  const { logger } = runtime.deps;
  if (runtime.generatedAdminToken) {
    process.stdout.write(
      `\nBootstrap admin token (shown once; set BOOTSTRAP_ADMIN_TOKEN to choose your own):\n  ${runtime.generatedAdminToken}\n\n`,
    );
  }
  runtime.start();
  const server = serve({ fetch: runtime.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    logger.info(
      { port: info.port, host: config.HOST, database: runtime.database.kind, jobs: runtime.jobs.kind },
      `compute-subsidy listening on http://${config.HOST}:${info.port}`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing in-flight work');
    server.close(async () => {
      await runtime.stop();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
