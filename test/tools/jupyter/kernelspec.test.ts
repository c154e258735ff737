// The kernel.json that kernel:install writes (tools/jupyter/kernelspec.ts): Jupyter
// starts tslab through the project's kernel launcher, on the Node that installed it,
// and that command line runs a kernel that loses no output.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPLAY_NAME, KERNEL_LAUNCHER, TSLAB_BINARY, kernelJson, tslabKernelSpec } from '../../../tools/jupyter/kernelspec.js';
import { KernelSession } from '../../../tools/notebook-runner/kernel.js';
import { FIXTURES } from '../notebook-runner/helpers.js';

const PROJECT = join(import.meta.dirname, '..', '..', '..');

describe('tslabKernelSpec', () => {
  it('tslabKernelSpec(TSLAB_BINARY) runs the launcher on this Node with the project tslab', () => {
    expect(TSLAB_BINARY).toBe(join(PROJECT, 'node_modules', '.bin', 'tslab'));
    expect(KERNEL_LAUNCHER).toBe(join(PROJECT, 'dist-tools', 'kernel', 'tslab-kernel.js'));
    expect(tslabKernelSpec(TSLAB_BINARY)).toEqual({
      argv: [process.execPath, KERNEL_LAUNCHER, '--tslab', TSLAB_BINARY, 'kernel', '--config-path', '{connection_file}'],
      display_name: DISPLAY_NAME,
      language: 'typescript',
      interrupt_mode: 'signal',
    });
    expect(tslabKernelSpec('/opt/tslab', '/usr/bin/node').argv.slice(0, 4)).toEqual(['/usr/bin/node', KERNEL_LAUNCHER, '--tslab', '/opt/tslab']);
  });

  it('kernelJson(spec) gives the same bytes every time (installing twice changes nothing)', () => {
    const text = kernelJson(tslabKernelSpec(TSLAB_BINARY));
    expect(kernelJson(tslabKernelSpec(TSLAB_BINARY))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(tslabKernelSpec(TSLAB_BINARY));
  });

  it(
    'the kernelspec argv starts a kernel that delivers all 100,000 lines a cell prints',
    async () => {
      const kernel = new KernelSession({ cwd: FIXTURES, argv: tslabKernelSpec(TSLAB_BINARY).argv });
      await kernel.start();
      try {
        const result = await kernel.execute('for (let i = 0; i < 100_000; i++) console.log(i);', { timeoutMs: 60_000 });
        const text = result.outputs.map((o) => (o.output_type === 'stream' ? o.text : '')).join('');
        expect(text).toBe(Array.from({ length: 100_000 }, (_, i) => `${i}\n`).join(''));
      } finally {
        await kernel.shutdown();
      }
    },
    120_000,
  );
});
