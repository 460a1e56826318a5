import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECON_PARAMS, type ReconInvoice, type ReconLine, type ReconResult, type ServiceType } from '../../src/recon/index.js';
import { shuffle } from './arbitraries.js';
import { expectedServiceType, invoice, line, outcome, run } from './support.js';

/** Item names that say neither intelligent nor general compute, so no group here raises a type disagreement. */
const VAGUE = ['*现代服务*技术服务费'];

function indexOf(r: ReconResult, id: string): number {
  for (let i = 0; i < r.invoiceCount; i++) if (r.invoiceId(i) === id) return i;
  throw new Error(`no invoice ${id}`);
}

const amountOf = (r: ReconResult, x: ReconInvoice) => r.intelligentAmountOf(indexOf(r, x.id));
const typeOf = (r: ReconResult, x: ReconInvoice) => r.serviceTypeOf(indexOf(r, x.id));

/** Lines that each name every invoice of the group (one number, or a list of them). */
function naming(group: readonly ReconInvoice[], parts: readonly [number, ServiceType][], ids: readonly number[]): ReconLine[] {
  const numbers = group.map((x) => x.invoiceNumber).join(',');
  return parts.map(([amount, serviceType], k) => line(group[0]!, { id: ids[k]!, invoiceNumber: numbers, amount, serviceType }));
}

