import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, FILTER_COMMAND, FILTER_NAME, main, type StripIo } from '../../../tools/strip-outputs/cli.js';
import { isStripped, stripOutputs } from '../../../tools/strip-outputs/strip.js';

const SOURCE = readFileSync('notebooks/01-generalized-gradient-descent.ipynb', 'utf8');

/** The committed notebook as Jupyter saves it after a run: outputs, counts, timings, the kernel's version. */
function executed(options: { tags?: boolean } = {}): string {
  const nb = JSON.parse(SOURCE) as { metadata: { language_info: { version?: string } }; cells: Record<string, unknown>[] };
  nb.metadata.language_info.version = '3.7.2';
  let count = 0;
  for (const cell of nb.cells) {
    if (cell['cell_type'] !== 'code') continue;
    cell['execution_count'] = ++count;
    cell['outputs'] = [{ output_type: 'stream', name: 'stdout', text: ['9.189030365235194\n'] }];
    cell['metadata'] = {
      ...(cell['metadata'] as object),
      execution: { 'iopub.status.busy': '2026-11-28T21:00:00Z' },
      scrolled: true,
      ...(options.tags ? { tags: ['test'] } : {}),
    };
  }
  return JSON.stringify(nb, null, 2);
}

function io(stdin = ''): StripIo & { out: string; err: string } {
  const sink = { out: '', err: '', stdin: () => stdin, stdout: (t: string) => void (sink.out += t), stderr: (t: string) => void (sink.err += t) };
  return sink;
}

describe('stripOutputs', () => {
  it('stripOutputs removes outputs, counts, run metadata and the kernel version, and keeps ids, sources and tags', () => {
    const stripped = JSON.parse(stripOutputs(executed({ tags: true }))) as { metadata: { language_info: object }; cells: Record<string, unknown>[] };
    const original = JSON.parse(SOURCE) as { cells: Record<string, unknown>[] };
    expect(stripped.metadata.language_info).not.toHaveProperty('version');
    stripped.cells.forEach((cell, i) => {
      expect(cell['id']).toBe(original.cells[i]!['id']);
      expect(cell['source']).toEqual(original.cells[i]!['source']);
      if (cell['cell_type'] === 'code') {
        expect(cell['outputs']).toEqual([]);
        expect(cell['execution_count']).toBeNull();
        expect(cell['metadata']).toEqual({ tags: ['test'] });
      }
    });
  });

  it('stripOutputs gives back the committed notebook from a run of it, formatted as Jupyter writes', () => {
    expect(stripOutputs(executed())).toBe(SOURCE);
  });

  it('stripOutputs is idempotent, and isStripped tells stripped notebooks apart', () => {
    const once = stripOutputs(executed());
    expect(stripOutputs(once)).toBe(once);
    expect(isStripped(once)).toBe(true);
    expect(isStripped(executed())).toBe(false);
  });

  it('stripOutputs names the file when the text is not a notebook', () => {
    expect(() => stripOutputs('{"cells": 3', 'x.ipynb')).toThrow(/x\.ipynb is not a notebook/);
    expect(() => stripOutputs('{"nbformat": 3}', 'y.ipynb')).toThrow(/y\.ipynb/);
  });
});

describe('strip-outputs main', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strip-outputs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('main with no file filters stdin to stdout, as git runs it', async () => {
    const sink = io(executed());
    expect(await main([], sink)).toBe(EXIT.ok);
    expect(isStripped(sink.out)).toBe(true);
  });

  it('main --check lists notebooks with outputs and exits 1; without --check it strips them in place', async () => {
    const path = join(dir, 'run.ipynb');
    writeFileSync(path, executed());
    const check = io();
    expect(await main(['--check', path], check)).toBe(EXIT.failed);
    expect(check.out).toContain(`${path}: has outputs`);
    expect(await main([path], io())).toBe(EXIT.ok);
    expect(await main(['--check', path], io())).toBe(EXIT.ok);
  });

  it('main reports an unreadable notebook by name with exit 1, and usage errors with exit 2', async () => {
    const bad = io();
    expect(await main([join(dir, 'missing.ipynb')], bad)).toBe(EXIT.failed);
    expect(bad.err).toContain('missing.ipynb');
    expect(await main(['--check'], io())).toBe(EXIT.usage);
    expect(await main(['--install-git-filter', 'x.ipynb'], io())).toBe(EXIT.usage);
    expect(await main(['--nope'], io())).toBe(EXIT.usage);
    const help = io();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out).toContain('--install-git-filter');
  });
});

describe('the git filter', () => {
  it('once registered, git diff shows no change in a run notebook and git add stores it without outputs', () => {
    const repo = mkdtempSync(join(tmpdir(), 'strip-outputs-git-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      git('init', '-q');
      git('config', 'user.email', 'test@example.org');
      git('config', 'user.name', 'test');
      cpSync('.gitattributes', join(repo, '.gitattributes'));
      symlinkSync(resolve('dist-tools'), join(repo, 'dist-tools'));
      symlinkSync(resolve('node_modules'), join(repo, 'node_modules'));
      execFileSync('node', [resolve('dist-tools/strip-outputs/cli.js'), '--install-git-filter'], { cwd: repo });
      expect(git('config', `filter.${FILTER_NAME}.clean`).trim()).toBe(FILTER_COMMAND);
      mkdirSync(join(repo, 'notebooks'));
      const path = join(repo, 'notebooks', 'chapter.ipynb');
      writeFileSync(path, SOURCE);
      git('add', '.gitattributes', 'notebooks/chapter.ipynb');
      git('commit', '-q', '-m', 'clean');
      writeFileSync(path, executed()); // run and saved in Jupyter
      expect(git('diff', '--stat', 'notebooks')).toBe('');
      git('add', 'notebooks/chapter.ipynb');
      expect(git('show', ':notebooks/chapter.ipynb')).toBe(SOURCE);
      expect(git('status', '--porcelain', 'notebooks')).toBe(''); // nothing to commit
      // Checking the notebook out again (another branch, a worktree) passes it through unchanged.
      rmSync(path);
      git('checkout', '--', 'notebooks/chapter.ipynb');
      expect(readFileSync(path, 'utf8')).toBe(SOURCE);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
