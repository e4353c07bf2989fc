import { describe, expect, it } from 'vitest';
import { DeadlineWatchdog } from '../../../src/core/deadline-watchdog';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeadlineWatchdog', () => {
  it('fires an operation that outlives its deadline, and only that one', async () => {
    const dog = new DeadlineWatchdog();
    const fired: string[] = [];
    const releaseFast = dog.watch(20, () => fired.push('fast'));
    dog.watch(40, () => fired.push('slow'));
    releaseFast();
    await sleep(70);
    expect(fired).toEqual(['slow']);
  });

  it('honours a shorter deadline that arrives after a longer one', async () => {
    const dog = new DeadlineWatchdog();
    const fired: string[] = [];
    dog.watch(10_000, () => fired.push('long'));
    dog.watch(20, () => fired.push('short'));
    await sleep(60);
    expect(fired).toEqual(['short']);
  });

  it('keeps watching later deadlines after the first one fires', async () => {
    const dog = new DeadlineWatchdog();
    const fired: number[] = [];
    for (const ms of [15, 30, 45]) dog.watch(ms, () => fired.push(ms));
    await sleep(90);
    expect(fired).toEqual([15, 30, 45]);
  });

  it('sequential short operations never fire', async () => {
    const dog = new DeadlineWatchdog();
    let fired = 0;
    for (let i = 0; i < 5; i++) {
      const release = dog.watch(25, () => fired++);
      await sleep(10);
      release();
    }
    await sleep(40);
    expect(fired).toBe(0);
  });
});
