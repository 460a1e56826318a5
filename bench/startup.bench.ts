import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { report } from './lib.js';

/** Time from `npm start`'s process start (no env, fresh DATA_DIR) to /healthz and to /readyz. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function until(url: string, limitMs: number): Promise<number | null> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    try {
      if ((await fetch(url)).ok) return Date.now();
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-start-'));
const port = await freePort();
const started = Date.now();
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: 'ignore',
});
const health = await until(`http://127.0.0.1:${port}/healthz`, 60_000);
const ready = await until(`http://127.0.0.1:${port}/readyz`, 120_000);
child.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });
const healthMs = health === null ? Number.NaN : health - started;
const readyMs = ready === null ? Number.NaN : ready - started;
console.log(`/healthz after ${healthMs} ms, /readyz after ${readyMs} ms (fresh embedded database)`);
report('startup', [
  { figure: 'npm start → /healthz (no env, fresh data dir)', value: healthMs / 1000, unit: 's', target: '≤ 15 s', met: healthMs <= 15_000 },
  { figure: 'npm start → /readyz (initdb + migrations)', value: readyMs / 1000, unit: 's', note: 'the first start initialises the embedded database; later starts reopen it' },
]);
