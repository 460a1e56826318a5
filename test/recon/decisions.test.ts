import { describe, expect, it } from 'vitest';
import type { ReconDecisions, ReconResult } from '../../src/recon/index.js';
import { breaksFor, invoice, line, outcome, run, verifiedSpend } from './support.js';

/** The decisions a result stands for, as finance's records would hold them after it. */
function decisionsOf(r: ReconResult, rejected: ReconDecisions['rejected'] = []): ReconDecisions {
  const groups = (status: string) => r.matches.filter((m) => m.status === status).map((m) => ({ invoiceIds: m.invoiceIds, lineIds: m.lineIds }));
  return {
    confirmed: groups('confirmed'),
    manual: groups('manual'),
    accepted: r.matches.filter((m) => m.status === 'accepted').map((m) => ({ invoiceId: m.invoiceIds[0]!, reason: m.reason!, ...(m.serviceType ? { serviceType: m.serviceType } : {}) })),
    rejected,
  };
}

describe('finance decisions', () => {
  it('a manual match stands even where the amounts differ, and counts', () => {
    const x = invoice({ totalWithTax: 100_00 });
    const l = line(x, { invoiceNumber: null, amount: 95_00 });
    const r = run([x], [l], { decisions: { manual: [{ invoiceIds: [x.id], lineIds: [l.id] }] } });
    expect(r.matches).toEqual([{ invoiceIds: [x.id], lineIds: [l.id], shape: 'manual', status: 'manual' }]);
    expect(breaksFor(r, 'AMOUNT_MISMATCH')).toEqual([]);
    expect(outcome(r, x.id)).toMatchObject({ status: 'matched', verified: true, intelligent: true });
  });

  it('a manual match wins over the exact key of the line it takes', () => {
    const x = invoice();
    const y = invoice();
    const ly = line(y);
    const r = run([x, y], [ly], { decisions: { manual: [{ invoiceIds: [x.id], lineIds: [ly.id] }] } });
    expect(r.matches).toEqual([expect.objectContaining({ invoiceIds: [x.id], lineIds: [ly.id], status: 'manual' })]);
    expect(outcome(r, y.id).status).toBe('unmatched');
  });

  it('an accepted invoice counts without a line, with the service type finance gave', () => {
    const x = invoice({ itemNames: ['*现代服务*技术服务费'] });
    const gpu = run([x], [], { decisions: { accepted: [{ invoiceId: x.id, reason: 'provider closed', serviceType: 'gpu_compute' }] } });
    expect(gpu.matches).toEqual([{ invoiceIds: [x.id], lineIds: [], shape: 'accepted', status: 'accepted', reason: 'provider closed', serviceType: 'gpu_compute' }]);
    expect(outcome(gpu, x.id)).toMatchObject({ status: 'matched', verified: true, intelligent: true, eligibleAmount: x.totalWithTax });
    const storage = run([x], [], { decisions: { accepted: [{ invoiceId: x.id, reason: 'provider closed', serviceType: 'storage' }] } });
    expect(outcome(storage, x.id)).toMatchObject({ verified: true, intelligent: false, eligibleAmount: 0 });
  });

  it('without a type from finance, only item names that clearly say intelligent compute count as such', () => {
    const gpu = invoice({ itemNames: ['*信息技术服务*GPU云服务器租赁'] });
    const vague = invoice({ itemNames: ['*现代服务*技术服务费'] });
    const accepted = [gpu, vague].map((x) => ({ invoiceId: x.id, reason: 'paper statement' }));
    const r = run([gpu, vague], [], { decisions: { accepted } });
    expect(outcome(r, gpu.id).intelligent).toBe(true);
    expect(outcome(r, vague.id).intelligent).toBe(false);
  });

  it('a decision naming a line no longer present lapses and its invoice is matched afresh', () => {
    const x = invoice();
    const l = line(x);
    const gone = l.id + 100_000;
    const r = run([x], [l], { decisions: { manual: [{ invoiceIds: [x.id], lineIds: [gone] }] } });
    expect(r.lapsedDecisions).toEqual([{ kind: 'manual', invoiceIds: [x.id], lineIds: [gone], missingInvoiceIds: [], missingLineIds: [gone] }]);
    expect(r.matches).toEqual([expect.objectContaining({ status: 'matched', shape: 'one_to_one' })]);
  });

  it('of two decisions over one invoice the manual one holds and the other lapses', () => {
    const x = invoice();
    const l = line(x, { invoiceNumber: null });
    const decisions = { manual: [{ invoiceIds: [x.id], lineIds: [l.id] }], accepted: [{ invoiceId: x.id, reason: 'twice' }] };
    const r = run([x], [l], { decisions });
    expect(r.matches.map((m) => m.status)).toEqual(['manual']);
    expect(r.lapsedDecisions).toEqual([{ kind: 'accepted', invoiceIds: [x.id], lineIds: [], missingInvoiceIds: [], missingLineIds: [] }]);
  });

  it('re-running on its own decisions changes nothing', () => {
    const a = invoice();
    const b = invoice();
    const c = invoice({ totalWithTax: 5_00 });
    const lines = [line(a), line(b, { invoiceNumber: null }), line(c, { invoiceNumber: null, amount: 4_00 })];
    const first = run([a, b, c], lines);
    // Finance confirms every proposal, matches the rest by hand, and the engine runs again — twice.
    const confirmed = first.matches.filter((m) => m.status === 'proposed').map((m) => ({ invoiceIds: m.invoiceIds, lineIds: m.lineIds }));
    const manual = [{ invoiceIds: [c.id], lineIds: [lines[2]!.id] }];
    const second = run([a, b, c], lines, { decisions: { confirmed, manual } });
    const third = run([a, b, c], lines, { decisions: decisionsOf(second) });
    expect(third.toJSON()).toEqual(second.toJSON());
    expect(verifiedSpend(second, [a, b, c])).toBe(a.totalWithTax + b.totalWithTax + c.totalWithTax);
  });

  it('re-running with rejections keeps them rejected', () => {
    const x = invoice();
    const l = line(x, { invoiceNumber: null });
    const rejected = [{ lineId: l.id, invoiceId: x.id }];
    const first = run([x], [l], { decisions: { rejected } });
    const again = run([x], [l], { decisions: decisionsOf(first, rejected) });
    expect(first.matches).toEqual([]);
    expect(again.toJSON()).toEqual(first.toJSON());
  });
});
