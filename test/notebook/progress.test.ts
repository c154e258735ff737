import { beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { METADATA_KEY, type DisplayTarget, type RichOutput } from '../../src/notebook/display.js';
import { InputError } from '../../src/core/errors.js';
import { gradientDescentLoop } from '../../src/linear/gradient-descent-loop.js';
import { trainArticleNetwork } from '../../src/article/article-network.js';
import { trainingProgress, type TrainingProgress } from '../../src/notebook/progress.js';
import { createNetwork } from '../../src/network/network.js';
import { trainNetwork } from '../../src/network/training.js';
import { useBackend } from '../support/helpers.js';

beforeAll(() => useBackend('cpu'));

function recorder() {
  const outputs: { output: RichOutput; target: DisplayTarget }[] = [];
  return { outputs, display: (output: RichOutput, target: DisplayTarget = {}) => void outputs.push({ output, target }) };
}

/** A clock the test moves by hand. */
function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { written, write: (text: string) => void written.push(text), isTTY };
}

describe('trainingProgress in a notebook', () => {
  it('trainingProgress updates one output in place, at most every intervalMs, and always shows the last epoch', () => {
    const sink = recorder();
    const time = clock();
    const progress = trainingProgress({ epochs: 5, label: 'seed 1', sink, now: time.now });
    for (const [epoch, loss, wait] of [[1, 90, 0], [2, 60, 100], [3, 40, 200], [4, 35, 100], [5, 30, 10]] as const) {
      time.advance(wait);
      progress.update({ epoch: epoch, loss: loss });
    }
    expect(sink.outputs.map((o) => o.output.data['text/plain'])).toEqual([
      'seed 1: epoch 1 / 5, loss 90', 'seed 1: epoch 3 / 5, loss 40', 'seed 1: epoch 5 / 5, loss 30',
    ]);
    const ids = new Set(sink.outputs.map((o) => o.target.displayId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^backprop-ts-progress-/);
    expect(sink.outputs.map((o) => o.target.update)).toEqual([false, true, true]);
    expect(progress.losses).toEqual([90, 60, 40, 35, 30]);
    progress.done();
    expect(sink.outputs).toHaveLength(3);
  });

  it('trainingProgress shows the epoch, the loss and a growing SVG curve as HTML', () => {
    const sink = recorder();
    const progress = trainingProgress({ epochs: 3, label: 'a < b', sink, now: () => 0 });
    progress.update({ epoch: 1, loss: 9 });
    const first = sink.outputs[0]!.output;
    expect(first.metadata).toEqual({ [METADATA_KEY]: { role: 'progress' } });
    const html = first.data['text/html'] as string;
    expect(html).toMatch(/^<div class="backprop-ts-progress"/);
    expect(html).toContain('<div>a &lt; b: epoch 1 / 3, loss 9</div>');
    expect(html).toContain('<svg');
    expect(first.data['image/svg+xml']).toMatch(/^<svg[\s\S]*<\/svg>$/); // the curve alone, for sanitized exports
    expect(html).toContain(first.data['image/svg+xml'] as string);
    progress.update({ epoch: 2, loss: 4 });
    progress.update({ epoch: 3, loss: 1 });
    const last = sink.outputs.at(-1)!.output.data['text/html'] as string;
    expect(/points="([^"]*)"/.exec(last)![1]!.split(' ')).toHaveLength(3);
  });

  it('trainingProgress with runs counts runs as the epoch number starts again, and draws them end to end', () => {
    const sink = recorder();
    const progress = trainingProgress({ epochs: 3, runs: 2, label: 'seeds', sink, now: () => 0, intervalMs: 0 });
    for (const run of [[9, 4], [8, 3, 1]]) run.forEach((loss, i) => progress.update({ epoch: i + 1, loss })); // the first run stopped early
    const texts = sink.outputs.map((o) => o.output.data['text/plain']);
    expect(texts[1]).toBe('seeds: run 1 / 2, epoch 2 / 3, loss 4');
    expect(texts[2]).toBe('seeds: run 2 / 2, epoch 1 / 3, loss 8');
    expect(texts.at(-1)).toBe('seeds: run 2 / 2, epoch 3 / 3, loss 1');
    expect(progress.losses).toEqual([9, 4, 8, 3, 1]);
    expect(sink.outputs.at(-1)!.output.data['image/svg+xml']).toContain('>6</text>'); // a frame of 2 runs × 3 epochs
  });

  it('trainingProgress.done shows what the throttle held back when training stopped early', () => {
    const sink = recorder();
    const progress = trainingProgress({ sink, now: () => 0 });
    progress.update({ epoch: 1, loss: 5 });
    progress.update({ epoch: 2, loss: 4 });
    expect(sink.outputs).toHaveLength(1);
    progress.done();
    progress.done();
    expect(sink.outputs.map((o) => o.output.data['text/plain'])).toEqual(['training: epoch 1, loss 5', 'training: epoch 2, loss 4']);
  });

  it("trainingProgress.update fits both trainers' onEpoch callbacks", () => {
    const loop = recorder();
    const linear = trainingProgress({ epochs: 100, sink: loop, now: () => 0 });
    gradientDescentLoop(INPUTS, TARGETS, { onEpoch: linear.update });
    expect(linear.losses).toHaveLength(100);
    expect(linear.losses[0]).toBe(9.189030365235194);
    expect(loop.outputs.at(-1)!.output.data['text/plain']).toBe('training: epoch 100 / 100, loss 0.74911');

    const net = recorder();
    const deep = trainingProgress({ epochs: 20, sink: net, now: () => 0 });
    const run = trainArticleNetwork(INPUTS, TARGETS, { seed: 1, onEpoch: deep.update });
    expect(deep.losses).toEqual(run.errors);
    expect(net.outputs).toHaveLength(2); // the first epoch and the last
  });

  it('trainingProgress rejects a bad epoch count, run count or interval', () => {
    expect(() => trainingProgress({ runs: 0 })).toThrow(/Expected runs to be an integer greater than 0/);
    expect(() => trainingProgress({ epochs: 0 })).toThrow(InputError);
    expect(() => trainingProgress({ epochs: 2.5 })).toThrow(/epochs to be an integer greater than 0 but found 2.5/);
    expect(() => trainingProgress({ intervalMs: -1 })).toThrow(/intervalMs to be a number of milliseconds ≥ 0 but found -1/);
    expect(() => trainingProgress({ intervalMs: NaN })).toThrow(InputError);
  });
});

