import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

interface Entry {
  kind: string;
  what: string;
  count: number;
}

const HEADINGS: Record<string, string> = {
  fault: 'faults injected and survived',
  badInput: 'bad inputs tried and refused',
  access: 'access attempts refused',
  lost: 'records lost',
  auditChain: 'audit chains verified intact',
};

/** Gives every test file one tally file, and prints what the suites counted when the run ends. */
export default function setup(project: TestProject) {
  const file = join(tmpdir(), `cs-tally-${process.pid}-${Date.now()}.jsonl`);
  project.provide('tallyFile', file);
  return () => {
    if (!existsSync(file)) return;
    const entries = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Entry);
    rmSync(file, { force: true });
    const byKind = new Map<string, Map<string, number>>();
    for (const e of entries) {
      const kind = byKind.get(e.kind) ?? new Map<string, number>();
      kind.set(e.what, (kind.get(e.what) ?? 0) + e.count);
      byKind.set(e.kind, kind);
    }
    const lines = ['', 'Reliability and security summary'];
    for (const kind of Object.keys(HEADINGS)) {
      const items = byKind.get(kind) ?? new Map<string, number>();
      const total = [...items.values()].reduce((a, b) => a + b, 0);
      lines.push(`  ${HEADINGS[kind]}: ${total}`);
      for (const [what, n] of [...items].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`    ${n.toString().padStart(6)}  ${what}`);
    }
    console.log(lines.join('\n'));
  };
}
