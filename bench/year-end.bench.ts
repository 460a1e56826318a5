import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createRuntime } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { rowsOf } from '../src/db/client.js';
import { completeUscc } from '../src/domain/uscc.js';
import { decideComputeSubsidy, EvaluateFacts } from '../src/rules/index.js';
import { loadApplicantFacts } from '../src/services/applications/applicant-facts.js';
import { loadComputePurchases } from '../src/services/recon/purchases.js';
import { loadParameterSet } from '../src/services/policy/index.js';
import { peakRssMb, report } from './lib.js';
import { seedParsedInvoices } from './support/seed.js';
import { QUICK, withDatabase } from './support/services.js';

/**
 * Year-end run: compute-subsidy decisions for 10,000 enterprises holding 1,000,000 invoices in total,
 * on Postgres, through the path an application's evaluation takes: applicant facts
 * (services/applications/applicant-facts), the verified purchases as rule facts
 * (services/recon/purchases), the facts schema, and the rule module with its full trace
 * (rules/compute-subsidy). Time and peak RSS of this process.
 *
 *   npx tsx bench/year-end.bench.ts [enterprises] [invoices per enterprise]
 *
 * The invoices are written with one set-based INSERT (bench/support/seed.ts) before the clock starts.
 * Decisions are computed, not stored: storing one per application is the submission verb's transaction.
 */
const ENTERPRISES = Number(process.argv[2] ?? (QUICK ? 200 : 10_000));
const PER_ENTERPRISE = Number(process.argv[3] ?? 100);
const BATCH = 100;
const IN_FLIGHT = 4;

await withDatabase(async (databaseUrl) => {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_TOKEN: `cst_bench_${randomBytes(16).toString('hex')}`,
    SECRET_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    DATA_DIR: 'memory://',
  });
  const rt = await createRuntime(config, { logger: createLogger('silent') });
  try {
    const db = rt.database.db;
    const [admin] = rowsOf<{ id: string }>(await db.execute(sql`select id from users where role = 'admin' limit 1`));
    const usccs = Array.from({ length: ENTERPRISES }, (_, k) => completeUscc(`913501${String(k + 1).padStart(10, '0')}`));
    const seedStart = performance.now();
    const seeded = await seedParsedInvoices(databaseUrl, { usccs, perEnterprise: PER_ENTERPRISE, uploadedBy: admin!.id });
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`seeded ${seeded.toLocaleString('en-US')} invoices for ${ENTERPRISES.toLocaleString('en-US')} enterprises in ${seedSeconds.toFixed(1)} s`);

    const params = await loadParameterSet(db);
    const rssBefore = peakRssMb();
    let decided = 0;
    let eligible = 0;
    let purchases = 0;
    let totalFen = 0;
    let rulesMs = 0;
    const batches: string[][] = [];
    for (let i = 0; i < usccs.length; i += BATCH) batches.push(usccs.slice(i, i + BATCH));

    const start = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          const applicants = await loadApplicantFacts(db, batch);
          for (const uscc of batch) {
            const loaded = await loadComputePurchases(db, uscc, 2026);
            const t0 = performance.now();
            const facts = EvaluateFacts.parse({
              type: 'compute_subsidy',
              asOf: '2027-03-01',
              year: 2026,
              applicant: applicants.get(uscc)!,
              purchases: loaded.map((p) => p.facts),
              alreadyAwarded: '0.00',
            }) as Extract<EvaluateFacts, { type: 'compute_subsidy' }>;
            const decision = decideComputeSubsidy(facts, params);
            rulesMs += performance.now() - t0;
            decided++;
            purchases += loaded.length;
            if (decision.eligible) eligible++;
            totalFen += decision.amount;
          }
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const rss = peakRssMb();
    console.log(`${decided.toLocaleString('en-US')} decisions over ${purchases.toLocaleString('en-US')} invoices in ${seconds.toFixed(1)} s (${(decided / seconds).toFixed(0)} enterprises/s)`);
    console.log(`  facts schema + rules with trace: ${(rulesMs / 1000).toFixed(1)} s of that; ${eligible} eligible; total ${(totalFen / 100).toFixed(2)} yuan`);
    console.log(`  peak RSS ${rss} MB (${rssBefore} MB before the run)`);
    if (!Number.isInteger(totalFen)) throw new Error('subsidy total is not whole fen');
    report('year-end', [
      {
        figure: `year-end compute-subsidy decisions, ${decided.toLocaleString('en-US')} enterprises × ${PER_ENTERPRISE} invoices`,
        value: seconds,
        unit: 's',
        note:
          `${(decided / seconds).toFixed(0)} enterprises/s, ${Math.round(purchases / seconds).toLocaleString('en-US')} invoices/s; facts schema + rule module with trace ${(rulesMs / 1000).toFixed(1)} s of it, ` +
          `the rest loading from Postgres; ${eligible.toLocaleString('en-US')} eligible; seeding ${seeded.toLocaleString('en-US')} invoices took ${seedSeconds.toFixed(0)} s (not timed)`,
      },
      { figure: 'year-end run peak RSS', value: rss, unit: 'MB', note: `${rssBefore} MB before the run started` },
    ]);
  } finally {
    await rt.stop();
  }
});
