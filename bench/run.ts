import { spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem, platform, release } from 'node:os';
import { writeFileSync } from 'node:fs';
import { growthFigures, type Figure } from './lib.js';
import { writeReadmeSection } from './readme-section.js';

/**
 * `npm run bench`: runs every benchmark, each in its own process, and writes BENCHMARKS.md with the
 * figure, value, baseline, ratio and target of each, and the machine it ran on.
 */
interface Bench {
  script: string;
  args?: string[];
  needs?: 'postgres' | 'postgres+redis';
}

const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';

// BENCH_QUICK=1 runs every script at a small size, to check them; the figures then mean little.
const BENCHES: Bench[] = [
  { script: 'bench/startup.bench.ts' },
  { script: 'bench/pdf-parse.bench.ts', args: [QUICK ? '2' : '10'] },
  // What checking the embedded signature adds to parsing a signed PDF (same files, same run).
  { script: 'bench/signature.bench.ts', args: [QUICK ? '2' : '20'] },
  { script: 'bench/ingest-throughput.bench.ts', args: [QUICK ? '2' : '12', '1,2,4'], needs: 'postgres+redis' },
  { script: 'bench/recon-matcher.bench.ts', args: QUICK ? ['20000', '1'] : [] },
  // Three sizes each where the issue asks how cost grows: the exponent is fitted over them (bench/lib.ts).
  ...(QUICK ? ['1000', '10000'] : ['1000', '10000', '100000']).map((lines) => ({ script: 'bench/statements.bench.ts', args: [lines, QUICK ? '1' : '3'], needs: 'postgres' as const })),
  // A million FOCUS rows streamed and folded, against COPY of the lines they fold into.
  { script: 'bench/focus-statement.bench.ts', args: [QUICK ? '10000' : '1000000', '1'], needs: 'postgres' },
  { script: 'bench/rematch.bench.ts', args: QUICK ? ['10000'] : [], needs: 'postgres' },
  { script: 'bench/api-load.bench.ts', needs: 'postgres+redis' },
  { script: 'bench/year-end.bench.ts', args: QUICK ? ['100,1000', '10'] : ['1000,10000,100000', '10'], needs: 'postgres' },
  // The full 10,000 parses (about 7 min on 2 cores): parser threads are replaced every 1,000 files, so the
  // peak covers ten thread lifetimes.
  { script: 'bench/memory.bench.ts', args: [QUICK ? '100' : '10000'], needs: 'postgres+redis' },
];

interface Outcome {
  bench: string;
  figures: Figure[];
  error?: string;
}

function runOne(b: Bench): Promise<Outcome[]> {
  return new Promise((resolve) => {
    const started = Date.now();
    process.stdout.write(`\n=== ${b.script} ===\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', b.script, ...(b.args ?? [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    const outcomes: Outcome[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('@@bench ')) outcomes.push(JSON.parse(line.slice(8)) as Outcome);
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('exit', (code) => {
      process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      if (code !== 0) outcomes.push({ bench: b.script, figures: [], error: `exited with code ${code}` });
      resolve(outcomes);
    });
  });
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

function markdown(outcomes: Outcome[]): string {
  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench\` on ${new Date().toISOString()}.`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}.`,
    '',
    '| figure | value | baseline | ratio | target | met |',
    '|---|---|---|---|---|---|',
  ];
  for (const o of outcomes) {
    if (o.error) lines.push(`| ${o.bench} | not measured: ${o.error} | | | | no |`);
    for (const f of o.figures) {
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit} (${f.baseline.label})` : '';
      const ratio = f.ratio == null ? '' : `${f.ratio.toFixed(2)}×`;
      const met = f.met == null ? '' : f.met ? 'yes' : 'no';
      lines.push(`| ${f.figure} | ${`${fmt(f.value)} ${f.unit}`.trimEnd()} | ${baseline} | ${ratio} | ${f.target ?? ''} | ${met} |`);
    }
  }
  const notes = outcomes.flatMap((o) => o.figures.filter((f) => f.note).map((f) => `- ${f.figure}: ${f.note}`));
  if (notes.length) lines.push('', '## Notes', '', ...notes);
  return `${lines.join('\n')}\n`;
}

const only = process.argv.slice(2);
// The load and memory benches run the compiled server and worker, as production does.
process.stdout.write('building dist/ …\n');
if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
const outcomes: Outcome[] = [];
for (const b of BENCHES) {
  if (only.length && !only.some((o) => b.script.includes(o))) continue;
  outcomes.push(...(await runOne(b)));
}
const growth = growthFigures(outcomes.flatMap((o) => o.figures));
if (growth.length) outcomes.push({ bench: 'growth', figures: growth });
const results = { producedAt: new Date().toISOString(), outcomes };
// The run's figures as data: BENCHMARKS.md and the README's performance section are both written from them.
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 1)}\n`);
writeFileSync('BENCHMARKS.md', markdown(outcomes));
writeReadmeSection('README.md', results);
process.stdout.write('\nwrote bench/results.json, BENCHMARKS.md and the performance section of README.md\n');
