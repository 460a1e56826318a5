import { PDFParse } from 'pdf-parse';
import { usableFixtures } from './fixture-files.js';

/**
 * One core running pdf-parse `getText()` with its defaults over the PDF fixtures, nothing else: the baseline of
 * the embedded ingest figure. Same protocol as parse-loop.ts: after `warm` passes prints 'warm', waits for a
 * line on stdin, reads the PDFs `rounds` times and prints the count, time and CPU time as JSON.
 */
const rounds = Number(process.argv[2] ?? 5);
const warm = Number(process.argv[3] ?? 1);
const files = usableFixtures(['.pdf']);

async function getText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

for (let r = 0; r < warm; r++) for (const f of files) await getText(f.bytes);
process.stdout.write('warm\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const start = performance.now();
const cpu = process.cpuUsage();
let n = 0;
for (let r = 0; r < rounds; r++) {
  for (const f of files) {
    await getText(f.bytes);
    n++;
  }
}
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ n, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 })}\n`);
