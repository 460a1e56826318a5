import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './test/summary-reporter.js';

// One tally file per run: the test files append what they count (test/support/tally.ts), the summary reads it.
const tallyFile = join(tmpdir(), `cs-tally-${process.pid}-${Date.now()}.jsonl`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    provide: { tallyFile },
    reporters: ['default', new SummaryReporter(tallyFile)],
  },
});
