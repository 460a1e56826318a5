import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { completeUscc } from '../src/domain/uscc.js';
import { runReconciliation } from '../src/services/recon/run-reconciliation.js';
import { scanForFraud } from '../src/services/recon/scan-fraud.js';
import { peakRssMb, report } from './lib.js';
import { withDatabase } from './support/services.js';

/**
 * Full re-match of N statement lines against N invoices on Postgres, against one SQL hash join doing only
 * the exact-key step (seller + invoice number) on the same tables and writing its pairs to a temp table.
 * Every line matches its invoice cleanly, so the re-runs measure a full run over settled data; the data
 * has no item names, breaks, red invoices or corrected statements, so those checks find nothing to read.
 * The fraud scan a run enqueues (the `fraud.scan` job) is timed on its own over every invoice, as the job
 * after a full run does it: it is no longer part of the run, and is reported so its cost stays in view.
 */
const N = Number(process.argv[2] ?? 100_000);
// What EXPLAIN ANALYZE of the settling query shows when the ratio is above the target.
const GAP =
  'gap: nearly all of the run is the one settling query (about 200 ms): it does the join the baseline does (hash of every invoice, scan of every current line) ' +
  'and on top evaluates the settled conditions for each of the 100,000 pairs (about 50 ms) and finds numbers named twice or copied (index-order scans of lines and invoices, about 40 ms)';
const ENTERPRISES = 1000;

