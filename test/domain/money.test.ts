import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorMulRate, formatYuan, isYuan, parseYuan } from '../../src/domain/money.js';

const MAX_API_FEN = 999_999_999_999_999; // 13 integer digits of yuan

describe('money', () => {
  it('parse ∘ format is the identity on fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_API_FEN, max: MAX_API_FEN }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
      }),
      { numRuns: 20_000 },
    );
  });

  it('format ∘ parse is the identity on canonical yuan strings', () => {
    const canonical = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 9_999_999_999_999n }), fc.integer({ min: 0, max: 99 }))
      .filter(([neg, whole, frac]) => !(neg && whole === 0n && frac === 0))
      .map(([neg, whole, frac]) => `${neg ? '-' : ''}${whole}.${String(frac).padStart(2, '0')}`);
    fc.assert(
      fc.property(canonical, (text) => {
        expect(isYuan(text)).toBe(true);
        expect(formatYuan(parseYuan(text))).toBe(text);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads "-0.00" as zero, not negative zero', () => {
    expect(Object.is(parseYuan('-0.00'), 0)).toBe(true);
    expect(formatYuan(parseYuan('-0.00'))).toBe('0.00');
  });

  it('rejects amounts that are not two-decimal yuan', () => {
    for (const bad of ['100000', '100000.0', '1e5', '100,000.00', ' 1.00', '+1.00', '1.000', '']) {
      expect(() => parseYuan(bad), bad).toThrow();
    }
  });

  it('floorMulRate floors exactly, as BigInt arithmetic does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_API_FEN }),
        fc.integer({ min: 0, max: 1000 }),
        (fen, permille) => {
          const rate = `0.${String(permille).padStart(3, '0')}`;
          const expected = (BigInt(fen) * BigInt(permille)) / 1000n;
          expect(floorMulRate(fen, permille === 1000 ? '1' : rate)).toBe(Number(permille === 1000 ? BigInt(fen) : expected));
        },
      ),
    );
  });
});
