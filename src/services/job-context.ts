import type { JobContext } from '../jobs/definition.js';
import type { ServiceContext } from './context.js';

/** A job acts as the system; its audit events name the job. */
export function jobServiceContext(ctx: JobContext, jobName: string): ServiceContext {
  return {
    db: ctx.db,
    principal: null,
    actor: `job:${jobName}`,
    requestId: null,
    logger: ctx.logger,
    jobs: { poke: ctx.poke },
    clock: () => new Date(),
  };
}
