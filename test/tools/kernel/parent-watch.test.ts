import { describe, expect, it } from 'vitest';
import { watchParent } from '../../../tools/kernel/parent-watch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchParent', () => {
  it('watchParent({ onGone }) calls back once, when the parent pid changes', async () => {
    const source = { ppid: 4242 };
    let calls = 0;
    watchParent({ onGone: () => void calls++, intervalMs: 10, source });
    await sleep(50);
    expect(calls).toBe(0);
    source.ppid = 1; // the parent died: init adopted us
    await sleep(50);
    source.ppid = 7;
    await sleep(50);
    expect(calls).toBe(1);
  });

  it('watchParent() does not watch a process whose parent is already init', async () => {
    const source = { ppid: 1 };
    let calls = 0;
    watchParent({ onGone: () => void calls++, intervalMs: 10, source });
    source.ppid = 9;
    await sleep(50);
    expect(calls).toBe(0);
  });

  it('watchParent() returns a function that stops watching', async () => {
    const source = { ppid: 4242 };
    let calls = 0;
    const stop = watchParent({ onGone: () => void calls++, intervalMs: 10, source });
    stop();
    source.ppid = 1;
    await sleep(50);
    expect(calls).toBe(0);
  });
});