describe('trainingProgress in a terminal', () => {
  it('trainingProgress redraws a bar on one line of a TTY and ends it at the last epoch', () => {
    const stream = terminal(true);
    const time = clock();
    const progress = trainingProgress({ epochs: 4, label: 'run', stream, now: time.now, intervalMs: 50 });
    progress.update({ epoch: 1, loss: 8 });
    time.advance(60);
    progress.update({ epoch: 2, loss: 4 });
    progress.update({ epoch: 3, loss: 2 });
    progress.update({ epoch: 4, loss: 1 });
    progress.done();
    expect(stream.written).toEqual([
      '\r[######------------------] run: epoch 1 / 4, loss 8\x1b[K',
      '\r[############------------] run: epoch 2 / 4, loss 4\x1b[K',
      '\r[########################] run: epoch 4 / 4, loss 1\x1b[K\n',
    ]);
  });

  it('trainingProgress writes whole lines when stderr is not a TTY, and done ends an open TTY line', () => {
    const log = terminal(false);
    const progress = trainingProgress({ stream: log, now: () => 0 });
    progress.update({ epoch: 1, loss: 3 });
    expect(log.written).toEqual(['training: epoch 1, loss 3\n']);

    const tty = terminal(true);
    const open = trainingProgress({ stream: tty, now: () => 0 });
    open.update({ epoch: 1, loss: 3 });
    open.done();
    expect(tty.written).toEqual(['\rtraining: epoch 1, loss 3\x1b[K', '\n']);
  });
});

describe('trainingProgress with every trainer', () => {
  it("trainingProgress().update is every trainer's onEpoch: the linear trainers, the article network and trainNetwork", () => {
    const runs = {
      loop: (update: TrainingProgress['update']) => gradientDescentLoop(INPUTS, TARGETS, { epochs: 3, onEpoch: update }).history.map((h) => h.loss),
      article: (update: TrainingProgress['update']) => trainArticleNetwork(INPUTS, TARGETS, { seed: 1, epochs: 3, onEpoch: update }).errors,
      network: (update: TrainingProgress['update']) =>
        trainNetwork(createNetwork([2, 3, 1], { seed: 1 }), INPUTS, TARGETS, { learningRate: 1e-3, epochs: 3, onEpoch: update }).history.map((h) => h.loss),
    };
    for (const [name, run] of Object.entries(runs)) {
      const progress = trainingProgress({ epochs: 3, label: name, sink: recorder() });
      const losses = run(progress.update);
      expect(progress.losses, name).toEqual(losses);
    }
  });
});
