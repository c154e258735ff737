// Output floods through the real tslab kernel, started as the notebook runner starts it
// (through tools/kernel/tslab-kernel.ts): every printed line and every display arrives,
// in order, and promptly. Run against tslab's own bin instead, the 100,000-line cell
// gets about 500 lines and then never finishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelSession } from '../../../tools/notebook-runner/kernel.js';
import type { Output } from '../../../tools/notebook-runner/outputs.js';
import { FIXTURES } from '../notebook-runner/helpers.js';

const KERNEL_TEST_TIMEOUT = 120_000;

/** The text of a cell's outputs on one stream, split into lines. */
function lines(outputs: Output[], name: 'stdout' | 'stderr' = 'stdout'): string[] {
  const text = outputs.map((o) => (o.output_type === 'stream' && o.name === name ? o.text : '')).join('');
  return text.split('\n').slice(0, -1);
}

const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('output floods through the tslab kernel launcher', () => {
  const kernel = new KernelSession({ cwd: FIXTURES });

  beforeAll(async () => {
    await kernel.start();
  }, KERNEL_TEST_TIMEOUT);
  afterAll(async () => {
    await kernel.shutdown();
  }, KERNEL_TEST_TIMEOUT);

  it(
    'a cell printing 100,000 lines with console.log delivers every line, in order, within 20 s',
    async () => {
      const start = performance.now();
      const result = await kernel.execute('for (let i = 0; i < 100_000; i++) console.log("line " + i);', { timeoutMs: 60_000 });
      const seconds = (performance.now() - start) / 1000;
      expect(result.status).toBe('ok');
      const printed = lines(result.outputs);
      expect(printed.length).toBe(100_000);
      expect(printed).toEqual(numbered('line ', 100_000));
      expect(seconds).toBeLessThan(20);
      // The next cell runs normally: nothing of the flood is left over.
      expect((await kernel.execute('console.log("after")', { timeoutMs: 30_000 })).outputs).toEqual([
        { output_type: 'stream', name: 'stdout', text: 'after\n' },
      ]);
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'a burst of 5,000 display_data messages from one cell all arrive, in order',
    async () => {
      const code = 'import * as tslab from "tslab";\nfor (let i = 0; i < 5_000; i++) tslab.display.html(`<i>${i}</i>`);';
      const result = await kernel.execute(code, { timeoutMs: 60_000 });
      expect(result.status).toBe('ok');
      const html = result.outputs.map((o) => (o.output_type === 'display_data' ? o.data['text/html'] : o.output_type));
      expect(html).toEqual(numbered('', 5_000).map((i) => `<i>${i}</i>`));
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'a burst of 5,000 display updates all arrive: the display shows the last one',
    async () => {
      const code = 'import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nfor (let i = 0; i < 5_000; i++) d.text(`update ${i}`);\nconsole.log("done")';
      const result = await kernel.execute(code, { timeoutMs: 60_000 });
      expect(result.outputs).toEqual([
        { output_type: 'display_data', data: { 'text/plain': 'update 4999' }, metadata: {} },
        { output_type: 'stream', name: 'stdout', text: 'done\n' },
      ]);
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'stdout, stderr and displays interleaved in a flood keep their order',
    async () => {
      const code = [
        'import * as tslab from "tslab";',
        'for (let i = 0; i < 20_000; i++) {',
        '  console.log("out " + i);',
        '  if (i % 1_000 === 999) { console.error("err " + i); tslab.display.text("shown " + i); }',
        '}',
      ].join('\n');
      const result = await kernel.execute(code, { timeoutMs: 60_000 });
      expect(lines(result.outputs, 'stdout')).toEqual(numbered('out ', 20_000));
      expect(lines(result.outputs, 'stderr')).toEqual(numbered('err ', 20_000).filter((_, i) => i % 1_000 === 999));
      // Each group: the stdout lines up to i, then stderr, then the display.
      const kinds = result.outputs.map((o) => (o.output_type === 'stream' ? o.name : o.output_type));
      expect(kinds).toEqual(Array.from({ length: 20 }, () => ['stdout', 'stderr', 'display_data']).flat());
      for (const [group, output] of result.outputs.filter((o) => o.output_type === 'stream' && o.name === 'stdout').entries()) {
        expect(output.output_type === 'stream' && output.text.endsWith(`out ${group * 1_000 + 999}\n`)).toBe(true);
      }
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'a runner that stops reading for 3 s during a flood of 10,000 messages still gets every one',
    async () => {
      // A line and a display by turns: 10,000 messages that cannot be merged, ten times ZeroMQ's default queue.
      const code = 'import * as tslab from "tslab";\nfor (let i = 0; i < 5_000; i++) { console.log("line " + i); tslab.display.text("display " + i); }';
      const running = kernel.execute(code, { timeoutMs: 60_000 });
      // Block this process (the reader) while the kernel publishes: ZeroMQ's queues must hold the rest.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const until = Date.now() + 3_000;
      while (Date.now() < until);
      const outputs = (await running).outputs;
      expect(outputs).toHaveLength(10_000);
      expect(lines(outputs)).toEqual(numbered('line ', 5_000));
      expect(outputs.flatMap((o) => (o.output_type === 'display_data' ? [o.data['text/plain']] : []))).toEqual(numbered('display ', 5_000));
    },
    KERNEL_TEST_TIMEOUT,
  );

  it(
    'a loop that awaits between 20,000 printed lines delivers every line, in order',
    async () => {
      const code = 'for (let i = 0; i < 20_000; i++) { console.log("tick " + i); await new Promise((r) => setImmediate(r)); }';
      const result = await kernel.execute(code, { timeoutMs: 60_000 });
      expect(lines(result.outputs)).toEqual(numbered('tick ', 20_000));
    },
    KERNEL_TEST_TIMEOUT,
  );
});

describe('two kernels flooding at once', () => {
  it(
    'each of two kernels delivers all 50,000 lines of a cell run at the same time',
    async () => {
      const kernels = [new KernelSession({ cwd: FIXTURES }), new KernelSession({ cwd: FIXTURES })];
      try {
        await Promise.all(kernels.map((k) => k.start()));
        const results = await Promise.all(
          kernels.map((k, n) => k.execute(`for (let i = 0; i < 50_000; i++) console.log("k${n} " + i);`, { timeoutMs: 60_000 })),
        );
        expect(lines(results[0]!.outputs)).toEqual(numbered('k0 ', 50_000));
        expect(lines(results[1]!.outputs)).toEqual(numbered('k1 ', 50_000));
        expect(kernels.every((k) => k.alive)).toBe(true);
      } finally {
        await Promise.all(kernels.map((k) => k.shutdown()));
      }
    },
    KERNEL_TEST_TIMEOUT,
  );
});
