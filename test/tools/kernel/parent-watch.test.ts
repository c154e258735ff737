import { describe, expect, it } from 'vitest';
import { parentFromEnv, startingParent, watchParent } from '../../../tools/kernel/parent-watch.js';

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
    expect(parentFromEnv({ JPY_PARENT_PID: '123' }, 'win32'), 'a handle on Windows').toBeUndefined();
  });

  it('startingParent(ppid, JPY_PARENT_PID) trusts the variable only where the kernel is already init\'s, as ipykernel does', () => {
    expect(startingParent(500, 500)).toBe(500); // Jupyter or the runner, the direct parent
    expect(startingParent(500, 777)).toBe(500); // inherited from an unrelated process (VS Code passes its environment on)
    expect(startingParent(500, undefined)).toBe(500);
    expect(startingParent(1, 777)).toBe(777); // the parent that named itself died while tslab loaded
    expect(startingParent(1, undefined)).toBe(1); // then nothing is watched
  });
});
