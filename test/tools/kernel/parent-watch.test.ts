import { describe, expect, it } from 'vitest';
import { parentFromEnv, watchParent } from '../../../tools/kernel/parent-watch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchParent', () => {
  it('watchParent({ onGone }) calls back once, when the parent pid changes', async () => {
    const source = { ppid: 4242 };
    let calls = 0;
    watchParent({ onGone: () => void calls++, intervalMs: 10, source, parentPid: 4242, isRunning: () => true });
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
    watchParent({ onGone: () => void calls++, intervalMs: 10, source, parentPid: 1 });
    source.ppid = 9;
    await sleep(50);
    expect(calls).toBe(0);
  });

  it('watchParent() returns a function that stops watching', async () => {
    const source = { ppid: 4242 };
    let calls = 0;
    const stop = watchParent({ onGone: () => void calls++, intervalMs: 10, source, parentPid: 4242 });
    stop();
    source.ppid = 1;
    await sleep(50);
    expect(calls).toBe(0);
  });

  it('watchParent({ parentPid }) of a process that is not the direct parent calls back once no process has that pid', async () => {
    const source = { ppid: 1 }; // the parent died before the watch started: init adopted us
    let running = true;
    let calls = 0;
    watchParent({ onGone: () => void calls++, intervalMs: 10, source, parentPid: 4242, isRunning: () => running });
    await sleep(50);
    expect(calls).toBe(0);
    running = false;
    await sleep(50);
    expect(calls).toBe(1);
  });

  it('parentFromEnv(env) reads JPY_PARENT_PID when it is a pid', () => {
    expect(parentFromEnv({ JPY_PARENT_PID: '123' })).toBe(123);
    expect(parentFromEnv({ JPY_PARENT_PID: 'x' })).toBeUndefined();
    expect(parentFromEnv({ JPY_PARENT_PID: '0' })).toBeUndefined();
    expect(parentFromEnv({})).toBeUndefined();
  });
});
