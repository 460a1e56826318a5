import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The summary's "records lost" is measured, not asserted into being: a run of the double-delivery suite in
 * which one uploaded invoice is deleted behind the service's back (CS_TEST_LOSE_ONE_UPLOAD=1) prints a
 * non-zero count, names what was lost, and fails.
 */
describe('the reliability summary', () => {
  it('a run that loses a record says so and fails', () => {
    // A run of its own, of the one test the variable breaks: environment of this one without the runner's variables.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !['NODE_OPTIONS', 'TEST', 'CS_TALLY_FILE'].includes(k)));
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/reliability/redelivery.test.ts', '-t', 'the same invoice file twice'], {
      env: { ...env, CS_TEST_LOSE_ONE_UPLOAD: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 170_000,
    });
    const out = `${run.stdout}\n${run.stderr}`;
    expect(run.status, out.slice(-3000)).toBe(1);
    expect(out).toMatch(/records lost: 1\n\s+1 {2}invoices uploaded twice/);
    expect(out).toContain('FAILED: 1 record(s) lost');
    expect(out).toMatch(/tests: \d+ passed, 1 failed/);
  }, 180_000);
});
