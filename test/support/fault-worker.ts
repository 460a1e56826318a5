import { appendFileSync } from 'node:fs';
import type { Db } from '../../src/db/client.js';
import { defineJob, registry, type JobDefinition } from '../../src/jobs/definition.js';
import { jobRegistry } from '../../src/jobs/registry.js';
import { exitOnStartFailure, startWorkerProcess } from '../../workers/start-worker.js';

/**
 * A real worker process with the real jobs. With HANG_MARKER set, the invoice parse job stops at the worst
 * moment: its transaction has written the parsed invoice, items, follow-up job and audit event, and has
 * not committed. It appends a line to `<marker>.hung` and waits there until the process is killed.
 */
const marker = process.env.HANG_MARKER;

function hangBeforeCommit(db: Db): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return (fn: (tx: unknown) => Promise<unknown>, config?: unknown) =>
          target.transaction(async (tx) => {
            const result = await fn(tx);
            appendFileSync(`${marker}.hung`, `${process.pid}\n`);
            await new Promise(() => {});
            return result;
          }, config as never);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function jobs() {
  if (!marker) return jobRegistry;
  const parse = jobRegistry.get('invoice.parse')!;
  const hanging: JobDefinition = defineJob({
    name: parse.name,
    payload: parse.payload,
    jobId: parse.jobId,
    handler: (payload, ctx) => parse.handler(payload, { ...ctx, db: hangBeforeCommit(ctx.db) }),
  });
  return registry([...[...jobRegistry.values()].filter((j) => j.name !== parse.name), hanging]);
}

if (process.argv[1]?.includes('fault-worker')) {
  startWorkerProcess({ jobs: jobs() }).catch(exitOnStartFailure);
}
