import { parseInvoice } from '../../src/invoices/parse.js';
import { usableFixtures } from './fixture-files.js';

/**
 * One core's raw parsing rate: after `warm` passes over the fixture mix, prints 'warm', waits for a line on
 * stdin, parses the mix `rounds` times and prints the count, time and CPU time as JSON.
 */
const rounds = Number(process.argv[2] ?? 5);
const warm = Number(process.argv[3] ?? 1);
const files = usableFixtures();
for (let r = 0; r < warm; r++) for (const f of files) await parseInvoice(f.bytes);
process.stdout.write('warm\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const start = performance.now();
const cpu = process.cpuUsage();
let n = 0;
for (let r = 0; r < rounds; r++) {
  for (const f of files) {
    await parseInvoice(f.bytes);
    n++;
  }
}
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ n, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 })}\n`);