describe('the intelligent part of an invoice', () => {
  describe('one invoice, several lines', () => {
    const x = invoice({ totalWithTax: 212_000_00 });
    const gpu = (id: number) => line(x, { id, amount: 127_200_00, serviceType: 'gpu_compute' });
    const storage = (id: number) => line(x, { id, amount: 84_800_00, serviceType: 'storage' });
    const layouts: [string, ReconLine[]][] = [
      ['GPU line first', [gpu(501), storage(502)]],
      ['storage line first', [storage(501), gpu(502)]],
      ['GPU line first, ids swapped', [gpu(502), storage(501)]],
      ['storage line first, ids swapped', [storage(502), gpu(501)]],
    ];
    it.each(layouts)('counts 127,200.00 of 212,000.00 as GPU compute: %s', (_, lines) => {
      const r = run([x], lines);
      expect(r.matches[0]!.shape).toBe('one_invoice_many_lines');
      expect(amountOf(r, x)).toBe(127_200_00);
      expect(typeOf(r, x)).toBe('gpu_compute');
      expect(outcome(r, x.id)).toMatchObject({ verified: true, intelligent: false, eligibleAmount: 127_200_00 });
    });
  });

  it('nets a red credit line into the intelligent part', () => {
    const x = invoice({ totalWithTax: 100_00 });
    const r = run([x], [line(x, { amount: 80_00 }), line(x, { amount: 30_00, serviceType: 'storage' }), line(x, { amount: -10_00 })]);
    expect(r.matches[0]!.shape).toBe('red_offset');
    expect(amountOf(r, x)).toBe(70_00);
  });

  it('never counts more than the invoice total, nor less than nothing', () => {
    const over = invoice({ totalWithTax: 100_00 });
    const under = invoice({ totalWithTax: 100_00 });
    const r = run(
      [over, under],
      [
        line(over, { amount: 150_00 }),
        line(over, { amount: -50_00, serviceType: 'storage' }),
        line(under, { amount: 150_00, serviceType: 'storage' }),
        line(under, { amount: -50_00 }),
      ],
    );
    expect(amountOf(r, over)).toBe(100_00);
    expect(amountOf(r, under)).toBe(0);
  });

  it('a red invoice counts between its total and nothing', () => {
    const red = invoice({ isRed: true, totalWithTax: -100_00, originalInvoiceNumber: null });
    const r = run([red], [line(red, { amount: -150_00 }), line(red, { amount: 50_00, serviceType: 'storage' })]);
    expect(amountOf(r, red)).toBe(-100_00);
  });

  it('several invoices on one line count whole or not at all, as the line says', () => {
    const x = invoice({ totalWithTax: 70_00 });
    const y = invoice({ totalWithTax: 30_00 });
    const gpu = run([x, y], naming([x, y], [[100_00, 'gpu_compute']], [601]));
    expect(gpu.matches[0]!.shape).toBe('many_invoices_one_line');
    expect([amountOf(gpu, x), amountOf(gpu, y)]).toEqual([70_00, 30_00]);
    const storage = run([x, y], naming([x, y], [[100_00, 'storage']], [601]));
    expect([amountOf(storage, x), amountOf(storage, y)]).toEqual([0, 0]);
    expect(typeOf(storage, x)).toBe('storage');
  });

  it('shares a mixed group among its invoices by their totals, the odd fen to the lowest ids on a tie', () => {
    const three = [invoice({ totalWithTax: 100_00 }), invoice({ totalWithTax: 100_00 }), invoice({ totalWithTax: 100_00 })];
    for (const [gpuId, storageId] of [[701, 702], [702, 701]]) {
      const lines = naming(three, [[200_00, 'gpu_compute'], [100_00, 'storage']], [gpuId!, storageId!]);
      for (const order of [lines, [...lines].reverse()]) {
        const r = run(shuffle(three, gpuId!), order);
        expect(r.matches[0]!.shape).toBe('many_to_many');
        expect(three.map((x) => amountOf(r, x))).toEqual([66_67, 66_67, 66_66]);
        expect(three.map((x) => typeOf(r, x))).toEqual(['gpu_compute', 'gpu_compute', 'gpu_compute']);
      }
    }
  });

  it('gives the odd fen to the largest remainder, not to the first invoice', () => {
    const group = [invoice({ totalWithTax: 10_00 }), invoice({ totalWithTax: 20_00 }), invoice({ totalWithTax: 40_00 })];
    const r = run(group, naming(group, [[50_00, 'npu_compute'], [20_00, 'network']], [801, 802]));
    // Exact shares 7.142857…, 14.285714…, 28.571428…
    expect(group.map((x) => amountOf(r, x))).toEqual([7_14, 14_29, 28_57]);
  });

  it('shares to the exact fen where a product of amount and total passes 2^53', () => {
    const group = [invoice({ totalWithTax: 316_381_730_24 }), invoice({ totalWithTax: 582_476_835_22 }), invoice({ totalWithTax: 335_512_995_64 })];
    const r = run(group, naming(group, [[935_352_986_13, 'gpu_compute'], [299_018_574_97, 'storage']], [851, 852]));
    // Exact shares 23,974,029,008.999996…, 44,137,556,659.930…, 25,423,712,944.069… fen: in doubles the first
    // product rounds to a whole share, and its fen would go to the third invoice.
    expect(group.map((x) => amountOf(r, x))).toEqual([23_974_029_009, 44_137_556_660, 25_423_712_944]);
  });

  it('a red invoice netted with its original takes back intelligent compute in the group proportion', () => {
    const blue = invoice({ totalWithTax: 100_00 });
    const red = invoice({ isRed: true, totalWithTax: -30_00, originalInvoiceNumber: blue.invoiceNumber });
    const r = run([blue, red], [line(blue, { amount: 60_00 }), line(blue, { amount: 40_00, serviceType: 'storage' }), line(blue, { amount: -30_00 })]);
    expect(r.matches).toEqual([expect.objectContaining({ invoiceIds: [blue.id, red.id], shape: 'red_offset' })]);
    // The group's 30.00 of 70.00: 3/7 of each total, 42.857… and -12.857…, the odd fen to the blue.
    expect([amountOf(r, blue), amountOf(r, red)]).toEqual([42_86, -12_86]);
  });

  it('the service type is that of the largest eligible line, else of the largest line; ties to the lowest line id', () => {
    const x = invoice({ totalWithTax: 800_00, itemNames: VAGUE });
    const mixed = [line(x, { id: 901, amount: 100_00 }), line(x, { id: 902, amount: 200_00, serviceType: 'npu_compute' }), line(x, { id: 903, amount: 500_00, serviceType: 'storage' })];
    for (const order of [mixed, [...mixed].reverse(), shuffle(mixed, 3)]) expect(typeOf(run([x], order), x)).toBe('npu_compute');

    const y = invoice({ totalWithTax: 100_00, itemNames: VAGUE });
    expect(typeOf(run([y], [line(y, { id: 911, amount: 30_00, serviceType: 'storage' }), line(y, { id: 912, amount: 70_00, serviceType: 'network' })]), y)).toBe('network');
    expect(typeOf(run([y], [line(y, { id: 921, amount: 50_00, serviceType: 'npu_compute' }), line(y, { id: 922, amount: 50_00 })]), y)).toBe('npu_compute');
    expect(typeOf(run([y], [line(y, { id: 932, amount: 50_00, serviceType: 'npu_compute' }), line(y, { id: 931, amount: 50_00 })]), y)).toBe('gpu_compute');
  });

  it('line-less groups: accepted ones all or nothing by finance, a full reversal nothing, unverified ones null', () => {
    const gpu = invoice({ totalWithTax: 500_00 });
    const storage = invoice({ totalWithTax: 500_00 });
    const blue = invoice({ totalWithTax: 100_00 });
    const red = invoice({ isRed: true, totalWithTax: -100_00, originalInvoiceNumber: blue.invoiceNumber });
    const alone = invoice({ totalWithTax: 100_00 });
    const accepted = [
      { invoiceId: gpu.id, reason: 'contract', serviceType: 'gpu_compute' as const },
      { invoiceId: storage.id, reason: 'contract', serviceType: 'storage' as const },
    ];
    const r = run([gpu, storage, blue, red, alone], [], { decisions: { accepted } });
    expect([amountOf(r, gpu), typeOf(r, gpu)]).toEqual([500_00, 'gpu_compute']);
    expect([amountOf(r, storage), typeOf(r, storage)]).toEqual([0, 'storage']);
    expect([amountOf(r, blue), amountOf(r, red), typeOf(r, blue)]).toEqual([0, 0, null]);
    expect([amountOf(r, alone), typeOf(r, alone)]).toEqual([null, null]);
  });
});

