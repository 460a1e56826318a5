import { afterEach, describe, expect, it } from 'vitest';
import { PollLoop } from '../../src/jobs/runner.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the relay loop', () => {
  let loop: PollLoop | null = null;
  afterEach(async () => {
    await loop?.stop();
    loop = null;
  });

  /** A loop whose ticks are counted, started and past its first (immediate) round. */
  async function counting(gatherMs: number): Promise<{ ticks: () => number; loop: PollLoop }> {
    let n = 0;
    loop = new PollLoop(async () => void n++, 60_000, (err) => { throw err; }, gatherMs);
    loop.start();
    await sleep(20);
    expect(n).toBe(1);
    return { ticks: () => n, loop };
  }

  it('runs at once when poked, without a gathering delay', async () => {
    const { ticks, loop } = await counting(0);
    loop.poke();
    await sleep(25);
    expect(ticks()).toBe(2);
  });

  it('gathers pokes close together into one round', async () => {
    const { ticks, loop } = await counting(250);
    for (let i = 0; i < 5; i++) {
      loop.poke();
      await sleep(5);
    }
    expect(ticks()).toBe(1);
    await sleep(400);
    expect(ticks()).toBe(2);
  });

  it('is not put off by pokes that keep coming', async () => {
    const { ticks, loop } = await counting(100);
    const started = Date.now();
    while (ticks() < 2 && Date.now() - started < 2000) {
      loop.poke();
      await sleep(5);
    }
    expect(ticks()).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('runs once more after a round during which it was poked', async () => {
    let n = 0;
    let release: () => void = () => {};
    loop = new PollLoop(
      async () => {
        n++;
        if (n === 2) await new Promise<void>((r) => (release = r));
      },
      60_000,
      (err) => { throw err; },
      10,
    );
    loop.start();
    await sleep(20);
    loop.poke();
    await sleep(30);
    expect(n).toBe(2);
    loop.poke();
    release();
    await sleep(40);
    expect(n).toBe(3);
  });
});
