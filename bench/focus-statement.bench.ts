/**
 * Accepting a FOCUS cost and usage export of 1,000,000 rows through the service, against a plain COPY of
 * the lines those rows fold into, on Postgres (its own database, created and dropped here).
 *
 *   npx tsx bench/focus-statement.bench.ts [rows] [rounds]
 *
 * Service path: a signed PUT /v1/statements/{id} with `Content-Type: text/csv; profile=focus` through the
 * HTTP app (`app.request`), the body streamed: signature check over the stream, CSV parse, fold per
 * (customer, InvoiceId, service type), validation, canonical hash, the lines stored with COPY in the verb's
 * transaction, audit event. The body is never built whole: a deterministic generator yields it 1 MiB at a
 * time (a first pass, before the clock, computes the signature over the same bytes), so the peak RSS is the
 * service's, not a copy of the body held by the bench. The generator's own cost is measured apart and
 * reported. Rows: 500 customers (x_CustomerUscc) × 10 invoices × GPU, storage, network and credit rows,
 * hourly charge periods over June 2026 — 20,000 folded lines at 1,000,000 rows.
 * Baseline: `COPY statement_lines FROM STDIN` of the folded lines the service stored (read back, given a
 * version of their own), as text prepared before the clock starts, through postgres-js, committed.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { loadConfig } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { completeUscc } from '../src/domain/uscc.js';
import { newId } from '../src/domain/ids.js';
import { median, peakRssMb, postgresUrl, report } from './lib.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = Number(process.argv[3] ?? 1);
const CUSTOMERS = 500;
const INVOICES_PER_CUSTOMER = 10;

const customers = Array.from({ length: CUSTOMERS }, (_, k) => completeUscc(`913501${String(k).padStart(10, '0')}`));
const HEADER =
  'ProviderName,BillingAccountId,BillingAccountName,SubAccountId,InvoiceId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,' +
  'ChargeCategory,ChargeDescription,BilledCost,EffectiveCost,BillingCurrency,ConsumedQuantity,ConsumedUnit,ServiceName,ServiceCategory,' +
  'ServiceSubcategory,SkuId,SkuMeter,RegionId,ResourceId,Tags,x_CustomerUscc\n';
/** One in twenty rows of an invoice is each of these; the rest are GPU hours. */
const KINDS = [
  ...Array.from({ length: 14 }, () => ({ category: 'Usage', service: '智算平台,AI and Machine Learning,AI Platforms', meter: 'GPU Hours', unit: 'Hours', cost: 12.345678 })),
  ...Array.from({ length: 3 }, () => ({ category: 'Usage', service: '对象存储,Storage,Object Storage', meter: 'Storage', unit: 'GB-Mo', cost: 0.731234 })),
  ...Array.from({ length: 2 }, () => ({ category: 'Usage', service: 'NAT 网关,Networking,Network Connectivity', meter: 'Data Transfer', unit: 'GB', cost: 0.270001 })),
  { category: 'Credit', service: '智算平台,AI and Machine Learning,AI Platforms', meter: 'GPU Hours', unit: 'Hours', cost: -1.5 },
];
const pad = (n: number, w: number) => String(n).padStart(w, '0');

function row(round: number, i: number): string {
  const c = i % CUSTOMERS;
  const inv = Math.floor(i / CUSTOMERS) % INVOICES_PER_CUSTOMER;
  const kind = KINDS[Math.floor(i / (CUSTOMERS * INVOICES_PER_CUSTOMER)) % KINDS.length]!;
  const hour = Math.floor(i / 1000) % 720;
  const day = pad(Math.floor(hour / 24) + 1, 2);
  const h = pad(hour % 24, 2);
  const endDay = hour % 24 === 23 ? pad(Math.floor(hour / 24) + 2, 2) : day;
  const endH = pad((hour + 1) % 24, 2);
  const end = endDay === '31' ? '2026-07-01T00:00:00Z' : `2026-06-${endDay}T${endH}:00:00Z`;
  const invoice = `26350${pad(round, 3)}${pad(c, 4)}${pad(inv, 8)}`;
  const cost = (kind.cost * (1 + (i % 7) / 100)).toFixed(6);
  return (
    `闽算云,payer-${c % 20},payer,linked-${c},${invoice},2026-06-01T00:00:00Z,2026-07-01T00:00:00Z,2026-06-${day}T${h}:00:00Z,${end},` +
    `${kind.category},usage,${cost},${cost},CNY,1.0000,${kind.unit},${kind.service},SKU-${i % 97},${kind.meter},cn-fuzhou,res-${c}-${i % 13},` +
    `"{""Environment"":""prod"",""CostCenter"":""cc-${c % 9}""}",${customers[c]}\n`
  );
}

