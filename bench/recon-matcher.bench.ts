/**
 * The pure matcher on generated data: N statement lines against about as many invoices (default 1,000,000).
 *
 *   npx tsx bench/recon-matcher.bench.ts [lines] [rounds] [--no-shuffle]
 *
 * Data come from a seeded PRNG: mostly exact 1:1 matches, with a realistic share of the other shapes
 * (one invoice to many lines, many invoices to one line, red offsets, legacy code+number keys, proposals)
 * and of every break. Only `reconcile` is timed. Input is passed in id order, as the service loads it
 * (ORDER BY id); one extra round on shuffled input shows the cost of the engine's own sorting.
 */
import { availableParallelism, loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { reconcile, type ReconInvoice, type ReconLine, type ServiceType } from '../src/recon/index.js';
import { report } from './lib.js';

const TARGET_LINES_PER_SECOND = 500_000;
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const size = Number(args[0] ?? 1_000_000);
const rounds = Number(args[1] ?? 3);
const shuffleRound = !process.argv.includes('--no-shuffle');

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = prng(20260204);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const uscc = (prefix: string, n: number): string => `${prefix}350100${String(n).padStart(10, '0')}`;
const enterprises = Array.from({ length: 20_000 }, (_, k) => uscc('91', k));
const providers = Array.from({ length: 60 }, (_, k) => uscc('92', k));
const strangers = Array.from({ length: 50 }, (_, k) => uscc('93', k));
const GPU_ITEMS = ['*信息技术服务*GPU云服务器租赁', '*信息技术服务*智算服务', '*现代服务*昇腾NPU算力租赁'];
const OTHER_ITEMS = ['*现代服务*存储服务', '*信息技术服务*带宽费'];

const invoices: ReconInvoice[] = [];
const lines: ReconLine[] = [];
let invSeq = 0;
let numSeq = 0;
let lineSeq = 0;

function date(dayOfMonth: number): string {
  return `2026-03-${String(Math.min(Math.max(dayOfMonth, 1), 31)).padStart(2, '0')}`;
}

function invoice(enterprise: string, seller: string, amount: number, over: Partial<ReconInvoice> = {}): ReconInvoice {
  const gpu = over.itemNames === undefined;
  const x: ReconInvoice = {
    id: `inv_${String(invSeq++).padStart(9, '0')}`,
    enterpriseUscc: enterprise,
    buyerTaxId: enterprise,
    sellerTaxId: seller,
    invoiceNumber: `2635${String(numSeq++).padStart(16, '0')}`,
    invoiceCode: null,
    issueDate: date(1 + Math.floor(rnd() * 28)),
    totalWithTax: amount,
    isRed: false,
    originalInvoiceNumber: null,
    originalInvoiceCode: null,
    itemNames: gpu ? [pick(GPU_ITEMS)] : over.itemNames!,
    ...over,
  };
  invoices.push(x);
  return x;
}

function line(provider: string, customer: string, number: string | null, amount: number, over: Partial<ReconLine> = {}): ReconLine {
  const l: ReconLine = {
    id: ++lineSeq,
    providerUscc: provider,
    statementId: `st_${provider.slice(-4)}_2026_03`,
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    lineId: `L${lineSeq}`,
    customerUscc: customer,
    invoiceNumber: number,
    invoiceCode: null,
    issueDate: date(1 + Math.floor(rnd() * 28)),
    amount,
    serviceType: 'gpu_compute',
    ...over,
  };
  lines.push(l);
  return l;
}

const amount = (): number => 100_00 + Math.floor(rnd() * 5_000_000_00);
const serviceType = (): ServiceType => (rnd() < 0.85 ? pick(['gpu_compute', 'npu_compute', 'ai_accelerator_compute'] as const) : pick(['general_compute', 'storage', 'network'] as const));

/** One scenario per call, chosen by weight; each adds a few invoices and lines. */
function scenario(): void {
  const e = pick(enterprises);
  const p = pick(providers);
  const a = amount();
  const r = rnd();
  if (r < 0.86) {
    const st = serviceType();
    const x = invoice(e, p, a, st.endsWith('_compute') && st !== 'general_compute' ? {} : { itemNames: [pick(OTHER_ITEMS)] });
    line(p, e, x.invoiceNumber, a, { issueDate: x.issueDate, serviceType: st });
  } else if (r < 0.88) {
    const x = invoice(e, p, a);
    const first = Math.floor(a / 3);
    line(p, e, x.invoiceNumber, first);
    line(p, e, x.invoiceNumber, a - first);
  } else if (r < 0.9) {
    const x = invoice(e, p, a);
    const y = invoice(e, p, a + 1000);
    line(p, e, `${x.invoiceNumber},${y.invoiceNumber}`, 2 * a + 1000);
  } else if (r < 0.91) {
    const x = invoice(e, p, a);
    const red = invoice(e, p, -Math.floor(a / 4), { isRed: true, originalInvoiceNumber: x.invoiceNumber });
    line(p, e, x.invoiceNumber, a);
    line(p, e, red.invoiceNumber, red.totalWithTax);
  } else if (r < 0.92) {
    const x = invoice(e, p, a);
    const red = invoice(e, p, -Math.floor(a / 5), { isRed: true, originalInvoiceNumber: x.invoiceNumber });
    line(p, e, x.invoiceNumber, a + red.totalWithTax);
  } else if (r < 0.93) {
    const code = `0350${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}`;
    const x = invoice(e, p, a, { invoiceCode: code, invoiceNumber: String(numSeq++ % 1e8).padStart(8, '0') });
    line(p, e, x.invoiceNumber, a, { invoiceCode: code });
  } else if (r < 0.95) {
    const x = invoice(e, p, a);
    line(p, e, null, a, { issueDate: x.issueDate });
  } else if (r < 0.96) {
    const x = invoice(e, p, a);
    line(p, e, x.invoiceNumber, a + 1 + Math.floor(rnd() * 1000));
  } else if (r < 0.965) {
    const x = invoice(e, p, a);
    line(p, pick(enterprises), x.invoiceNumber, a);
  } else if (r < 0.97) {
    const x = invoice(e, pick(strangers), a);
    line(p, e, x.invoiceNumber, a);
  } else if (r < 0.975) {
    const x = invoice(e, p, a);
    invoice(pick(enterprises), p, a, { invoiceNumber: x.invoiceNumber });
    line(p, e, x.invoiceNumber, a);
  } else if (r < 0.985) {
    invoice(e, p, a);
  } else if (r < 0.995) {
    line(p, e, `2635${String(9e15 + numSeq++).padStart(16, '0')}`, a);
  } else {
    const x = invoice(e, p, a, { issueDate: '2026-04-03' });
    line(p, e, x.invoiceNumber, a, { issueDate: '2026-04-03' });
  }
}

function shuffled<T>(list: readonly T[]): T[] {
  const out = list.slice();
  const r = prng(7);
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

/**
 * Records as a database driver hands them over: every string its own flat copy decoded from bytes. Built
 * strings would be concatenations (ropes) shared between records, which compare and hash differently.
 */
const flat = <T extends string | null>(text: T): T => (text === null ? text : (Buffer.from(text).toString() as T));
const loadedInvoice = (x: ReconInvoice): ReconInvoice => ({
  id: flat(x.id),
  enterpriseUscc: flat(x.enterpriseUscc),
  buyerTaxId: flat(x.buyerTaxId),
  sellerTaxId: flat(x.sellerTaxId),
  invoiceNumber: flat(x.invoiceNumber),
  invoiceCode: flat(x.invoiceCode),
  issueDate: flat(x.issueDate),
  totalWithTax: x.totalWithTax,
  isRed: x.isRed,
  originalInvoiceNumber: flat(x.originalInvoiceNumber),
  originalInvoiceCode: flat(x.originalInvoiceCode),
  itemNames: x.itemNames.map(flat),
});
const loadedLine = (l: ReconLine): ReconLine => ({
  id: l.id,
  providerUscc: flat(l.providerUscc),
  statementId: flat(l.statementId),
  periodStart: flat(l.periodStart),
  periodEnd: flat(l.periodEnd),
  lineId: flat(l.lineId),
  customerUscc: flat(l.customerUscc),
  invoiceNumber: flat(l.invoiceNumber),
  invoiceCode: flat(l.invoiceCode),
  issueDate: flat(l.issueDate),
  amount: l.amount,
  serviceType: flat(l.serviceType),
});

// Timings and sizes only (money never passes through here): whole numbers, or one decimal.
const whole = (x: number): string => String(Math.round(x));
const oneDecimal = (x: number): string => String(Math.round(x * 10) / 10);
const mib = (bytes: number): string => `${whole(bytes / 1024 / 1024)} MiB`;

// Each round starts from a collected heap, so no round pays for the garbage of the one before it.
setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as () => void;

const genStart = performance.now();
while (lines.length < size) scenario();
for (let k = 0; k < invoices.length; k++) invoices[k] = loadedInvoice(invoices[k]!);
for (let k = 0; k < lines.length; k++) lines[k] = loadedLine(lines[k]!);
console.log(`generated ${lines.length} lines, ${invoices.length} invoices in ${oneDecimal((performance.now() - genStart) / 1000)} s`);

let peakHeap = process.memoryUsage().heapUsed;
// Collector pauses, summed per round: how much of a round is the engine and how much the heap it lives in.
const gcPauses: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
const gcWithin = async (from: number, to: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return gcPauses.filter((g) => g.start >= from && g.start <= to).reduce((sum, g) => sum + g.ms, 0);
};

let best = Infinity;
let bestCpu = Infinity;
// Warm-up on a slice, as a long-running worker would be: the timed rounds measure optimised code.
const warm = Math.min(lines.length, 50_000);
let last = reconcile({ invoices: invoices.slice(0, warm), lines: lines.slice(0, warm), providers });
for (let k = 0; k < 2; k++) last = reconcile({ invoices: invoices.slice(0, warm), lines: lines.slice(0, warm), providers });
for (let k = 0; k < rounds; k++) {
  last = undefined as unknown as typeof last;
  collect();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  last = reconcile({ invoices, lines, providers });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  best = Math.min(best, ms);
  bestCpu = Math.min(bestCpu, cpuMs);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const gcMs = await gcWithin(t, t + ms);
  console.log(
    `round ${k + 1}: ${whole(ms)} ms wall (${whole(cpuMs)} ms CPU incl. GC threads; GC pauses ${whole(gcMs)} ms), ` +
      `${Math.round(lines.length / (ms / 1000)).toLocaleString('en-US')} lines/s, heap ${mib(process.memoryUsage().heapUsed)}`,
  );
}

// The object views a caller may ask for, built from the last round's columns: not part of the matcher.
const viewStart = performance.now();
const viewCount = last.matches.length + last.invoices.length;
const viewMs = performance.now() - viewStart;
console.log(`object views of the last round (${viewCount.toLocaleString('en-US')} matches and invoice outcomes): ${whole(viewMs)} ms`);

const counts = new Map<string, number>();
for (const m of last.matches) counts.set(`${m.shape}/${m.status}`, (counts.get(`${m.shape}/${m.status}`) ?? 0) + 1);
const breaks = new Map<string, number>();
for (const b of last.breaks) breaks.set(b.code, (breaks.get(b.code) ?? 0) + 1);
console.log('groups:', Object.fromEntries([...counts].sort()));
console.log('breaks:', Object.fromEntries([...breaks].sort()));

/**
 * A fixed reference workload timed in the same process: a figure to set the result against when the
 * machine is shared and its speed varies from one run to the next.
 */
function reference(): number {
  const text = '26350000000000000001'.repeat(50);
  const t = performance.now();
  let h = 0;
  for (let r = 0; r < 10_000; r++) for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
  const ms = performance.now() - t;
  if (h === 42) console.log('');
  return ms;
}

const rate = Math.round(lines.length / (best / 1000));
console.log(`\nrecon matcher: ${lines.length.toLocaleString('en-US')} lines × ${invoices.length.toLocaleString('en-US')} invoices`);
console.log(`  best of ${rounds}: ${whole(best)} ms = ${rate.toLocaleString('en-US')} lines/s (target ≥ ${TARGET_LINES_PER_SECOND.toLocaleString('en-US')}/s) ${rate >= TARGET_LINES_PER_SECOND ? 'MET' : 'NOT MET'}`);
console.log(`  best CPU time ${whole(bestCpu)} ms; load average ${loadavg().map(oneDecimal).join(' ')} on ${availableParallelism()} cores (others' work slows wall time)`);
console.log(`  reference: FNV-1a over 10,000,000 characters took ${whole(reference())} ms in this process just now`);
if (shuffleRound) {
  const shuffledInvoices = shuffled(invoices);
  const shuffledLines = shuffled(lines);
  last = undefined as unknown as typeof last;
  collect();
  const t = performance.now();
  reconcile({ invoices: shuffledInvoices, lines: shuffledLines, providers });
  const shuffledMs = performance.now() - t;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  console.log(`  shuffled input (engine sorts): ${whole(shuffledMs)} ms = ${Math.round(lines.length / (shuffledMs / 1000)).toLocaleString('en-US')} lines/s`);
}
// maxRSS is the true high-water mark of the process (input data included), not a sample.
console.log(`  peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}, peak sampled heap ${mib(peakHeap)} (heap limit ${mib(getHeapStatistics().heap_size_limit)})`);
report('bench/recon-matcher.bench.ts', [
  {
    figure: `pure matcher, ${lines.length.toLocaleString('en-US')} lines × ${invoices.length.toLocaleString('en-US')} invoices`,
    value: rate,
    unit: 'lines/s',
    target: `≥ ${TARGET_LINES_PER_SECOND.toLocaleString('en-US')} lines/s`,
    met: rate >= TARGET_LINES_PER_SECOND,
    note: `best of ${rounds} rounds, ${whole(best)} ms wall, ${whole(bestCpu)} ms CPU, one thread; hashing is not the limit (FNV-1a over 10 M characters takes ${whole(reference())} ms here). Input already in id order is checked on the passes that read it and never sorted or copied; grouping beyond one-to-one and proposals touch only what the exact-key pass left open. The result is columns over the engine's indices (per-invoice status, verified and eligible amount; groups as member lists), which the service's store reads directly; building the object views \`matches\` and \`invoices\` from them on first read took ${whole(viewMs)} ms more and is not part of the figure`,
  },
]);
