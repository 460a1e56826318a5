import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './test/summary-reporter.js';

// One tally file per run: the test files append what they count (test/support/tally.ts), the summary reads
// it. Kept in the environment because this file is evaluated again for each project of the run.
process.env.CS_TALLY_FILE ??= join(tmpdir(), `cs-tally-${process.pid}-${Date.now()}.jsonl`);
const tallyFile = process.env.CS_TALLY_FILE;

// Files that replace modules (vi.mock) run in a module graph of their own; every other file shares its
// worker's, which spares each of them loading the service's modules and compiling PGlite again.
const ISOLATED = ['test/security/access-matrix-mutation.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A test file mostly runs JavaScript and PGlite's WebAssembly on one thread, but the fault, start-up and
    // browser suites spend most of their time waiting on servers and processes they start: two workers per
    // core keep the cores busy while those wait (3 min 33 s for the suite on 2 cores, against 4 min 41 s with 2).
    maxWorkers: 4,
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/pglite-snapshot.ts'],
    provide: { tallyFile },
    reporters: ['default', new SummaryReporter(tallyFile)],
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
    ],
  },
});
