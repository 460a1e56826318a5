import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sourceFiles } from '../support/sources.js';

/**
 * DESIGN.md's arrows, checked on the source: transports (HTTP, console) call verbs and map their errors;
 * verbs, jobs and the pure cores never reach up into a transport; a route never queries a table itself; and
 * the pure cores stay free of storage. A new import that breaks one of these fails here with its file and line.
 */

const TRANSPORTS = ['src/http', 'src/console', 'src/routes'];
const PURE_CORES = ['src/rules', 'src/invoices', 'src/recon', 'src/domain', 'src/workflow'];

interface Rule {
  what: string;
  from: string[];
  /** Folders (or files) the `from` modules must not import. */
  forbidden: string[];
}

const RULES: Rule[] = [
  {
    what: 'verbs, jobs, identity, audit and the pure cores speak their own language, never HTTP',
    from: ['src/services', 'src/jobs', 'src/identity', 'src/audit', 'src/db', ...PURE_CORES],
    forbidden: TRANSPORTS,
  },
  {
    what: 'what a worker process builds stays free of the web app',
    from: ['src/core-runtime.ts', 'src/metrics.ts', 'src/config.ts', 'src/logger.ts', 'src/secret-key.ts', 'workers'],
    forbidden: TRANSPORTS,
  },
  { what: 'transports call verbs instead of querying tables', from: TRANSPORTS, forbidden: ['src/db'] },
  {
    what: 'the pure cores take values and return values: no storage, no verbs, no jobs',
    from: PURE_CORES,
    forbidden: ['src/db', 'src/services', 'src/jobs', 'src/audit', 'src/identity'],
  },
];

interface ImportEdge {
  file: string;
  line: number;
  target: string;
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every relative import of a file, resolved to a repository path (`.js` specifiers name `.ts`/`.tsx` files). */
function importsOf(file: string, source = readFileSync(join(ROOT, file), 'utf8')): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith('.')) continue;
    const base = join(dirname(file), spec).replace(/\.js$/, '');
    const target = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(join(ROOT, p))) ?? base;
    edges.push({ file, line: source.slice(0, m.index).split('\n').length, target });
  }
  return edges;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

function violations(rule: Rule, edgesOf: (file: string) => ImportEdge[] = importsOf): string[] {
  return rule.from
    .flatMap(sourceFiles)
    .flatMap((f) => edgesOf(f))
    .filter((e) => rule.forbidden.some((f) => under(e.target, f)))
    .map((e) => `${e.file}:${e.line} imports ${e.target}`);
}

describe('layering', () => {
  for (const rule of RULES) {
    it(rule.what, () => {
      expect(rule.from.flatMap(sourceFiles).length, 'the rule reads some files').toBeGreaterThan(0);
      expect(violations(rule)).toEqual([]);
    });
  }

  it('would catch a service importing from src/http and a route importing src/db', () => {
    const planted = (file: string, line: string) => (f: string) => (f === file ? importsOf(f, `${readFileSync(join(ROOT, f), 'utf8')}\n${line}\n`) : importsOf(f));
    const [services, transports] = [RULES[0]!, RULES[2]!];
    expect(violations(services, planted('src/services/scope.ts', "import { toProblem } from '../http/problem.js';"))).toEqual([
      expect.stringMatching(/^src\/services\/scope\.ts:\d+ imports src\/http\/problem\.ts$/),
    ]);
    expect(violations(transports, planted('src/routes/users.ts', "const { users } = await import('../db/schema/index.js');"))).toEqual([
      expect.stringMatching(/^src\/routes\/users\.ts:\d+ imports src\/db\/schema\/index\.ts$/),
    ]);
  });

  it('the worker entry reaches no transport module through its imports', () => {
    const seen = new Set<string>();
    const queue = ['workers/main.ts'];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file) || !existsSync(join(ROOT, file))) continue;
      seen.add(file);
      queue.push(...importsOf(file).map((e) => e.target));
    }
    expect(seen.has('src/core-runtime.ts') && seen.has('src/jobs/invoice-parse.job.ts'), 'the walk follows the imports').toBe(true);
    expect([...seen].filter((f) => TRANSPORTS.some((t) => under(f, t)))).toEqual([]);
  });
});
