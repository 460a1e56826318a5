import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports.js';

async function poll(url: string, deadline: number): Promise<Response | null> {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

describe('npm start with no environment and no services', () => {
  let proc: ChildProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-start-'));
  afterAll(() => {
    proc?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz, becomes ready on the embedded database, and prints the admin token once', async () => {
    const port = await freePort();
    const started = Date.now();
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), DATA_DIR: dataDir };
    proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));

    // The time to /healthz is a benchmark figure (bench/startup.bench.ts); here only that it comes.
    const health = await poll(`http://127.0.0.1:${port}/healthz`, started + 60_000);
    expect(health?.status, out).toBe(200);
    const ready = await poll(`http://127.0.0.1:${port}/readyz`, started + 120_000);
    expect(ready?.status, out).toBe(200);
    expect(await ready!.json()).toMatchObject({ checks: { database: 'ok', queue: 'ok' } });

    const token = /Bootstrap admin token[^\n]*\n\s+(cst_\S+)/.exec(out)?.[1];
    expect(token, out).toBeDefined();
    const res = await fetch(`http://127.0.0.1:${port}/v1/invoices`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  }, 150_000);
});