/** The export, 1 MiB of UTF-8 at a time, the same bytes on every call. */
function* exportChunks(round: number, rows: number): Generator<Buffer> {
  let text = HEADER;
  for (let i = 0; i < rows; i++) {
    text += row(round, i);
    if (text.length >= 1 << 19) {
      yield Buffer.from(text);
      text = '';
    }
  }
  if (text) yield Buffer.from(text);
}

function streamOf(round: number, rows: number): ReadableStream<Uint8Array> {
  const it = exportChunks(round, rows);
  return new ReadableStream({
    pull(controller) {
      const next = it.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
  });
}

/** Signature and size of the export, computed by a pass of the generator before the clock starts. */
function sign(secret: string, round: number, rows: number, t: number): { signature: string; bytes: number; generateMs: number } {
  const started = performance.now();
  const mac = createHmac('sha256', secret).update(`${t}.`);
  let bytes = 0;
  for (const chunk of exportChunks(round, rows)) {
    mac.update(chunk);
    bytes += chunk.length;
  }
  return { signature: `t=${t},v1=${mac.digest('hex')}`, bytes, generateMs: performance.now() - started };
}

async function timeService(rt: Runtime, provider: { keyId: string; secret: string }, round: number, rows = ROWS): Promise<{ ms: number; bytes: number; generateMs: number; body: { lines: number; total: string } }> {
  const { signature, bytes, generateMs } = sign(provider.secret, round, rows, Math.floor(Date.now() / 1000));
  const request = new Request(`http://bench/v1/statements/focus-${round}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${provider.keyId}`, 'x-signature': signature, 'content-type': 'text/csv; profile=focus', 'content-length': String(bytes) },
    body: streamOf(round, rows),
    duplex: 'half',
  } as RequestInit);
  const started = performance.now();
  const res = await rt.app.request(request);
  const ms = performance.now() - started;
  if (res.status !== 202) throw new Error(`PUT answered ${res.status}: ${(await res.text()).slice(0, 800)}`);
  return { ms, bytes, generateMs, body: (await res.json()) as { lines: number; total: string } };
}

/** The folded lines the service stored for a round, as COPY text under a new version id. */
async function foldedCopyText(sql: postgres.Sql, round: number, versionId: string): Promise<{ text: string; lines: number }> {
  const rows = await sql`
    select l.line_id, l.customer_uscc, l.invoice_number, l.invoice_code, l.issue_date::text as issue_date, l.amount::text as amount,
           l.service_type, l.description, l.quantity, l.unit
    from statement_lines l join statement_versions v on v.id = l.version_id join statements s on s.id = v.statement_id
    where s.external_id = ${`focus-${round}`} and v.version = s.current_version order by l.id`;
  const esc = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));
  const text = rows
    .map((r) => [versionId, r.line_id, r.customer_uscc, esc(r.invoice_number), esc(r.invoice_code), r.issue_date, r.amount, r.service_type, esc(r.description), esc(r.quantity), esc(r.unit)].join('\t'))
    .join('\n');
  return { text: `${text}\n`, lines: rows.length };
}

