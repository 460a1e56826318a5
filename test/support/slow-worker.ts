import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { defineJob, registry } from '../../src/jobs/definition.js';
import { exitOnStartFailure, startWorkerProcess } from '../../workers/start-worker.js';

/** A worker process running one slow job, to observe what SIGTERM does to a job in flight. */
export const slowJob = defineJob({
  name: 'test.slow',
  payload: z.strictObject({ marker: z.string(), ms: z.number().int() }),
  jobId: (p) => `slow-${p.marker.replace(/[^a-z0-9]/gi, '')}`,
  async handler(p) {
    writeFileSync(`${p.marker}.started`, String(Date.now()));
    await new Promise((r) => setTimeout(r, p.ms));
    writeFileSync(`${p.marker}.finished`, String(Date.now()));
  },
});

if (process.argv[1]?.includes('slow-worker')) {
  startWorkerProcess({ jobs: registry([slowJob]) }).catch(exitOnStartFailure);
}
