import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface Entry {
  kind: string;
  what: string;
  count: number;
}

const HEADINGS: [kind: string, heading: string][] = [
  ['faultInjected', 'faults injected'],
  ['fault', 'faults survived (counted after the checks)'],
  ['badInput', 'bad inputs tried and refused'],
  ['access', 'access attempts refused'],
  ['lost', 'records lost'],
  ['auditChain', 'audit chains verified intact'],
];

/**
 * Prints, when the run ends, what the reliability and security suites recorded (test/support/tally.ts),
 * which suites and tests were skipped and why, and a closing count of the tests. A record reported lost
 * fails the run even if the test that measured it did not.
 */
export class SummaryReporter implements Reporter {
  constructor(private readonly file: string) {}

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const entries = this.read();
    const byKind = new Map<string, Map<string, number>>();
    for (const e of entries) {
      const kind = byKind.get(e.kind) ?? new Map<string, number>();
      kind.set(e.what, (kind.get(e.what) ?? 0) + e.count);
      byKind.set(e.kind, kind);
    }
    const lines = ['', 'Reliability and security summary'];
    for (const [kind, heading] of HEADINGS) {
      const items = byKind.get(kind) ?? new Map<string, number>();
      const total = [...items.values()].reduce((a, b) => a + b, 0);
      lines.push(`  ${heading}: ${total}`);
      for (const [what, n] of [...items].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`    ${n.toString().padStart(6)}  ${what}`);
    }

    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedByFile = new Map<string, number>();
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else if (state === 'skipped') {
          skipped++;
          const file = relative(process.cwd(), m.moduleId);
          skippedByFile.set(file, (skippedByFile.get(file) ?? 0) + 1);
        }
      }
      // A file that failed to load has no tests to count; it still fails the run.
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    const reasons = [...(byKind.get('skipped') ?? new Map<string, number>()).keys()].sort();
    lines.push(`  suites skipped: ${reasons.length}`);
    for (const r of reasons) lines.push(`            ${r}`);
    lines.push(`  tests skipped, by file: ${skipped}`);
    for (const [file, n] of [...skippedByFile].sort()) lines.push(`    ${n.toString().padStart(6)}  ${file}`);

    const lost = [...(byKind.get('lost') ?? new Map<string, number>()).values()].reduce((a, b) => a + b, 0);
    if (lost > 0) {
      lines.push(`  FAILED: ${lost} record(s) lost`);
      process.exitCode = 1;
    }
    lines.push('', `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    console.log(lines.join('\n'));
  }

  private read(): Entry[] {
    if (!existsSync(this.file)) return [];
    const entries = readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Entry);
    rmSync(this.file, { force: true });
    return entries;
  }
}
