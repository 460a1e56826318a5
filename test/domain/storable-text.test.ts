import { describe, expect, it } from 'vitest';
import { hasUnstorableText, storable, storableText } from '../../src/domain/storable-text.js';

describe('storable text', () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and keeps everything else, pairs included', () => {
    expect(storableText('安元\u0000科技')).toBe('安元\uFFFD科技');
    expect(storableText('a\uD800b\uDC00')).toBe('a\uFFFDb\uFFFD');
    expect(storableText('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
    expect(storableText('算力😀\t\n\u0001')).toBe('算力😀\t\n\u0001');
    for (const text of ['安元\u0000', 'a\uD800', '\uDC00b']) expect(hasUnstorableText(text), JSON.stringify(text)).toBe(true);
    for (const text of ['算力😀', '', '\u0001']) expect(hasUnstorableText(text), JSON.stringify(text)).toBe(false);
  });

  it('mends every string of a value, keys too, copying only what changed and leaving bytes alone', () => {
    const bytes = new Uint8Array([0, 1, 2]);
    const clean = { items: [{ name: '服务费' }], n: 1 };
    const value = { seller: { name: 'x\u0000' }, clean, items: ['ok', '\uD83D'], bytes, ['k\u0000']: null };
    const out = storable(value);
    expect(out).toEqual({ seller: { name: 'x\uFFFD' }, clean, items: ['ok', '\uFFFD'], bytes, ['k\uFFFD']: null });
    expect(out.clean).toBe(clean);
    expect(out.bytes).toBe(bytes);
    expect(value.seller.name).toBe('x\u0000');
    expect(storable(clean)).toBe(clean);
  });
});
