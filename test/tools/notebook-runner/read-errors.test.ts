// A notebook path that cannot be read (a folder named x.ipynb, a missing file, a
// path through a file) gives one line naming the file and what is wrong, with a
// non-zero exit and no stack, from the runner and from the book; and every error
// runNotebook raises names the notebook.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main as bookMain } from '../../../tools/book/cli.js';
import { KernelStartError } from '../../../tools/notebook-runner/kernel-errors.js';
import { EXIT, main } from '../../../tools/notebook-runner/cli.js';
import { NotebookFormatError, NotebookReadError, readNotebook } from '../../../tools/notebook-runner/notebook.js';
import { trackedChildCount } from '../../../tools/notebook-runner/processes.js';
import { runNotebook } from '../../../tools/notebook-runner/run.js';
import { runMain } from '../cli-shape.js';
import { FIXTURES } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'read-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  expect(trackedChildCount()).toBe(0);
});

const folder = join(dir, 'x.ipynb');
mkdirSync(folder);
const file = join(dir, 'plain.txt');
writeFileSync(file, 'not a folder');

const unreadable: Array<[string, string, RegExp]> = [
  ['a folder named x.ipynb', folder, /is a folder, not a file/],
  ['a missing file', join(dir, 'missing.ipynb'), /no such file/],
  ['a path through a file', join(file, 'y.ipynb'), /not a folder/],
];

describe('readNotebook on a path it cannot read', () => {
  it.each(unreadable)('readNotebook(<%s>) throws a NotebookReadError naming the file', async (_what, path, problem) => {
    const error = await readNotebook(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookReadError);
    expect(error).toBeInstanceOf(NotebookFormatError);
    expect((error as Error).message).toMatch(problem);
    expect((error as Error).message.startsWith(`${path}: cannot read the notebook: `)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('the runner CLI and the book on a path they cannot read', () => {
  it.each(unreadable)('runner main([<%s>]) exits 2 with one line naming the file, no stack', async (_what, path, problem) => {
    const { code, stderr } = await runMain(main, path, '--out', join(dir, 'out'));
    expect(code).toBe(EXIT.usage);
    const lines = stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(problem);
    expect(lines.at(-1)).toContain(path);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('starting kernel');
  });

  it.each(unreadable)('book main([<%s>]) exits 1 with one line naming the file, no stack', async (_what, path, problem) => {
    const { code, stderr } = await runMain(bookMain, path, '--out', join(dir, 'book'));
    expect(code).toBe(1);
    const message = stderr.trim().split('\n').filter((line) => line.includes(path));
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(problem);
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).not.toContain('EISDIR: illegal operation');
  });
});

describe('every error runNotebook raises names the notebook', () => {
  const notebook = join(FIXTURES, 'passing.ipynb');

  it('runNotebook(<kernel that cannot run>) throws a KernelStartError naming the notebook', async () => {
    const error = await runNotebook(notebook, { kernel: { argv: [join(FIXTURES, 'no-such-kernel'), '{connection_file}'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelStartError);
    expect((error as Error).message).toContain(notebook);
  });

  it('runNotebook(<kernel that exits at startup>) names the notebook and keeps the kernel output', async () => {
    const error = await runNotebook(notebook, { kernel: { argv: [process.execPath, '-e', 'console.error("cannot bind"); process.exit(5)'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KernelStartError);
    expect((error as Error).message).toContain(`${notebook}: `);
    expect((error as Error).message).toContain('cannot bind');
  });

  it(
    'runNotebook(<kernel with a bad signature>) names the notebook',
    async () => {
      const error = await runNotebook(notebook, {
        kernel: { argv: [process.execPath, join(FIXTURES, 'fake-kernel.mjs'), '{connection_file}', 'bad-reply-signature'] },
        timeoutMs: 10_000,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(notebook);
      expect((error as Error).message).toMatch(/invalid HMAC-SHA256 signature/);
    },
    60_000,
  );
});