// Property: groups that balance exactly, each line naming every invoice of its group, so the grouping
// cannot depend on the lines' ids or order; amounts from small to past 2^53 when multiplied.
const TYPES: ServiceType[] = ['gpu_compute', 'npu_compute', 'storage', 'network'];
const ELIGIBLE = new Set<string>(DEFAULT_RECON_PARAMS.eligibleServiceTypes);
const total = fc.oneof(fc.integer({ min: 1, max: 1_000_00 }), fc.integer({ min: -500_00, max: -1 }), fc.integer({ min: 1, max: 10_000_000_000_00 }));
const groupArb = fc.record({
  totals: fc.array(total, { minLength: 1, maxLength: 4 }),
  parts: fc.array(fc.tuple(fc.integer({ min: -2_000_00, max: 5_000_00 }), fc.constantFrom(...TYPES)), { minLength: 1, maxLength: 4 }),
  lastType: fc.constantFrom(...TYPES),
});

interface Built {
  groups: { invoices: ReconInvoice[]; lines: ReconLine[] }[];
  invoices: ReconInvoice[];
  lines: ReconLine[];
}

function build(drawn: readonly { totals: number[]; parts: [number, ServiceType][]; lastType: ServiceType }[]): Built {
  let nextId = 1;
  const groups = drawn.map((d) => {
    const invoices = d.totals.map((t) => invoice({ totalWithTax: t, isRed: t < 0, itemNames: VAGUE }));
    const sum = d.totals.reduce((a, b) => a + b, 0) - d.parts.reduce((a, [amount]) => a + amount, 0);
    const parts: [number, ServiceType][] = [...d.parts, [sum, d.lastType]];
    return { invoices, lines: naming(invoices, parts, parts.map(() => nextId++)) };
  });
  return { groups, invoices: groups.flatMap((g) => g.invoices), lines: groups.flatMap((g) => g.lines) };
}

/** Whether the lines' largest amounts tie between different types, where only the line ids decide. */
function typeTied(lines: readonly ReconLine[]): boolean {
  const pool = lines.some((l) => ELIGIBLE.has(l.serviceType)) ? lines.filter((l) => ELIGIBLE.has(l.serviceType)) : lines;
  const top = Math.max(...pool.map((l) => Math.abs(l.amount)));
  return new Set(pool.filter((l) => Math.abs(l.amount) === top).map((l) => l.serviceType)).size > 1;
}

describe('intelligent shares, whatever the lines look like', () => {
  it('do not depend on line order or ids, add up to the clamped eligible sum, and stay within each total', () => {
    fc.assert(
      fc.property(fc.array(groupArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 1_000_000 }), (drawn, seed) => {
        const world = build(drawn);
        const renumbered = shuffle(world.lines.map((l) => l.id), seed);
        const relined = shuffle(world.lines.map((l, k) => ({ ...l, id: renumbered[k]! + 10_000 })), seed + 1);
        const a = run(world.invoices, world.lines);
        const b = run(shuffle(world.invoices, seed + 2), relined);
        const newId = new Map(world.lines.map((l, k) => [l.id, renumbered[k]! + 10_000]));
        for (const g of world.groups) {
          const groupTotal = g.invoices.reduce((s, x) => s + x.totalWithTax, 0);
          const eligible = g.lines.filter((l) => ELIGIBLE.has(l.serviceType)).reduce((s, l) => s + l.amount, 0);
          const clamped = groupTotal >= 0 ? Math.min(Math.max(eligible, 0), groupTotal) : Math.max(Math.min(eligible, 0), groupTotal);
          let sum = 0;
          for (const x of g.invoices) {
            const share = amountOf(a, x);
            expect(outcome(a, x.id).verified).toBe(true);
            expect(amountOf(b, x)).toBe(share);
            expect(share).toBe(outcome(a, x.id).eligibleAmount);
            if (x.totalWithTax >= 0) expect(0 <= share! && share! <= x.totalWithTax).toBe(true);
            else expect(x.totalWithTax <= share! && share! <= 0).toBe(true);
            // Within a fen of its exact proportional share when the group is mixed.
            if (clamped !== groupTotal && groupTotal !== 0) expect(Math.abs(share! - (clamped * x.totalWithTax) / groupTotal)).toBeLessThan(1.001);
            sum += share!;
            expect(typeOf(a, x)).toBe(expectedServiceType(g.lines));
            expect(typeOf(b, x)).toBe(expectedServiceType(g.lines.map((l) => ({ ...l, id: newId.get(l.id)! }))));
            if (!typeTied(g.lines)) expect(typeOf(b, x)).toBe(typeOf(a, x));
          }
          expect(sum).toBe(clamped);
        }
      }),
      { numRuns: 300 },
    );
  });
});
