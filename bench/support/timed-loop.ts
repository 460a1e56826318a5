/**
 * The protocol of the one-core loops the ingest bench starts: after `warm` passes over the files prints
 * 'warm', waits for a line on stdin (so every loop starts together), runs `work` over the files `rounds`
 * times and prints the count, time and CPU time as JSON.
 */
export async function timedLoop<F extends { bytes: Uint8Array }>(files: readonly F[], work: (bytes: Uint8Array) => Promise<unknown>): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const warm = Number(process.argv[3] ?? 1);
  for (let r = 0; r < warm; r++) for (const f of files) await work(f.bytes);
  process.stdout.write('warm\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const start = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    for (const f of files) {
      await work(f.bytes);
      n++;
    }
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ n, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 })}\n`);
}
