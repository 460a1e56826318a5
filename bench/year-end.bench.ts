import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { createLogger } from '../src/logger.js';
import { rowsOf } from '../src/db/client.js';
import { completeUscc } from '../src/domain/uscc.js';
import { decideComputeSubsidy, EvaluateFacts } from '../src/rules/index.js';
import { loadApplicantFacts } from '../src/services/applications/applicant-facts.js';
import { loadComputePurchases } from '../src/services/recon/purchases.js';
import { loadParameterSet } from '../src/services/policy/index.js';
import { peakRssMb, report, type Figure } from './lib.js';
import { seedParsedInvoices } from './support/seed.js';
import { QUICK, withDatabase } from './support/services.js';

/**
 * Year-end run: compute-subsidy decisions for every enterprise, on Postgres, through the path an application's
 * evaluation takes: applicant facts (services/applications/applicant-facts), the verified purchases as rule
 * facts (services/recon/purchases), the facts schema, and the rule module with its full trace
 * (rules/compute-subsidy). Time and peak RSS of this process, at each of several numbers of enterprises with
 * the same invoices each, so bench/run.ts can fit how the run's time grows with the enterprises.
 *
 *   npx tsx bench/year-end.bench.ts [enterprises, comma-separated sizes] [invoices per enterprise]
 *
 * The invoices are written with one set-based INSERT per size (bench/support/seed.ts) before its clock
 * starts: each size adds the enterprises beyond the previous one, and the run decides all of them.
 * Decisions are computed, not stored: storing one per application is the submission verb's transaction.
 */
const SIZES = (process.argv[2] ?? (QUICK ? '200' : '10000')).split(',').map(Number);
const PER_ENTERPRISE = Number(process.argv[3] ?? 100);
const BATCH = 100;
const IN_FLIGHT = 4;

interface Run {
  seconds: number;
  decided: number;
  eligible: number;
  purchases: number;
  rulesMs: number;
}

async function decideAll(db: Runtime['database']['db'], usccs: string[]): Promise<Run> {
  const params = await loadParameterSet(db);
  const run: Run = { seconds: 0, decided: 0, eligible: 0, purchases: 0, rulesMs: 0 };
  let totalFen = 0;
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
          run.rulesMs += performance.now() - t0;
          run.decided++;
          run.purchases += loaded.length;
          if (decision.eligible) run.eligible++;
          totalFen += decision.amount;
        }
      }
    }),
  );
  run.seconds = (performance.now() - start) / 1000;
  if (!Number.isInteger(totalFen)) throw new Error('subsidy total is not whole fen');
  if (run.decided !== usccs.length) throw new Error(`decided ${run.decided} of ${usccs.length} enterprises`);
  return run;
}

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
    const usccs = Array.from({ length: Math.max(...SIZES) }, (_, k) => completeUscc(`913501${String(k + 1).padStart(10, '0')}`));
    const figures: Figure[] = [];
    let seededSoFar = 0;
    for (const size of [...SIZES].sort((a, b) => a - b)) {
      const seedStart = performance.now();
      const added = await seedParsedInvoices(databaseUrl, { usccs: usccs.slice(seededSoFar, size), perEnterprise: PER_ENTERPRISE, uploadedBy: admin!.id, firstIndex: seededSoFar });
      const seedSeconds = (performance.now() - seedStart) / 1000;
      seededSoFar = size;
      // JIT, prepared statements and the first index pages, once: charged to the smallest size, they would
      // flatten the fitted growth.
      if (figures.length === 0) await decideAll(db, usccs.slice(0, Math.min(size, 500)));
      const rssBefore = peakRssMb();
      const run = await decideAll(db, usccs.slice(0, size));
      const rss = peakRssMb();
      const label = `${size.toLocaleString('en-US')} enterprises × ${PER_ENTERPRISE} invoices`;
      console.log(`${label}: ${run.decided.toLocaleString('en-US')} decisions over ${run.purchases.toLocaleString('en-US')} invoices in ${run.seconds.toFixed(1)} s (${(run.decided / run.seconds).toFixed(0)} enterprises/s)`);
      console.log(`  facts schema + rules with trace: ${(run.rulesMs / 1000).toFixed(1)} s of that; ${run.eligible} eligible; peak RSS ${rss} MB (${rssBefore} MB before)`);
      figures.push(
        {
          figure: `year-end compute-subsidy decisions, ${label}`,
          value: run.seconds,
          unit: 's',
          growth: { series: 'year-end compute-subsidy decisions', size, sizeUnit: 'enterprises', cost: run.seconds * 1000, costUnit: 'ms' },
          note:
            `${(run.decided / run.seconds).toFixed(0)} enterprises/s, ${Math.round(run.purchases / run.seconds).toLocaleString('en-US')} invoices/s; facts schema + rule module with trace ${(run.rulesMs / 1000).toFixed(1)} s of it, ` +
            `the rest loading from Postgres; ${run.eligible.toLocaleString('en-US')} eligible; seeding the ${added.toLocaleString('en-US')} invoices added for this size took ${seedSeconds.toFixed(0)} s (not timed)`,
        },
        { figure: `year-end run peak RSS, ${label}`, value: rss, unit: 'MB', note: `${rssBefore} MB before the run started` },
      );
    }
    report('year-end', figures);
  } finally {
    await rt.stop();
  }
});
