/**
 * Accepting a 100,000-line statement through the service, against a plain COPY of the same rows into the
 * same table, in one run on Postgres (its own database, created and dropped here).
 *
 *   npx tsx bench/statements.bench.ts [lines] [rounds]
 *
 * `npm run bench` runs it at 1,000, 10,000 and 100,000 lines and fits how both paths' time grows with the
 * lines (bench/lib.ts); the target ratio is the issue's, for 100,000 lines.
 *
 * Service path: a signed PUT /v1/statements/{id} through the HTTP app (`app.request`): signature check,
 * JSON parse, line-by-line validation, canonical hash, the lines stored with `COPY statement_lines FROM
 * STDIN` in the verb's transaction, audit event — one transaction. The body is built, encoded to UTF-8 and
 * signed before the clock starts and sent with its Content-Length, as a provider's HTTP client sends it.
 * Baseline: `COPY statement_lines FROM STDIN` of rows from the same generator (same count, shape and
 * sizes; ids of their own), as text prepared before the clock starts, through postgres-js, committed.
 * Both write to the same table with the same indexes, constraints and triggers (the migrated schema);
 * rounds alternate so neither gets the warmer cache.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { completeUscc } from '../src/domain/uscc.js';
import { newId } from '../src/domain/ids.js';
import { parseYuan } from '../src/domain/money.js';
import { signBody } from '../src/identity/signature.js';
import { jsonStatement } from '../src/services/statements/json-statement.js';
import { validateStatement } from '../src/services/statements/validate-statement.js';
import { statementSha256 } from '../src/services/statements/body-hash.js';
import { median, peakRssMb, postgresUrl, report } from './lib.js';

const LINES = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const TARGET_RATIO = 2;

const customers = Array.from({ length: 500 }, (_, k) => completeUscc(`913501${String(k).padStart(10, '0')}`));
const SERVICE_TYPES = ['gpu_compute', 'npu_compute', 'ai_accelerator_compute', 'general_compute', 'storage', 'network', 'other'];

function makeLines(round: number) {
  return Array.from({ length: LINES }, (_, i) => ({
    lineId: `R${round}-${String(i).padStart(6, '0')}`,
    customerUscc: customers[i % customers.length]!,
    invoiceNumber: i % 20 === 0 ? null : String(26350000000000000000n + BigInt(round * LINES + i)),
    ...(i % 50 === 0 ? { invoiceCode: '3500261130' } : {}),
    issueDate: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
    amount: i % 97 === 0 ? `-${(i % 5000) + 1}.50` : `${(i % 90_000) + 100}.${String(i % 100).padStart(2, '0')}`,
    serviceType: SERVICE_TYPES[i % SERVICE_TYPES.length]!,
    description: `GPU 云服务器租赁, A100 "8卡" 第 ${i} 项`,
    quantity: String((i % 720) + 1),
    unit: '卡时',
  }));
}

type Line = ReturnType<typeof makeLines>[number];

/** COPY text format: tab-separated, \N for null, backslash escapes for tab, newline and backslash. */
function copyText(versionId: string, lines: Line[]): string {
  const esc = (v: string | null | undefined) => (v === null || v === undefined ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));
  const out: string[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    out[i] = [versionId, l.lineId, l.customerUscc, esc(l.invoiceNumber), esc(l.invoiceCode), l.issueDate, String(parseYuan(l.amount)), l.serviceType, esc(l.description), esc(l.quantity), esc(l.unit)].join('\t');
  }
  return out.join('\n') + '\n';
}

