import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NotebookFormatError,
  SourceOverwriteError,
  clearOutputs,
  ensureCellIds,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  splitLines,
  writeNotebook,
  type Notebook,
} from '../../../tools/notebook-runner/notebook.js';
import { nbformat45Problems } from './nbformat.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'notebook-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const executedLooking = (): Notebook =>
  parseNotebook({
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] },
      {
        cell_type: 'code',
        metadata: { tags: ['x'] },
        execution_count: 7,
        source: 'a\nb',
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['1\n', '2\n'] },
          { output_type: 'display_data', data: { 'text/plain': ['x\n', 'y'], 'application/json': { a: 1 } }, metadata: {} },
          { output_type: 'execute_result', execution_count: 7, data: { 'text/plain': '42' }, metadata: {} },
          { output_type: 'error', ename: 'E', evalue: 'v', traceback: [] },
        ],
      },
      { cell_type: 'raw', id: 'keep-me', metadata: {}, source: '' },
    ],
  });

describe('splitLines', () => {
  it('splits like str.splitlines(True) and joins back to the same text', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a')).toEqual(['a']);
    expect(splitLines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(splitLines('a\r\nb\rc')).toEqual(['a\r\n', 'b\r', 'c']);
    expect(splitLines('\n\n').join('')).toBe('\n\n');
  });
});

describe('readNotebook / parseNotebook', () => {
  it('reads a fixture and joins multi-line sources into strings', async () => {
    const notebook = await readNotebook(join(FIXTURES, 'passing.ipynb'));
    expect(notebook.nbformat).toBe(4);
    expect(notebook.cells[1]).toMatchObject({
      cell_type: 'code',
      source: 'console.log("hello from tslab");\nconsole.log("second line");',
      outputs: [],
      execution_count: null,
    });
  });

  it('normalizes output text and text mime data but leaves JSON mime data alone', () => {
    const cell = executedLooking().cells[1];
    expect(cell?.cell_type === 'code' && cell.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: '1\n2\n' },
      { output_type: 'display_data', data: { 'text/plain': 'x\ny', 'application/json': { a: 1 } }, metadata: {} },
      { output_type: 'execute_result', execution_count: 7, data: { 'text/plain': '42' }, metadata: {} },
      { output_type: 'error', ename: 'E', evalue: 'v', traceback: [] },
    ]);
  });

  it.each([
    ['not JSON', '{', /invalid JSON/],
    ['nbformat 3', JSON.stringify({ nbformat: 3, nbformat_minor: 0, worksheets: [] }), /nbformat is 3, expected 4/],
    ['no cells', JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {} }), /cells must be an array/],
    [
      'bad cell type',
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'heading', source: '', metadata: {} }] }),
      /cells\[0\]\.cell_type/,
    ],
    [
      'bad source',
      JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', source: 3, metadata: {} }] }),
      /cells\[0\]\.source/,
    ],
    [
      'bad output',
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [{ cell_type: 'code', source: '', metadata: {}, outputs: [{ output_type: 'pyout' }] }],
      }),
      /cells\[0\]\.outputs\[0\]\.output_type/,
    ],
  ])('rejects %s with the path and the problem', async (_name, text, pattern) => {
    const path = join(dir, 'bad.ipynb');
    await writeFile(path, text);
    const error = await readNotebook(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookFormatError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(pattern);
  });
});

describe('clearOutputs / ensureCellIds', () => {
  it('clears outputs and counts on a copy', () => {
    const notebook = executedLooking();
    const cleared = clearOutputs(notebook);
    expect(cleared.cells[1]).toMatchObject({ outputs: [], execution_count: null });
    expect(notebook.cells[1]).toMatchObject({ execution_count: 7 });
  });

  it('keeps valid ids, replaces missing, invalid and duplicate ones, and bumps the minor version', () => {
    const notebook = executedLooking();
    notebook.cells.push({ cell_type: 'markdown', id: 'keep-me', metadata: {}, source: '' });
    notebook.cells.push({ cell_type: 'markdown', id: 'not valid!', metadata: {}, source: '' });
    ensureCellIds(notebook);
    const ids = notebook.cells.map((cell) => cell.id);
    expect(ids[2]).toBe('keep-me');
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(notebook.nbformat_minor).toBe(5);
  });
});

describe('serializeNotebook', () => {
  it('writes valid nbformat 4.5 JSON with sorted keys, one-space indent and split lines', () => {
    const text = serializeNotebook(executedLooking());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "id": ')).toBe(true);
    const json = JSON.parse(text) as { cells: Array<Record<string, unknown>>; metadata: Record<string, unknown> };
    expect(nbformat45Problems(json)).toEqual([]);
    expect(json.cells[0]?.['source']).toEqual(['# Title\n', 'text']);
    expect(json.cells[2]?.['source']).toEqual([]);
    const outputs = json.cells[1]?.['outputs'] as Array<Record<string, unknown>>;
    expect(outputs[0]?.['text']).toEqual(['1\n', '2\n']);
    expect(outputs[1]?.['data']).toEqual({ 'application/json': { a: 1 }, 'text/plain': ['x\n', 'y'] });
    expect(Object.keys(json.metadata)).toEqual(['kernelspec']);
  });

  it('round-trips through parseNotebook', () => {
    const notebook = ensureCellIds(executedLooking());
    expect(parseNotebook(JSON.parse(serializeNotebook(notebook)))).toEqual(notebook);
  });
});

describe('writeNotebook', () => {
  it('writes atomically into a new directory and leaves no temporary files', async () => {
    const target = join(dir, 'nested', 'out.ipynb');
    await writeNotebook(target, executedLooking());
    await writeNotebook(target, executedLooking());
    expect(await readdir(join(dir, 'nested'))).toEqual(['out.ipynb']);
    expect(nbformat45Problems(JSON.parse(await readFile(target, 'utf8')))).toEqual([]);
  });

  it('refuses to write over the source notebook, also through another path or a symlink', async () => {
    const source = join(dir, 'source.ipynb');
    await writeFile(source, 'original');
    await symlink(source, join(dir, 'link.ipynb'));
    for (const target of [source, join(dir, '.', 'source.ipynb'), join(dir, 'link.ipynb')]) {
      await expect(writeNotebook(target, executedLooking(), { sourcePath: source })).rejects.toThrow(SourceOverwriteError);
    }
    expect(await readFile(source, 'utf8')).toBe('original');
  });
});
