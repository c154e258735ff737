// The book CLI: its main() in-process (usage, a small book, a notebook for another
// kernel, invalid JSON), and the built CLI as a process under Ctrl-C in the middle of a
// cell. Each fault ends with a clear message, a non-zero exit, no kernel left running
// and no book written. The built CLI needs `npm run build` first (npm test builds).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, USAGE, main } from '../../../tools/book/cli.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';

const CLI = 'dist-tools/book/cli.js';
const FIXTURES = 'test/tools/notebook-runner/fixtures';

/** Whether a process is still running (a zombie waiting for its reaper counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Starts the book CLI on a folder of notebooks; resolves with its exit and output. */
function book(notebooks: string, out: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [CLI, '--notebooks', notebooks, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child);
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
}

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'book-cli-'));
  const notebooks = join(dir, 'notebooks');
  mkdirSync(notebooks);
  for (const [name, source] of Object.entries(files)) {
    if (source.startsWith('fixture:')) copyFileSync(join(FIXTURES, source.slice(8)), join(notebooks, name));
    else writeFileSync(join(notebooks, name), source);
  }
  return dir;
}

describe('book CLI faults', () => {
  it('Ctrl-C during a cell names the notebook and cell, exits 130, kills the kernel and writes no book', async () => {
    const dir = folderWith({ 'hanging.ipynb': 'fixture:hanging.ipynb' });
    const out = join(dir, 'book');
    let interrupted = false;
    let pid = 0;
    const result = await book(join(dir, 'notebooks'), out, (stderr, child) => {
      pid ||= Number(/pid (\d+)/.exec(stderr)?.[1] ?? 0);
      if (!interrupted && /cell 2\/3/.test(stderr)) {
        interrupted = true;
        setTimeout(() => child.kill('SIGINT'), 300);
      }
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/Book build interrupted \(Ctrl-C\) while running .*hanging\.ipynb \(cell 2\/3\)/);
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 20 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('main(args) with a notebook for another kernel stops the build with exit 1 and a message naming it', async () => {
    const python = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }, cells: [] });
    const dir = folderWith({ 'py.ipynb': python });
    const result = await runMain(main, '--notebooks', join(dir, 'notebooks'), '--out', join(dir, 'book'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/py\.ipynb: the notebook asks for the kernel "python3"/);
    expect(existsSync(join(dir, 'book'))).toBe(false);
  }, 30_000);

  it('main(args) with invalid notebook JSON stops the build with exit 1 and a message naming the file', async () => {
    const dir = folderWith({ 'broken.ipynb': '{ "cells": [' });
    const result = await runMain(main, '--notebooks', join(dir, 'notebooks'), '--out', join(dir, 'book'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.ipynb/);
    expect(result.stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(existsSync(join(dir, 'book')) ? readdirSync(join(dir, 'book')) : []).toEqual([]);
  }, 30_000);

  it('main(args) with a notebook named index stops the build with exit 1 before running anything', async () => {
    const dir = folderWith({ 'index.ipynb': 'fixture:passing.ipynb' });
    const result = await runMain(main, '--notebooks', join(dir, 'notebooks'), '--out', join(dir, 'book'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/index\.ipynb" would be written as "index\.html", which is already the book's contents page; rename the notebook\./);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/kernel ready/);
  }, 30_000);
});

describe('book main', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [['--timeout', '0'], /Expected --timeout to be a number of seconds greater than 0 but found 0/],
    [['--timeout', 'soon'], /found soon/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['notebooks'], /Expected notebook files \(\*\.ipynb\) but found "notebooks"/],
    [['--notebooks', 'notebooks', 'a.ipynb'], /either --notebooks or notebook files, not both/],
  ]);

  it('USAGE names the command and lists the exit codes', () => {
    expect(USAGE).toMatch(/^Usage: node dist-tools\/book\/cli.js /);
    expect(USAGE).toContain('Exit codes: 0 built, 1 a notebook or the build failed, 2 usage error,\n130 interrupted (Ctrl-C).');
  });

  it('main(args) builds a book of one notebook, reporting progress on stderr and the time per notebook on stdout', async () => {
    const dir = folderWith({ 'passing.ipynb': 'fixture:passing.ipynb', 'data.txt': 'fixture:data.txt' });
    const out = join(dir, 'book');
    const result = await runMain(main, '--notebooks', join(dir, 'notebooks'), '--out', out, '--timeout', '30');
    expect(result.stderr).toMatch(/\[1\/1\] .*passing\.ipynb: kernel ready \(pid \d+, \d+\.\d s\)/);
    expect(result.stderr).toMatch(/passing\.ipynb: cell 2\/7 \(\d+\.\d s\)/);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/^Time per notebook:\n +\d+\.\d s  .*passing\.ipynb$/m);
    expect(result.stdout).toMatch(/^Built 1 pages in \d+\.\d s\. Open .*index\.html$/m);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'notebooks', 'passing.ipynb'))).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0); // main() leaves no Ctrl-C handler behind
  }, 90_000);

  it('main(args) with notebook files builds just those, as npm run export does for one chapter', async () => {
    const dir = folderWith({ 'passing.ipynb': 'fixture:passing.ipynb', 'data.txt': 'fixture:data.txt', 'other.ipynb': 'fixture:passing.ipynb' });
    const out = join(dir, 'exports');
    const result = await runMain(main, '--out', out, join(dir, 'notebooks', 'passing.ipynb'));
    expect(result.code).toBe(EXIT.ok);
    expect(readdirSync(out).filter((f) => f.endsWith('.html')).sort()).toEqual(['index.html', 'passing.html']);
  }, 90_000);
});
