import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { requires } from '../support/gates.js';
import { freePort } from '../support/ports.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';
import { focusCsv, focusRow, providerCall, SERVICES } from '../statements/focus-rows.js';

const run = promisify(execFile);

/**
 * The signing recipes of README.md ("Signing recipes"), taken from the README as written and run against the
 * service listening on a real port: each must get 202 for a statement it pushes. A recipe that drifts from
 * the signature scheme fails here, not at a provider's desk.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
function recipe(name: string): string {
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  if (!m) throw new Error(`README.md has no "${name}" signing recipe`);
  return m[1]!;
}

const tools = ['/usr/bin/openssl', '/usr/bin/curl'].every((t) => existsSync(t));
const bashReady = requires('signing recipe (bash)', tools, 'openssl or curl is missing (Debian packages openssl, curl)');
const javaReady = requires('signing recipe (Java)', existsSync('/usr/bin/java'), 'java is missing (Debian package openjdk-17-jdk-headless)');

const CUSTOMER = completeUscc('9135010000000901');
const PROVIDER = completeUscc('9135010000000999');

let rt: TestRuntime;
let server: ServerType;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  rt = await testRuntime();
  const p = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER, name: '福州配方算力有限公司' } });
  expect(p.status, p.text).toBe(201);
  const port = await freePort();
  server = serve({ fetch: rt.app.fetch, port, hostname: '127.0.0.1' });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo | null)?.port ?? port}`;
  dir = mkdtempSync(join(tmpdir(), 'recipes-'));
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, BASE_URL: base, KEY_ID: p.body.keyId, SECRET: p.body.secret };
  expect((await providerCall(rt, { keyId: p.body.keyId, secret: p.body.secret }, 'PUT', '/v1/providers/me/accounts/recipe-acct', { uscc: CUSTOMER })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rt?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A JSON statement with Chinese text, so the recipes must sign the bytes, not a re-encoding of them. */
function jsonBody(file: string, lineId: string): string {
  const path = join(dir, file);
  const body = { periodStart: '2026-06-01', periodEnd: '2026-06-30', lines: [{ lineId, customerUscc: CUSTOMER, invoiceNumber: '26350000000000000901', issueDate: '2026-06-04', amount: '1200.50', serviceType: 'gpu_compute', description: 'GPU 算力租用（A100，720 卡时）' }] };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
  return path;
}

describe.runIf(bashReady)('the bash recipe (openssl + curl)', () => {
  it('pushes a JSON statement: 202, stored as sent', async () => {
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', recipe('bash')], { env: { ...env, STATEMENT_ID: 'recipe-bash', BODY_FILE: jsonBody('bash.json', 'B1') } });
    expect(stdout.trim().split('\n').at(-1)).toBe('HTTP 202');
    expect(JSON.parse(stdout.trim().split('\n')[0]!)).toMatchObject({ statementId: 'recipe-bash', status: 'accepted', total: '1200.50' });
    const view = await rt.request('GET', '/v1/statements/recipe-bash', {});
    expect(view.body.lines[0]).toMatchObject({ lineId: 'B1', description: 'GPU 算力租用（A100，720 卡时）' });
  });

  it('pushes a FOCUS export with its content type: 202', async () => {
    const path = join(dir, 'focus.csv');
    writeFileSync(path, focusCsv([focusRow({ BillingAccountId: 'recipe-acct', InvoiceId: '26350000000000000902', ...SERVICES.gpuPlatform, BilledCost: '88.880000' })]));
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', recipe('bash')], { env: { ...env, STATEMENT_ID: 'recipe-focus', BODY_FILE: path, CONTENT_TYPE: 'text/csv; profile=focus' } });
    expect(stdout.trim().split('\n').at(-1)).toBe('HTTP 202');
    expect(JSON.parse(stdout.trim().split('\n')[0]!)).toMatchObject({ statementId: 'recipe-focus', lines: 1, total: '88.88' });
  });

  it('a body signed with the wrong secret is 401', async () => {
    const first = await run('bash', ['-euo', 'pipefail', '-c', recipe('bash')], { env: { ...env, SECRET: `${env.SECRET}x`, STATEMENT_ID: 'recipe-bad', BODY_FILE: jsonBody('bad.json', 'X1') } });
    expect(first.stdout.trim().split('\n').at(-1)).toBe('HTTP 401');
    expect(first.stdout).toContain('SIGNATURE_INVALID');
  });
});

describe('the Python recipe', () => {
  it('pushes a JSON statement: 202', async () => {
    const script = join(dir, 'push_statement.py');
    writeFileSync(script, recipe('python'));
    const { stdout } = await run('python3', [script], { env: { ...env, STATEMENT_ID: 'recipe-python', BODY_FILE: jsonBody('python.json', 'P1') } });
    expect(stdout.trim().split('\n').at(-1)).toBe('HTTP 202');
    expect((await rt.request('GET', '/v1/statements/recipe-python', {})).body.lines[0]).toMatchObject({ lineId: 'P1' });
  });
});

describe.runIf(javaReady)('the Java recipe', () => {
  it('pushes a JSON statement: 202', async () => {
    const source = join(dir, 'PushStatement.java');
    writeFileSync(source, recipe('java'));
    const { stdout } = await run('java', [source], { env: { ...env, STATEMENT_ID: 'recipe-java', BODY_FILE: jsonBody('java.json', 'J1') }, timeout: 60_000 });
    expect(stdout.trim().split('\n').at(-1)).toBe('HTTP 202');
    expect((await rt.request('GET', '/v1/statements/recipe-java', {})).body.lines[0]).toMatchObject({ lineId: 'J1' });
  }, 60_000);
});