async function timeService(rt: Runtime, provider: { keyId: string; secret: string }, statementId: string, body: string): Promise<number> {
  // What arrives from a provider's HTTP client: the UTF-8 bytes with their Content-Length. A JS string
  // handed to `app.request` would instead be scanned and encoded inside the timing, work the Node server
  // never does with a request that came over a socket.
  const bytes = Buffer.from(body);
  const headers = {
    authorization: `Bearer ${provider.keyId}`,
    'x-signature': signBody(provider.secret, Math.floor(Date.now() / 1000), body),
    'content-type': 'application/json',
    'content-length': String(bytes.length),
  };
  const started = performance.now();
  const res = await rt.app.request(`/v1/statements/${statementId}`, { method: 'PUT', headers, body: bytes });
  const ms = performance.now() - started;
  if (res.status !== 202) throw new Error(`PUT answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return ms;
}

async function timeCopy(sql: postgres.Sql, providerId: string, round: number, text: string, versionId: string): Promise<number> {
  // The target version row exists first (foreign key), outside the timing.
  const statementId = newId('stm');
  await sql`insert into statements (id, provider_id, external_id, current_version) values (${statementId}, ${providerId}, ${`copy-${round}`}, 1)`;
  await sql`insert into statement_versions (id, statement_id, version, body_sha256, period_start, period_end, line_count, total)
            values (${versionId}, ${statementId}, 1, 'copy', '2026-03-01', '2026-03-31', ${LINES}, 0)`;
  const started = performance.now();
  await sql.begin(async (tx) => {
    const writable = await tx`copy statement_lines (version_id, line_id, customer_uscc, invoice_number, invoice_code, issue_date, amount, service_type, description, quantity, unit) from stdin`.writable();
    await pipeline(Readable.from(chunks(text)), writable);
  });
  return performance.now() - started;
}

function* chunks(text: string, size = 1 << 20): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function main(): Promise<void> {
  const name = `cs_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(postgresUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(postgresUrl());
  url.pathname = `/${name}`;
  const adminToken = `cst_bench_${randomBytes(16).toString('hex')}`;
  let rt: Runtime | null = null;
  const copySql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_TOKEN: adminToken, SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'), DATA_DIR: 'memory://' });
    rt = await createRuntime(config, { logger: createLogger('silent') });
    const reg = await rt.app.request('/v1/providers', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: completeUscc('9111010800000001'), name: '基准算力服务商' }),
    });
    const provider = (await reg.json()) as { id: string; keyId: string; secret: string };

    // Warm-up: JIT, prepared statements, the first index pages.
    const warm = JSON.stringify({ periodStart: '2026-03-01', periodEnd: '2026-03-31', lines: makeLines(99).slice(0, 2000) });
    await timeService(rt, provider, 'warm-up', warm);

    const service: number[] = [];
    const copy: number[] = [];
    const pure: number[] = [];
    let bodyBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const lines = makeLines(round);
      const body = JSON.stringify({ periodStart: '2026-03-01', periodEnd: '2026-03-31', lines });
      bodyBytes = Buffer.byteLength(body);
      const copyPayload = copyText(newId('stv'), makeLines(round + 1000));
      const versionId = copyPayload.slice(0, copyPayload.indexOf('\t'));

      const t0 = performance.now();
      statementSha256(validateStatement(jsonStatement(body)));
      pure.push(performance.now() - t0);

      // Alternate the order so neither path always runs on the larger table.
      if (round % 2 === 0) {
        service.push(await timeService(rt, provider, `bench-${round}`, body));
        copy.push(await timeCopy(copySql, provider.id, round, copyPayload, versionId));
      } else {
        copy.push(await timeCopy(copySql, provider.id, round, copyPayload, versionId));
        service.push(await timeService(rt, provider, `bench-${round}`, body));
      }
      console.log(`round ${round + 1}: service ${service[round]!.toFixed(0)} ms, COPY ${copy[round]!.toFixed(0)} ms, ratio ${(service[round]! / copy[round]!).toFixed(2)}x`);
    }

    const s = median(service);
    const c = median(copy);
    // Paired per round: the machine's load drifts between rounds, and each pair shares its conditions.
    const ratio = median(service.map((ms, i) => ms / copy[i]!));
    const rss = peakRssMb();
    console.log(`\n${LINES.toLocaleString('en-US')} lines, ${(bodyBytes / 2 ** 20).toFixed(1)} MiB of JSON, median of ${ROUNDS} rounds`);
    console.log(`service path (signed PUT through the app): ${s.toFixed(0)} ms  (${Math.round(LINES / (s / 1000)).toLocaleString('en-US')} lines/s)`);
    console.log(`  of which parse + validate + hash, no database: ${median(pure).toFixed(0)} ms`);
    console.log(`plain COPY statement_lines FROM STDIN:      ${c.toFixed(0)} ms`);
    console.log(`ratio service / COPY (median of per-round ratios): ${ratio.toFixed(2)}x   target <= ${TARGET_RATIO}x   ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
    console.log(`peak RSS: ${rss} MB`);

    const targeted = LINES === 100_000;
    report('statements', [
      {
        figure: `${LINES.toLocaleString('en-US')}-line statement accepted and stored (signed PUT)`,
        value: s,
        unit: 'ms',
        baseline: { label: 'COPY of the same rows', value: c, unit: 'ms' },
        ratio,
        ...(targeted ? { target: `≤ ${TARGET_RATIO}×`, met: ratio <= TARGET_RATIO } : {}),
        growth: { series: 'statement accepted and stored (signed PUT)', size: LINES, sizeUnit: 'statement lines', cost: s, costUnit: 'ms' },
        note: `medians of ${ROUNDS} rounds, ratio = median of per-round ratios; both insert with COPY FROM STDIN into the same table and indexes; body sent as UTF-8 bytes with Content-Length; parse + validate + hash alone ${median(pure).toFixed(0)} ms; peak RSS ${rss} MB`,
      },
      {
        figure: `COPY of a ${LINES.toLocaleString('en-US')}-line statement's rows`,
        value: c,
        unit: 'ms',
        growth: { series: 'COPY of the same rows (baseline)', size: LINES, sizeUnit: 'statement lines', cost: c, costUnit: 'ms' },
      },
      { figure: `statement bench peak RSS, ${LINES.toLocaleString('en-US')} lines`, value: rss, unit: 'MB' },
    ]);
  } finally {
    await copySql.end();
    if (rt) await rt.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