await withDatabase(async (url) => {
  const rt = await createRuntime(
    loadConfig({ DATABASE_URL: url, REDIS_URL: undefined, SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' }),
    { logger: createLogger('silent') },
  );
  const db = rt.database.db;
  const provider = completeUscc('9135010000009999');
  const usccs = Array.from({ length: ENTERPRISES }, (_, i) => completeUscc(`913501000${String(i).padStart(7, '0')}`));
  await db.execute(sql`insert into providers (id, uscc, name, key_id, secret_sealed) values ('prv_bench', ${provider}, 'bench provider', 'pk_bench', 'v1.x.x.x')`);
  await db.execute(sql`insert into enterprises (uscc, name, kind, city, office, funding_source)
    select value, value, 'enterprise', '3501', '3501', 'province' from json_array_elements_text(${JSON.stringify(usccs)}::json)`);
  const t0 = performance.now();
  await db.execute(sql`insert into files (sha256, size, media_type, content) select md5(g::text), 1, 'application/xml', '\\x00'::bytea from generate_series(1, ${N}) g`);
  await db.execute(sql`
    insert into invoices (id, enterprise_uscc, file_sha256, format, purpose, status, invoice_number, issue_date, seller_tax_id, buyer_tax_id,
                          total_amount, total_tax, total_with_tax, is_red, uploaded_by)
    select 'inv_' || lpad(g::text, 9, '0'), u.uscc, md5(g::text), 'xml', 'model_development', 'parsed', '2635' || lpad(g::text, 16, '0'),
           date '2026-06-01' + (g % 28), ${provider}, u.uscc, 100000 + g, 6000, 106000 + g, false, 'bench'
    from generate_series(1, ${N}) g
    join (select value as uscc, ordinality - 1 as k from json_array_elements_text(${JSON.stringify(usccs)}::json) with ordinality) u on u.k = g % ${ENTERPRISES}`);
  await db.execute(sql`insert into statements (id, provider_id, external_id, current_version) values ('stm_bench', 'prv_bench', 'bench', 1)`);
  await db.execute(sql`insert into statement_versions (id, statement_id, version, body_sha256, period_start, period_end, line_count, total)
    values ('ver_bench', 'stm_bench', 1, 'x', '2026-06-01', '2026-06-30', ${N}, 0)`);
  await db.execute(sql`
    insert into statement_lines (version_id, line_id, customer_uscc, invoice_number, issue_date, amount, service_type)
    select 'ver_bench', 'L' || g, i.enterprise_uscc, i.invoice_number, i.issue_date, i.total_with_tax, 'gpu_compute'
    from invoices i cross join lateral (select substr(i.id, 5)::int as g) x`);
  await db.execute(sql`analyze`);
  console.log(`${N} invoices and ${N} statement lines for ${ENTERPRISES} enterprises loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const hashJoin = async () => {
    const start = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_mergejoin = off`);
      await tx.execute(sql`set local enable_nestloop = off`);
      await tx.execute(sql`create temp table exact_pairs on commit drop as
        select i.id as invoice_id, l.id as line_id
        from statement_lines l
        join statement_versions v on v.id = l.version_id
        join statements s on s.id = v.statement_id and s.current_version = v.version
        join providers p on p.id = s.provider_id
        join invoices i on i.status = 'parsed' and i.seller_tax_id = p.uscc and i.invoice_number = l.invoice_number`);
    });
    return performance.now() - start;
  };
  const today = new Date('2026-07-01T00:00:00Z');
  // No runner is started here: the scan job each run enqueues stays in the outbox, and is timed by `scan`.
  const rematch = async () => {
    const start = performance.now();
    const summary = await db.transaction((tx) => runReconciliation(tx, 'all', today, 'bench'));
    return { ms: performance.now() - start, summary };
  };
  const scan = async () => {
    const start = performance.now();
    const summary = await db.transaction((tx) => scanForFraud(tx, 'all', today));
    return { ms: performance.now() - start, summary };
  };
  await hashJoin();
  const first = await rematch();
  console.log(`first run: ${first.summary.matches} matches, ${first.summary.breaks} breaks in ${first.ms.toFixed(0)} ms`);
  const firstScan = await scan();
  console.log(`first fraud scan: ${firstScan.summary.found} signals in ${firstScan.ms.toFixed(0)} ms`);
  // The first run wrote every match, outcome and matched-invoice column: 100,000s of dead row versions that
  // autovacuum would clear within a minute in service. Measured re-runs read the tables as they then stand.
  await db.execute(sql`vacuum analyze`);
  const joins: number[] = [];
  const runs: number[] = [];
  const scans: number[] = [];
  for (let r = 0; r < 3; r++) {
    joins.push(await hashJoin());
    runs.push((await rematch()).ms);
    scans.push((await scan()).ms);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const join = med(joins);
  const full = med(runs);
  const fraud = med(scans);
  console.log(`full re-match: ${full.toFixed(0)} ms (median of 3); SQL hash join, exact-key step: ${join.toFixed(0)} ms; ratio ${(full / join).toFixed(2)} (target ≤ 2)`);
  console.log(`fraud scan over all invoices: ${fraud.toFixed(0)} ms (median of 3); re-match and scan together ${(full + fraud).toFixed(0)} ms, ${((full + fraud) / join).toFixed(2)}× the join`);
  report('rematch', [
    {
      figure: `full re-match of ${N.toLocaleString('en-US')} lines on Postgres`,
      value: full,
      unit: 'ms',
      baseline: { label: 'one SQL hash join, exact-key step', value: join, unit: 'ms' },
      ratio: full / join,
      target: '≤ 2×',
      met: full / join <= 2,
      note: `matching only: one query pairs each current line with the invoice its trigger-kept matched_invoice_id names and settles the pairs whose records and stored outcome are unchanged (one pass over each table; duplicate numbers found in index order); the rest is loaded, matched by every rule and persisted (nothing, here); the run then only enqueues its fraud scan (timed below); tables vacuumed after the first run (${first.ms.toFixed(0)} ms); peak RSS ${peakRssMb()} MB` +
        (full / join > 2 ? `; ${GAP}` : ''),
    },
    {
      figure: `fraud scan over all ${N.toLocaleString('en-US')} invoices after a full re-match`,
      value: fraud,
      unit: 'ms',
      baseline: { label: 'one SQL hash join, exact-key step', value: join, unit: 'ms' },
      ratio: fraud / join,
      note: `the fraud.scan job a full run enqueues, run in its own transaction on the same data (median of 3, each after a re-match): the database picks the candidate invoices of every detector from every parsed invoice (here ${firstScan.summary.found} signals: the data holds no shared numbers, related parties or runs of consecutive numbers, so this is mostly the candidate query); it used to be part of the re-match; re-match and scan together ${(full + fraud).toFixed(0)} ms (${((full + fraud) / join).toFixed(2)}× the join); first scan ${firstScan.ms.toFixed(0)} ms`,
    },
  ]);
  await rt.stop();
});
