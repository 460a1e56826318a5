import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/lru-map.js';

describe('LruMap', () => {
  it('keeps at most its size, dropping the least recently read or written, and tells of each drop', () => {
    const dropped: [string, number][] = [];
    const map = new LruMap<string, number>(2, (k, v) => dropped.push([k, v]));
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // b is now the oldest
    map.set('c', 3);
    expect(dropped).toEqual([['b', 2]]);
    expect(map.get('b')).toBeUndefined();
    map.set('a', 10); // rewriting refreshes a; c is the oldest
    map.set('d', 4);
    expect(dropped).toEqual([['b', 2], ['c', 3]]);
    expect([map.get('a'), map.get('d'), map.size]).toEqual([10, 4, 2]);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(map.size).toBe(1);
    expect(dropped).toHaveLength(2); // a delete is not a drop
  });
});
