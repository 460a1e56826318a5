import { existsSync } from 'node:fs';
import { completeUscc } from '../src/domain/uscc.js';
import { signBody } from '../src/identity/signature.js';
import { WORKER_NODE_FLAGS } from '../workers/node-flags.js';
import { loadConfig } from '../src/config.js';
import { jobConcurrency } from '../src/jobs/concurrency.js';
import { report, type Figure } from './lib.js';
import { FIXTURES_DIR, usableFixtures } from './support/fixture-files.js';
import { QUICK, child, clearQueuePrefix, freePort, lineFrom, peakRssOf, serviceEnv, stopChild, waitFor, withDatabase } from './support/services.js';

/**
 * Memory: the peak resident set (VmHWM) of
 *  1. the parsing side of a compiled worker process parsing 10,000 invoices (the fixture mix, cycled) through
 *     the isolated parser pool, as many at a time as a worker runs by default (bench/support/parse-memory.mjs),
 *     with the worker's Node flags and, for the CPU it costs, with V8's own heap growing instead;
 *  2. the compiled API server (`dist/src/main.js`) on Postgres accepting one signed 100,000-line statement,
 *     against the same server's peak after start-up and a small statement.
 *
 *   npx tsx bench/memory.bench.ts [invoices] [statement lines]
 */
const INVOICES = Number(process.argv[2] ?? (QUICK ? 200 : 10_000));
const LINES = Number(process.argv[3] ?? (QUICK ? 10_000 : 100_000));
/** Parses in flight, as a worker runs them by default (WORKER_CONCURRENCY: two per parser thread). */
const CONCURRENCY = jobConcurrency(loadConfig({}));

if (!existsSync('dist/src/main.js')) throw new Error('dist/src/main.js is missing: run `npm run build` first');

interface ParserPeak {
  peakRssMb: number;
  seconds: number;
  cpuMsPerInvoice: number;
  failed: number;
  samples: { parsed: number; rssMb: number }[];
}

// V8's heap growing is the one memory bound among the worker's flags; without it, V8 picks its own.
const V8_DEFAULT_FLAGS = WORKER_NODE_FLAGS.filter((f) => !f.startsWith('--heap-growing-percent'));

async function parserPeak(flags: readonly string[]): Promise<ParserPeak> {
  if (!existsSync('dist/src/invoices/sandbox/index.js')) throw new Error('dist/ is missing: run `npm run build` first');
  const files = JSON.stringify(usableFixtures().map((f) => `${FIXTURES_DIR}${f.name}`));
  const c = child([...flags, 'bench/support/parse-memory.mjs', String(INVOICES), String(CONCURRENCY)], { PARSE_MEMORY_FILES: files }, 'pipe');
  return JSON.parse(await lineFrom(c, (l) => l.startsWith('{')));
}

function statementBody(lines: number): string {
  const customers = Array.from({ length: 500 }, (_, k) => completeUscc(`913501${String(k).padStart(10, '0')}`));
  return JSON.stringify({
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lines: Array.from({ length: lines }, (_, i) => ({
      lineId: `L${String(i).padStart(7, '0')}`,
      customerUscc: customers[i % customers.length]!,
      invoiceNumber: String(26350000000000000000n + BigInt(i)),
      issueDate: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
      amount: `${(i % 90_000) + 100}.${String(i % 100).padStart(2, '0')}`,
      serviceType: 'gpu_compute',
      description: `GPU 云服务器租赁 第 ${i} 项`,
      quantity: String((i % 720) + 1),
      unit: '卡时',
    })),
  });
}

async function statementPeak(): Promise<{ before: number; after: number; ms: number; mib: number }> {
  return withDatabase(async (databaseUrl) => {
    const port = await freePort();
    const env = serviceEnv(databaseUrl, { PORT: String(port), HOST: '127.0.0.1' });
    const server = child(['dist/src/main.js'], env);
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/readyz`, 120_000);
      const reg = await fetch(`${base}/v1/providers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.BOOTSTRAP_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uscc: completeUscc('9111010800000001'), name: '基准算力服务商' }),
      });
      const provider = (await reg.json()) as { keyId: string; secret: string };
      const put = async (id: string, body: string) => {
        const started = performance.now();
        const res = await fetch(`${base}/v1/statements/${id}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${provider.keyId}`, 'x-signature': signBody(provider.secret, Math.floor(Date.now() / 1000), body), 'content-type': 'application/json' },
          body,
        });
        if (res.status !== 202) throw new Error(`PUT ${id}: ${res.status} ${(await res.text()).slice(0, 300)}`);
        return performance.now() - started;
      };
      await put('warm-up', statementBody(100));
      const before = peakRssOf(server.pid!);
      const body = statementBody(LINES);
      const ms = await put('big', body);
      const after = peakRssOf(server.pid!);
      return { before, after, ms, mib: Buffer.byteLength(body) / 2 ** 20 };
    } finally {
      await stopChild(server);
      await clearQueuePrefix(env.QUEUE_PREFIX);
    }
  });
}

