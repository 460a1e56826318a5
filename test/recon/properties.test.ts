import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile, type ReconDecisions, type ReconResult } from '../../src/recon/index.js';
import { shuffle, worldArb } from './arbitraries.js';
import { expectedServiceType, membership } from './support.js';

const RUNS = 400;

/** Finance's records after a run: what it confirmed, matched and accepted, and what it had rejected. */
function decisionsAfter(r: ReconResult, before: ReconDecisions): ReconDecisions {
  const groups = (status: string) => r.matches.filter((m) => m.status === status).map((m) => ({ invoiceIds: m.invoiceIds, lineIds: m.lineIds }));
  return {
    confirmed: groups('confirmed'),
    manual: groups('manual'),
    accepted: r.matches
      .filter((m) => m.status === 'accepted')
      .map((m) => ({ invoiceId: m.invoiceIds[0]!, reason: m.reason!, ...(m.serviceType ? { serviceType: m.serviceType } : {}) })),
    rejected: before.rejected,
  };
}

describe('engine properties', () => {
  it('nothing is matched twice, and every record is in one group or has its unmatched break', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const r = reconcile(world);
        const { inv, line } = membership(r);
        for (const count of [...inv.values(), ...line.values()]) expect(count).toBe(1);
        for (const x of world.invoices) {
          const unmatched = r.breaks.filter((b) => b.code === 'INVOICE_UNMATCHED' && b.invoiceId === x.id).length;
          expect((inv.get(x.id) ?? 0) + unmatched).toBe(1);
        }
        for (const l of world.lines) {
          const unmatched = r.breaks.filter((b) => b.code === 'LINE_UNMATCHED' && b.lineId === l.id).length;
          expect((line.get(l.id) ?? 0) + unmatched).toBe(1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the column readers say what the object views say', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const r = reconcile(world);
        // Columns first: nothing has built the object views yet.
        const columns = {
          matches: Array.from({ length: r.matchCount }, (_, k) => ({ status: r.matchStatus(k), group: r.match(k) })),
          invoices: Array.from({ length: r.invoiceCount }, (_, i) => ({
            id: r.invoiceId(i),
            status: r.invoiceStatus(i),
            verified: r.isVerified(i),
            serviceType: r.serviceTypeOf(i),
            intelligentAmount: r.intelligentAmountOf(i),
          })),
        };
        expect(columns.matches.map((m) => m.group)).toEqual(r.matches);
        expect(columns.matches.map((m) => m.status)).toEqual(r.matches.map((m) => m.status));
        const lineById = new Map(world.lines.map((l) => [l.id, l]));
        const acceptedType = new Map(r.matches.filter((m) => m.status === 'accepted').flatMap((m) => m.invoiceIds.map((id) => [id, m.serviceType ?? null])));
        expect(columns.invoices).toEqual(
          r.invoices.map((o) => ({
            id: o.invoiceId,
            status: o.status,
            verified: o.verified,
            serviceType: o.lineIds.length > 0 ? expectedServiceType(o.lineIds.map((id) => lineById.get(id)!)) : (acceptedType.get(o.invoiceId) ?? null),
            intelligentAmount: o.verified ? o.eligibleAmount : null,
          })),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('verified spend never includes a proposed match, and only verified invoices carry eligible amounts', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const r = reconcile(world);
        const proposed = new Set(r.matches.filter((m) => m.status === 'proposed').flatMap((m) => m.invoiceIds));
        for (const o of r.invoices) {
          if (proposed.has(o.invoiceId)) expect(o.verified).toBe(false);
          if (o.verified) expect(['matched', 'confirmed', 'manual', 'accepted']).toContain(o.groupStatus);
          if (!o.verified) expect(o.eligibleAmount).toBe(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('engine-made matches balance within tolerance', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const r = reconcile(world);
        const total = new Map(world.invoices.map((x) => [x.id, x.totalWithTax]));
        const amount = new Map(world.lines.map((l) => [l.id, l.amount]));
        for (const m of r.matches.filter((g) => g.status === 'matched')) {
          const invoices = m.invoiceIds.reduce((s, id) => s + total.get(id)!, 0);
          const lines = m.lineIds.reduce((s, id) => s + amount.get(id)!, 0);
          expect(Math.abs(invoices - lines)).toBeLessThanOrEqual(world.params!.tolerance!);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a clean one-to-one pair is always matched exactly (an oracle written independently of the engine)', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const r = reconcile(world);
        const numbersOf = (text: string | null) => (text ?? '').split(/[^0-9A-Za-z]+/).filter((n) => n !== '');
        const decided = new Set([
          ...world.decisions.manual.flatMap((d) => [...d.invoiceIds, ...d.lineIds]),
          ...world.decisions.confirmed.flatMap((d) => [...d.invoiceIds, ...d.lineIds]),
          ...world.decisions.accepted.map((a) => a.invoiceId),
        ]);
        for (const l of world.lines) {
          const named = numbersOf(l.invoiceNumber);
          if (named.length !== 1 || decided.has(l.id)) continue;
          const number = named[0]!;
          const holders = world.invoices.filter((x) => x.invoiceNumber === number);
          const others = world.lines.filter((o) => o !== l && numbersOf(o.invoiceNumber).includes(number));
          const x = holders[0];
          if (holders.length !== 1 || others.length > 0 || !x || decided.has(x.id)) continue;
          if (world.invoices.some((y) => y.isRed && y.originalInvoiceNumber === number)) continue;
          const agrees = x.sellerTaxId === l.providerUscc && x.buyerTaxId === l.customerUscc && x.enterpriseUscc === l.customerUscc;
          if (!agrees || Math.abs(x.totalWithTax - l.amount) > world.params!.tolerance!) continue;
          expect(r.matches).toContainEqual(expect.objectContaining({ invoiceIds: [x.id], lineIds: [l.id], status: 'matched' }));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the order of the input does not change the result', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 1_000_000 }), (world, seed) => {
        const shuffled = {
          ...world,
          invoices: shuffle(world.invoices, seed),
          lines: shuffle(world.lines, seed + 1),
          providers: shuffle(world.providers, seed + 2),
          decisions: {
            confirmed: shuffle(world.decisions.confirmed, seed + 3),
            manual: shuffle(world.decisions.manual, seed + 4),
            accepted: shuffle(world.decisions.accepted, seed + 5),
            rejected: shuffle(world.decisions.rejected, seed + 6),
          },
        };
        expect(reconcile(shuffled).toJSON()).toEqual(reconcile(world).toJSON());
      }),
      { numRuns: RUNS },
    );
  });

  it('re-running on its own decisions changes nothing', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const first = reconcile(world);
        const again = reconcile({ ...world, decisions: decisionsAfter(first, world.decisions) });
        expect(again.lapsedDecisions).toEqual([]);
        expect({ ...again.toJSON(), lapsedDecisions: [] }).toEqual({ ...first.toJSON(), lapsedDecisions: [] });
      }),
      { numRuns: RUNS },
    );
  });
});
