import { existsSync } from 'node:fs';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { completeUscc } from '../src/domain/uscc.js';
import { report, type Figure } from './lib.js';
import { seedParsedInvoices } from './support/seed.js';
import { QUICK, child, clearQueuePrefix, cpuSeconds, freePort, peakRssOf, serviceEnv, stopChild, waitFor, withDatabase } from './support/services.js';

/**
 * API load: requests per second and p50/p99 latency of the compiled server (`dist/src/main.js`, run
 * `npm run build` first) on Postgres + Redis, at 50 and 200 connections, for
 *   GET /v1/invoices/{id} (the invoice, its match and open breaks in one query), POST /v1/evaluate,
 *   GET /v1/enterprises/{uscc}/compute-spend for enterprises with 100, 1,000 and 10,000 invoices (the
 *   maintained position and a page of 100 of each list; how its cost grows with the invoices is fitted by
 *   bench/run.ts; 100 is also the API's default page), and at 10,000 invoices also with a page of 1,000,
 * against `GET /healthz` on the same server as the bare-route baseline: it runs the same global middleware
 * (request id, security headers) and does no I/O. The /v1 routes add bearer authentication, the per-token
 * rate limit (in Redis; its limit is raised here so it counts but never refuses) and their own work.
 *
 *   npx tsx bench/api-load.bench.ts [seconds per case]
 *
 * API_LOAD_ONLY=<text> measures only the cases whose name contains it (and the bare route, the baseline);
 * API_LOAD_SPEND_SIZES=10000 seeds and measures only those compute-spend sizes; API_LOAD_CONNECTIONS=50 only
 * those loads. For checking one route on a shared machine; `npm run bench` sets none of them.
 *
 * The 10,000 invoices are written with one set-based INSERT (bench/support/seed.ts) as the parse job and
 * a matching run would leave them; the enterprise itself is registered through the API.
 */
const SECONDS = Number(process.argv[2] ?? (QUICK ? 2 : 5));
/** Invoices per enterprise for compute-spend: the sizes its growth is fitted over. */
const SPEND_SIZES = process.env.API_LOAD_SPEND_SIZES ? process.env.API_LOAD_SPEND_SIZES.split(',').map(Number) : QUICK ? [100, 1_000] : [100, 1_000, 10_000];
const LARGEST = SPEND_SIZES[SPEND_SIZES.length - 1]!;
/** The API's default page; a page of 1,000 (what the console's invoice list asks for) is measured once beside it. */
const SPEND_PAGE = 100;
const SPEND_P99_TARGET_MS = 50;
const CONNECTIONS = process.env.API_LOAD_CONNECTIONS ? process.env.API_LOAD_CONNECTIONS.split(',').map(Number) : [50, 200];
const ONLY = process.env.API_LOAD_ONLY;

if (!existsSync('dist/src/main.js')) throw new Error('dist/src/main.js is missing: run `npm run build` first');

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

async function load(url: string, connections: number, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }, duration = SECONDS): Promise<Load> {
  const r = await autocannon({ url, connections, duration, method: init.method ?? 'GET', headers: init.headers, body: init.body });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total };
}

/**
 * Waits until the server has worked off what the previous case left in flight: autocannon stops sending
 * after its duration, but the server still finishes every request it accepted (a backlog of compute-spend
 * requests is tens of seconds of work), which would otherwise be charged to the next case.
 */
