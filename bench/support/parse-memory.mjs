// @ts-check
import { readFileSync } from 'node:fs';

/**
 * The parsing side of a compiled worker process (plain JavaScript over dist/, as `node dist/workers/main.js`
 * runs: no TypeScript loader in the process): `count` invoices through the isolated parser pool the invoice.parse
 * job uses, `concurrency` at a time as WORKER_CONCURRENCY would run them. The files are the paths listed in
 * PARSE_MEMORY_FILES (JSON), cycled.
 * Prints one JSON line: resident set sampled along the way, the process's peak (VmHWM, threads included) and its
 * CPU per invoice (all threads), so a memory bound that cost parsing time would show.
 *
 *   node [worker flags] bench/support/parse-memory.mjs <count> <concurrency>
 */
const { parseInvoiceIsolated, closeIsolatedParsers, DEFAULT_ISOLATION } = await import(new URL('../../dist/src/invoices/sandbox/index.js', import.meta.url).href);

const count = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 2);
/** @type {string[]} */
const paths = JSON.parse(process.env.PARSE_MEMORY_FILES ?? '[]');
if (paths.length === 0) throw new Error('PARSE_MEMORY_FILES lists no files');
const files = paths.map((p) => new Uint8Array(readFileSync(p)));

/** @param {string} field */
const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
/** @type {{ parsed: number; rssMb: number }[]} */
const samples = [];
const every = Math.max(1, Math.floor(count / 8));
let next = 0;
let parsed = 0;
let failed = 0;
const start = performance.now();
const cpuStart = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) {
      try {
        // The service's default heap limit and thread settings.
        await parseInvoiceIsolated(files[i % files.length], { timeoutMs: 30_000, maxMemoryMb: DEFAULT_ISOLATION.maxMemoryMb });
      } catch {
        failed++;
      }
      parsed++;
      if (parsed % every === 0) samples.push({ parsed, rssMb: Math.round(kb('VmRSS') / 1024) });
    }
  }),
);
const cpu = process.cpuUsage(cpuStart);
closeIsolatedParsers();
process.stdout.write(`${JSON.stringify({ parsed, failed, seconds: (performance.now() - start) / 1000, cpuMsPerInvoice: (cpu.user + cpu.system) / 1000 / count, peakRssMb: Math.round(kb('VmHWM') / 1024), samples })}\n`);
process.exit(0);