/**
 * Worker flags, V8's own, V8's own, worker flags: the load on this machine drifts over minutes (back to back,
 * one run of each differed by 1.01× to 1.11× between runs of the same code), and this order cancels a steady
 * drift. CPU per invoice is each side's total over its two runs; the peak is the higher of each side's two.
 */
const runs = [];
for (const flags of [WORKER_NODE_FLAGS, V8_DEFAULT_FLAGS, V8_DEFAULT_FLAGS, WORKER_NODE_FLAGS]) runs.push(await parserPeak(flags));
const bothOf = (a: ParserPeak, b: ParserPeak): ParserPeak => ({
  ...(a.peakRssMb >= b.peakRssMb ? a : b),
  seconds: (a.seconds + b.seconds) / 2,
  cpuMsPerInvoice: (a.cpuMsPerInvoice + b.cpuMsPerInvoice) / 2,
  failed: a.failed + b.failed,
});
const parse = bothOf(runs[0]!, runs[3]!);
const v8Default = bothOf(runs[1]!, runs[2]!);
for (const [label, p] of [['worker flags', parse], ["V8's own heap growing", v8Default]] as const) {
  console.log(`parser (${label}): ${INVOICES.toLocaleString('en-US')} invoices in ${p.seconds.toFixed(0)} s, ${p.cpuMsPerInvoice.toFixed(1)} CPU ms per invoice, peak RSS ${p.peakRssMb} MB; RSS along the way ${p.samples.map((s) => `${s.parsed}: ${s.rssMb}`).join(', ')}`);
}
const stmt = await statementPeak();
console.log(`API server: peak RSS ${stmt.before} MB after start-up, ${stmt.after} MB after accepting ${LINES.toLocaleString('en-US')} lines (${stmt.mib.toFixed(1)} MiB of JSON, ${stmt.ms.toFixed(0)} ms)`);

const along = (p: ParserPeak) => `resident set along the way (parsed: MB) ${p.samples.map((s) => `${s.parsed}: ${s.rssMb}`).join(', ')}${p.failed ? `; ${p.failed} failed` : ''}`;
const cpuRatio = parse.cpuMsPerInvoice / v8Default.cpuMsPerInvoice;
const figures: Figure[] = [
  {
    figure: `worker parsing ${INVOICES.toLocaleString('en-US')} invoices, peak RSS`,
    value: parse.peakRssMb,
    unit: 'MB',
    baseline: { label: "same worker with V8's own heap growing", value: v8Default.peakRssMb, unit: 'MB' },
    ratio: parse.peakRssMb / v8Default.peakRssMb,
    target: '≤ 500 MB, CPU per invoice ≤ 1.05× the same worker with V8’s own heap growing',
    met: parse.peakRssMb <= 500 && cpuRatio <= 1.05,
    note:
      `compiled, the worker's Node flags (${WORKER_NODE_FLAGS.join(' ')}), isolated parser pool, ${CONCURRENCY} at a time, ${parse.seconds.toFixed(0)} s a run; ` +
      `${parse.cpuMsPerInvoice.toFixed(1)} CPU ms per invoice (all threads) against ${v8Default.cpuMsPerInvoice.toFixed(1)} with V8's own heap growing (${cpuRatio.toFixed(2)}×; ` +
      `two runs each, in the order worker flags, V8's own, V8's own, worker flags: ${runs.map((r) => r.cpuMsPerInvoice.toFixed(1)).join(' / ')} ms); peak and the resident set below from the side's run with the higher peak; ` +
      `${along(parse)}; with V8's own: ${along(v8Default)}`,
  },
  {
    figure: `API server accepting a ${LINES.toLocaleString('en-US')}-line statement, peak RSS`,
    value: stmt.after,
    unit: 'MB',
    baseline: { label: 'same server after start-up and a 100-line statement', value: stmt.before, unit: 'MB' },
    ratio: stmt.after / stmt.before,
    note: `${stmt.mib.toFixed(1)} MiB of JSON, accepted in ${stmt.ms.toFixed(0)} ms (signed PUT over HTTP)`,
  },
];
report('memory', figures);