async function timeCopy(sql: postgres.Sql, providerId: string, round: number, text: string, versionId: string, lines: number): Promise<number> {
  const statementId = newId('stm');
  await sql`insert into statements (id, provider_id, external_id, current_version) values (${statementId}, ${providerId}, ${`copy-${round}`}, 1)`;
  await sql`insert into statement_versions (id, statement_id, version, body_sha256, period_start, period_end, line_count, total)
            values (${versionId}, ${statementId}, 1, 'copy', '2026-06-01', '2026-06-30', ${lines}, 0)`;
  const started = performance.now();
  await sql.begin(async (tx) => {
    const writable = await tx`copy statement_lines (version_id, line_id, customer_uscc, invoice_number, invoice_code, issue_date, amount, service_type, description, quantity, unit) from stdin`.writable();
    await pipeline(Readable.from([text]), writable);
  });
  return performance.now() - started;
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
    const config = loadConfig({
      DATABASE_URL: url.toString(),
      LOG_LEVEL: 'silent',
      BOOTSTRAP_ADMIN_TOKEN: adminToken,
      SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: 'memory://',
      // A million FOCUS rows are a few hundred MB; the service's cap is 1 GiB.
      BODY_MAX_BYTES: String(1024 * 1024 * 1024),
    });
    rt = await createRuntime(config, { logger: createLogger('silent') });
    const reg = await rt.app.request('/v1/providers', {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uscc: completeUscc('9111010800000002'), name: '基准 FOCUS 服务商' }),
    });
    const provider = (await reg.json()) as { id: string; keyId: string; secret: string };
    // Warm-up: JIT, prepared statements, the first index pages (a round number of its own, so other invoices).
    await timeService(rt, provider, 999, Math.min(ROWS, 5000));
    const rssBefore = peakRssMb();

    const service: number[] = [];
    const copy: number[] = [];
    const ratios: number[] = [];
    let bytes = 0;
    let generate = 0;
    let folded = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const s = await timeService(rt, provider, round);
      bytes = s.bytes;
      generate = s.generateMs;
      const versionId = newId('stv');
      const { text, lines } = await foldedCopyText(copySql, round, versionId);
      folded = lines;
      if (lines !== s.body.lines) throw new Error(`stored ${lines} lines, the push answered ${s.body.lines}`);
      const c = await timeCopy(copySql, provider.id, round, text, versionId, lines);
      service.push(s.ms);
      copy.push(c);
      ratios.push(s.ms / c);
      console.log(`round ${round + 1}: service ${s.ms.toFixed(0)} ms, COPY of the ${lines.toLocaleString('en-US')} folded lines ${c.toFixed(0)} ms, ratio ${(s.ms / c).toFixed(1)}x`);
    }
    const s = median(service);
    const c = median(copy);
    const ratio = median(ratios);
    const rss = peakRssMb();
    console.log(`\n${ROWS.toLocaleString('en-US')} FOCUS rows, ${(bytes / 2 ** 20).toFixed(1)} MiB → ${folded.toLocaleString('en-US')} lines, median of ${ROUNDS} round(s)`);
    console.log(`service path (signed, streamed PUT through the app): ${s.toFixed(0)} ms  (${Math.round(ROWS / (s / 1000)).toLocaleString('en-US')} rows/s)`);
    console.log(`  generating the body alone (and signing it): ${generate.toFixed(0)} ms`);
    console.log(`COPY of the folded lines: ${c.toFixed(0)} ms`);
    console.log(`peak RSS: ${rss} MB (${rssBefore} MB after a 5,000-row warm-up push)`);

    report('focus-statement', [
      {
        figure: `${ROWS.toLocaleString('en-US')}-row FOCUS export accepted and stored (signed, streamed PUT)`,
        value: s,
        unit: 'ms',
        baseline: { label: `COPY of the ${folded.toLocaleString('en-US')} folded lines`, value: c, unit: 'ms' },
        ratio,
        note: `${(bytes / 2 ** 20).toFixed(0)} MiB of CSV folded into ${folded.toLocaleString('en-US')} lines; ${Math.round(ROWS / (s / 1000)).toLocaleString('en-US')} rows/s; the body is generated while it streams (generation + signing alone ${generate.toFixed(0)} ms); peak RSS ${rss} MB (${rssBefore} MB after a 5,000-row warm-up push); median of ${ROUNDS} round(s)`,
      },
      { figure: `FOCUS bench peak RSS, ${ROWS.toLocaleString('en-US')} rows`, value: rss, unit: 'MB', baseline: { label: 'RSS after a 5,000-row warm-up push', value: rssBefore, unit: 'MB' } },
    ]);
  } finally {
    await copySql.end();
    if (rt) await rt.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
