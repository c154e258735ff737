import { describe, expect, it } from 'vitest';
import { checkKernelspec, runNotebook, UnsupportedKernelError } from '../../../tools/notebook-runner/index.js';
import type { Notebook } from '../../../tools/notebook-runner/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const notebook = (kernelspec: unknown): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: kernelspec === undefined ? {} : { kernelspec: kernelspec as never }, cells: [] });

describe('checkKernelspec', () => {
  it('checkKernelspec accepts tslab and a notebook without a kernelspec', () => {
    expect(() => checkKernelspec(notebook({ name: 'tslab', language: 'typescript' }), 'a.ipynb')).not.toThrow();
    expect(() => checkKernelspec(notebook(undefined), 'a.ipynb')).not.toThrow();
  });

  it('checkKernelspec refuses another kernel, naming the notebook, the kernel and the fix', () => {
    expect(() => checkKernelspec(notebook({ name: 'python3' }), 'nb/py.ipynb')).toThrow(UnsupportedKernelError);
    expect(() => checkKernelspec(notebook({ name: 'python3' }), 'nb/py.ipynb')).toThrow(
      /nb\/py\.ipynb: the notebook asks for the kernel "python3", but this runner only runs "tslab".*Change Kernel/,
    );
  });

  it('runNotebook refuses a python notebook before starting any kernel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernelspec-'));
    const path = join(dir, 'py.ipynb');
    writeFileSync(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }, cells: [{ cell_type: 'code', id: 'a', metadata: {}, source: 'print(1)', outputs: [], execution_count: null }] }));
    let started = false;
    await expect(runNotebook(path, { onProgress: () => (started = true) })).rejects.toThrow(UnsupportedKernelError);
    expect(started).toBe(false);
  });
});