async function settle(base: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  let fast = 0;
  while (fast < 3 && Date.now() < deadline) {
    const t0 = performance.now();
    await fetch(`${base}/healthz`).then((r) => r.text());
    fast = performance.now() - t0 < 20 ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function purchase(i: number) {
  return {
    invoiceNumber: String(26350000000000000000n + BigInt(i)),
    issueDate: `2026-0${(i % 9) + 1}-15`,
    amount: `${120_000 + i * 1000}.00`,
    netAmount: `${113_207 + i * 900}.55`,
    serviceType: 'gpu_compute',
    purpose: 'model_development',
    verified: true,
    isRed: false,
    originalInvoiceNumber: null,
  };
}

await withDatabase(async (databaseUrl) => {
  const port = await freePort();
  const env = serviceEnv(databaseUrl, { PORT: String(port), HOST: '127.0.0.1', RATE_LIMIT_PER_TOKEN: '10000000' });
  const server = child(['dist/src/main.js'], env);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/readyz`, 120_000);
    const auth = { authorization: `Bearer ${env.BOOTSTRAP_ADMIN_TOKEN}` };
    // One enterprise per size; invoice ids and numbers do not collide across sizes (bench/support/seed.ts).
    const spenders = SPEND_SIZES.map((invoices, i) => ({ invoices, uscc: completeUscc(`91350100000007${String(70 + i)}`) }));
    for (const { uscc } of spenders) {
      const reg = await fetch(`${base}/v1/enterprises`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ uscc, name: '负载基准企业' }) });
      if (reg.status !== 201 && reg.status !== 200) throw new Error(`register enterprise: ${reg.status} ${await reg.text()}`);
    }
    const uscc = spenders[spenders.length - 1]!.uscc;

    const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const [user] = await admin<{ id: string }[]>`select id from users where role = 'admin' order by created_at limit 1`;
    for (const s of spenders) {
      const seeded = await seedParsedInvoices(databaseUrl, { usccs: [s.uscc], perEnterprise: s.invoices, uploadedBy: user!.id });
      if (seeded !== s.invoices) throw new Error(`seeded ${seeded} invoices for ${s.uscc}, expected ${s.invoices}`);
    }
    const invoiceId = `inv_bench${LARGEST + 1}`;

    const evaluateBody = JSON.stringify({
      type: 'compute_subsidy',
      asOf: '2027-03-01',
      year: 2026,
      applicant: { uscc },
      purchases: Array.from({ length: 12 }, (_, i) => purchase(i)),
      alreadyAwarded: '0.00',
    });
    /** `spend`: invoices of the enterprise read (a point of the growth series); `only50`: measured at 50 connections only. */
    // The server's connections to its database, opened by the warm-up requests (a pool of up to 10).
    const watcher = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const backendPids = async () =>
      (await watcher<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => Number(r.pid));
    type Case = { name: string; path: string; init: Parameters<typeof load>[2]; spend?: number; only50?: boolean };
    const cases = ([
      { name: 'GET /healthz (bare route)', path: '/healthz', init: {} },
      { name: 'GET /v1/invoices/{id}', path: `/v1/invoices/${invoiceId}`, init: { headers: auth } },
      { name: 'POST /v1/evaluate (compute subsidy, 12 purchases)', path: '/v1/evaluate', init: { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: evaluateBody } },
      ...spenders.map((s) => ({
        name: `GET /v1/enterprises/{uscc}/compute-spend (${s.invoices.toLocaleString('en-US')} invoices, page of ${SPEND_PAGE} listed)`,
        path: `/v1/enterprises/${s.uscc}/compute-spend?year=2026&limit=${SPEND_PAGE}`,
        init: { headers: auth },
        spend: s.invoices,
      })),
      {
        name: `GET /v1/enterprises/{uscc}/compute-spend (${LARGEST.toLocaleString('en-US')} invoices, page of 1,000 listed)`,
        path: `/v1/enterprises/${uscc}/compute-spend?year=2026&limit=1000`,
        init: { headers: auth },
        only50: true,
      },
    ] satisfies Case[] as Case[]).filter((c) => !ONLY || c.path === '/healthz' || c.name.includes(ONLY));
    for (const c of cases) {
      const res = await fetch(`${base}${c.path}`, { method: c.init.method ?? 'GET', headers: c.init.headers, body: c.init.body });
      const body = await res.text();
      if (!res.ok) throw new Error(`${c.name}: ${res.status} ${body.slice(0, 300)}`);
      console.log(`${c.name}: ${res.status}, ${(body.length / 1024).toFixed(1)} KiB response`);
      if (c.spend !== undefined) {
        const spend = JSON.parse(body) as { invoices: unknown[]; excluded: unknown[]; page: { invoicesTotal: number; excludedTotal: number } };
        // Every seeded invoice is in the maintained position, counted or excluded, and the page holds what was asked.
        if (spend.page.invoicesTotal + spend.page.excludedTotal !== c.spend) throw new Error(`${c.name}: position holds ${spend.page.invoicesTotal + spend.page.excludedTotal} invoices`);
        if (spend.invoices.length !== Math.min(SPEND_PAGE, spend.page.invoicesTotal)) throw new Error(`${c.name}: page of ${spend.invoices.length}`);
      }
    }
    // The first read of each position stored it, filling the invoices' position columns; the seed analysed the
    // table before that. Autovacuum analyses a table once a tenth of it changed, so on a running service the
    // statistics describe the stored positions; here that is done now rather than whenever autovacuum wakes.
    const analyse = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await analyse`analyze invoices`;
    await analyse.end();

    const figures: Figure[] = [];
    for (const connections of CONNECTIONS) {
      let bare: Load | null = null;
      for (const c of cases) {
        // At 200 connections only the largest enterprise: the sizes' growth is fitted at 50.
        if (connections !== CONNECTIONS[0] && ((c.spend !== undefined && c.spend !== LARGEST) || c.only50)) continue;
        // A short warm-up per case: JIT, prepared statements, the database's cache.
        await settle(base);
        await load(`${base}${c.path}`, 10, c.init, 1).catch(() => null);
        await settle(base);
        // CPU spent per request by the server and by this database's backends: on a shared machine the rates
        // move with the neighbours' load, the CPU a request costs much less.
        const pids = await backendPids();
        const cpu0 = { server: cpuSeconds(server.pid!), db: pids.reduce((a, pid) => a + cpuSeconds(pid), 0) };
        const r = await load(`${base}${c.path}`, connections, c.init);
        const perRequest = (s: number) => Math.round((s * 1e6) / Math.max(1, r.requests));
        const cpu = { server: perRequest(cpuSeconds(server.pid!) - cpu0.server), db: perRequest(pids.reduce((a, pid) => a + cpuSeconds(pid), 0) - cpu0.db) };
        bare ??= r;
        console.log(
          `${String(connections).padStart(3)} conn  ${c.name.padEnd(70)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  CPU µs/request server ${cpu.server} database ${cpu.db}` +
            (r.errors || r.non2xx ? `  (${r.errors} errors, ${r.non2xx} non-2xx)` : ''),
        );
        const isBare = c.path === '/healthz';
        const spendSize = c.spend ?? null;
        // Issue targets: the two reads at 0.3× the bare route; compute-spend at 10,000 invoices within 50 ms p99.
        const readTarget = c.path.startsWith('/v1/invoices/') || c.path === '/v1/evaluate';
        const spendTarget = spendSize === 10_000 && connections === 50;
        figures.push({
          figure: `${c.name}, ${connections} connections`,
          value: r.rps,
          unit: 'req/s',
          ...(isBare ? {} : { baseline: { label: 'GET /healthz, same server', value: bare.rps, unit: 'req/s' }, ratio: r.rps / bare.rps }),
          ...(readTarget ? { target: '≥ 0.3×', met: r.rps / bare.rps >= 0.3 && r.errors + r.non2xx === 0 } : {}),
          ...(spendTarget ? { target: `p99 ≤ ${SPEND_P99_TARGET_MS} ms`, met: r.p99 <= SPEND_P99_TARGET_MS && r.errors + r.non2xx === 0 } : {}),
          ...(spendSize !== null && connections === CONNECTIONS[0]
            ? { growth: { series: `GET compute-spend, page of ${SPEND_PAGE}, server time per request`, size: spendSize, sizeUnit: 'invoices per enterprise', cost: 1000 / r.rps, costUnit: 'ms per request (1 / throughput)' } }
            : {}),
          note: `p50 ${r.p50} ms, p99 ${r.p99} ms; CPU per request ${cpu.server} µs server, ${cpu.db} µs database${isBare ? '' : ` (bare route: p50 ${bare.p50} ms, p99 ${bare.p99} ms)`}${r.errors || r.non2xx ? `; ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`,
        });
      }
    }
    await watcher.end();
    const rss = peakRssOf(server.pid!);
    console.log(`server peak RSS ${rss} MB`);
    figures.push({ figure: 'API server peak RSS over the load runs', value: rss, unit: 'MB' });
    report('api-load', figures);
  } finally {
    await stopChild(server);
    await clearQueuePrefix(env.QUEUE_PREFIX);
  }
});
