import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { statementSha256 } from '../../src/services/statements/body-hash.js';
import { FastLineCheck } from '../../src/services/statements/fast-line-check.js';
import { SERVICE_TYPES, StatementLineInput } from '../../src/services/statements/statement-input.js';
import { validateStatement } from '../../src/services/statements/validate-statement.js';

const USCC = completeUscc('9135010000000201');
const raw = (lines: unknown[]) => ({ periodStart: '2026-03-01', periodEnd: '2026-03-31', lines, source: 'json' as const, lineLabel: (i: number) => `lines[${i}]` });

// Lines near the edges of every rule: mostly valid values, with an invalid or odd one now and then.
const mostly = <T>(valid: fc.Arbitrary<T>, ...odd: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ arbitrary: valid as fc.Arbitrary<unknown>, weight: 12 }, ...odd.map((arbitrary) => ({ arbitrary, weight: 1 })));
const optional = (valid: fc.Arbitrary<unknown>, ...odd: fc.Arbitrary<unknown>[]) =>
  mostly(fc.oneof(valid, fc.constant(null), fc.constant(undefined)), ...odd);
const arbLine = fc.record({
  lineId: mostly(fc.string({ minLength: 1, maxLength: 3 }), fc.constant(''), fc.constant('x'.repeat(129)), fc.constant(7)),
  customerUscc: mostly(fc.constant(USCC), fc.constant(USCC.toLowerCase()), fc.constant(USCC.slice(0, 17) + '0'), fc.constant(123)),
  invoiceNumber: optional(fc.stringMatching(/^\d{8,20}$/), fc.stringMatching(/^\d{1,7}$/), fc.stringMatching(/^\d{21,22}$/), fc.constant(''), fc.constant(12345678)),
  invoiceCode: optional(fc.stringMatching(/^\d{10,12}$/), fc.stringMatching(/^\d{9}$/), fc.constant('abc')),
  issueDate: mostly(fc.constantFrom('2026-02-28', '2024-02-29', '2026-12-31'), fc.constant('2026-02-29'), fc.constant('2026-13-01'), fc.constant('2026-3-1'), fc.constant(null)),
  amount: mostly(fc.stringMatching(/^-?\d{1,13}\.\d{2}$/), fc.stringMatching(/^-?\d{1,3}\.\d{1,3}$/), fc.constant('12345678901234.00'), fc.constant('1'), fc.constant(1.5)),
  serviceType: mostly(fc.constantFrom(...SERVICE_TYPES), fc.constant('GPU')),
  description: optional(fc.string({ minLength: 1, maxLength: 3 }), fc.constant(''), fc.constant('d'.repeat(501))),
  quantity: optional(fc.stringMatching(/^-?\d{1,3}(\.\d{1,6})?$/), fc.constant('1e3'), fc.constant('1.1234567'), fc.double({ noNaN: true })),
  unit: optional(fc.string({ minLength: 1, maxLength: 3 }), fc.constant(''), fc.constant('u'.repeat(33))),
  extra: mostly(fc.constant(undefined), fc.constant(1)),
});

describe('the fast line check', () => {
  it('never accepts a line the schema refuses', () => {
    const fast = new FastLineCheck();
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(arbLine, (line) => {
        const clean = JSON.parse(JSON.stringify(line)) as unknown;
        if (fast.ok(clean)) {
          accepted++;
          expect(StatementLineInput.safeParse(clean).success).toBe(true);
        } else refused++;
      }),
      { numRuns: 3000 },
    );
    // Both branches were exercised, so the property says something.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('accepts an ordinary line', () => {
    const line = { lineId: 'a', customerUscc: USCC, invoiceNumber: '12345678', issueDate: '2026-03-01', amount: '1.00', serviceType: 'gpu_compute' };
    expect(new FastLineCheck().ok(line)).toBe(true);
  });
});

describe('validateStatement', () => {
  it('gives the same result whichever check accepted the line', () => {
    fc.assert(
      fc.property(arbLine, (line) => {
        const clean = JSON.parse(JSON.stringify(line)) as Record<string, unknown>;
        const viaSchema = StatementLineInput.safeParse(clean);
        let out: unknown = null;
        try {
          out = validateStatement(raw([clean])).lines[0];
        } catch {
          out = null;
        }
        if (!viaSchema.success) expect(out).toBeNull();
        else if (out !== null) expect((out as { lineId: string }).lineId).toBe(viaSchema.data.lineId);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('statementSha256', () => {
  const lines = (n: number) =>
    validateStatement(
      raw(
        Array.from({ length: n }, (_, i) => ({
          lineId: `id-${(n - i) * 7919 % 100_003}`,
          customerUscc: USCC,
          invoiceNumber: i % 3 ? '12345678' : null,
          issueDate: '2026-03-01',
          amount: i % 5 ? `${i}.01` : `-${i}.99`,
          serviceType: 'npu_compute',
          description: i % 2 ? `说明 "引号" \\ ${i}\n` : undefined,
          quantity: i % 4 ? String(i) : 3.25,
          unit: '卡时',
        })),
      ),
    );

  it('equals the SHA-256 of canonicalJson over the lines ordered by lineId', () => {
    for (const n of [0, 1, 3, 25_001]) {
      const s = lines(n);
      const sorted = [...s.lines].sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
      const expected = createHash('sha256').update(canonicalJson({ periodStart: s.periodStart, periodEnd: s.periodEnd, lines: sorted })).digest('hex');
      expect(statementSha256(s)).toBe(expected);
    }
  });

  it('changes with any field and with the period', () => {
    const s = lines(10);
    const base = statementSha256(s);
    const edited = { ...s, lines: s.lines.map((l, i) => (i === 4 ? { ...l, unit: 'GB' } : l)) };
    expect(statementSha256(edited)).not.toBe(base);
    expect(statementSha256({ ...s, periodEnd: '2026-03-30' })).not.toBe(base);
    expect(statementSha256({ ...s, lines: [...s.lines].reverse() })).toBe(base);
  });
});
