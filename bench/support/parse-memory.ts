import { existsSync, readFileSync } from 'node:fs';
import type * as Sandbox from '../../src/invoices/sandbox/index.js';
import { usableFixtures } from './fixture-files.js';

/**
 * The parsing side of a worker process: `count` invoices through the same isolated parser pool the
 * invoice.parse job uses (worker threads with its default heap limit, headroom and young generation, each replaced
 * after 1,000 files), `concurrency` at a time as WORKER_CONCURRENCY would run them. Prints one JSON line: resident
 * set sampled along the way, the process's peak (VmHWM, threads included) and its CPU per invoice (all threads),
 * so a memory bound that cost parsing time would show.
 */
// Compiled when built, as a production worker runs it (from sources each parser thread compiles TypeScript).
const compiled = new URL('../../dist/src/invoices/sandbox/index.js', import.meta.url);
const { parseInvoiceIsolated, closeIsolatedParsers, DEFAULT_ISOLATION } = (await import(
  existsSync(compiled) ? compiled.href : '../../src/invoices/sandbox/index.js'
)) as typeof Sandbox;
const count = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 2);
// Heap headroom of the parser threads in MB (see PoolOptions.heapHeadroomMb); absent: the service's default.
const heapHeadroomMb = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const files = usableFixtures();
const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
const samples: { parsed: number; rssMb: number }[] = [];
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
        await parseInvoiceIsolated(files[i % files.length]!.bytes, { timeoutMs: 30_000, maxMemoryMb: DEFAULT_ISOLATION.maxMemoryMb /* the service's default heap limit */, heapHeadroomMb });
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
