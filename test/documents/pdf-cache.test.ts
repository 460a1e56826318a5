import { describe, expect, it } from 'vitest';
import { PdfCache } from '../../src/documents/pdf-cache.js';

describe('the PDF cache', () => {
  it('sets the same content once, new content again, drops the least recently used, and forgets failures', async () => {
    const cache = new PdfCache(2);
    let made = 0;
    const make = (tag: string) => async () => {
      made++;
      return Buffer.from(tag);
    };
    expect((await cache.get({ a: 1 }, make('a'))).toString()).toBe('a');
    expect((await cache.get({ a: 1 }, make('x'))).toString()).toBe('a');
    expect(made).toBe(1);
    await cache.get({ b: 2 }, make('b'));
    await cache.get({ a: 1 }, make('x'));
    // Three keys in a cache of two: b, used least recently, is dropped; a is kept.
    await cache.get({ c: 3 }, make('c'));
    expect(made).toBe(3);
    expect((await cache.get({ a: 1 }, make('x'))).toString()).toBe('a');
    expect((await cache.get({ b: 2 }, make('b2'))).toString()).toBe('b2');
    expect(made).toBe(4);
    await expect(cache.get({ d: 4 }, () => Promise.reject(new Error('font missing')))).rejects.toThrow('font missing');
    await new Promise((r) => setImmediate(r));
    expect((await cache.get({ d: 4 }, make('d'))).toString()).toBe('d');
  });
});
