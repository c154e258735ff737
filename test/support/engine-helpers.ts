// Shared by the engine tests: an engine's gradient, read back from one training step,
// and random problems shaped like a network.
import { expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { Gradients } from '../../src/network/gradient-check.js';
import type { Network } from '../../src/network/network.js';
import type { Objective } from '../../src/network/backprop.js';
import { createRandom } from '../../src/core/random.js';
import type { TrainingData, TrainingEngine } from '../../src/network/engines/engine.js';

type EngineFactory = (network: Network, data: TrainingData, objective: Objective, learningRate: number) => TrainingEngine;

/** Random inputs and targets in [−1, 1) for a network, seeded. */
export function randomData(sizes: readonly number[], rows: number, seed: number): { inputs: number[][]; targets: number[][] } {
  const random = createRandom(seed);
  const inputs = Array.from({ length: rows }, () => Array.from({ length: sizes[0]! }, () => random.uniform(-1, 1)));
  const targets = Array.from({ length: rows }, () => Array.from({ length: sizes.at(-1)! }, () => random.uniform(-1, 1)));
  return { inputs, targets };
}

/** Row-major float32 training data for an engine. */
export function trainingData(inputs: number[][], targets: number[][]): TrainingData {
  return {
    X: Float32Array.from(inputs.flat()),
    Y: Float32Array.from(targets.flat()),
    rows: inputs.length,
    columns: inputs[0]!.length,
    outputs: targets[0]!.length,
  };
}

/**
 * The gradient an engine steps along: one step with learning rate 1 moves every
 * parameter by minus its gradient, so the gradient is `before − after`. Also returns
 * the loss the step reported.
 */
export function engineGradients(
  create: EngineFactory,
  network: Network,
  data: TrainingData,
  options: { objective?: Objective; order?: Uint32Array | null; start?: number; end?: number } = {},
): { gradients: Gradients; loss: number } {
  const engine = create(network, data, options.objective ?? 'mse', 1);
  try {
    const before = engine.network();
    const loss = engine.step(options.order ?? null, options.start ?? 0, options.end ?? data.rows);
    const after = engine.network();
    return {
      loss,
      gradients: {
        weights: before.weights.map((w, l) => w.map((row, i) => row.map((v, j) => v - after.weights[l]![i]![j]!))),
        biases: before.biases?.map((b, l) => b.map((v, j) => v - after.biases![l]![j]!)) ?? null,
      },
    };
  } finally {
    engine.dispose();
  }
}

/**
 * What `checkpoint()` promises, checked on one engine: before any checkpoint the
 * initial parameters; after one, the parameters of that moment, however many steps follow.
 */
export function expectCheckpoints(create: EngineFactory, network: Network, data: TrainingData): void {
  const engine = create(network, data, 'mse', 0.1);
  try {
    const initial = engine.network();
    engine.step(null, 0, data.rows);
    expect(engine.checkpointNetwork()).toEqual(initial);
    engine.checkpoint();
    const saved = engine.network();
    expect(saved).not.toEqual(initial);
    engine.step(null, 0, data.rows);
    engine.step(null, 0, data.rows);
    expect(engine.network()).not.toEqual(saved);
    expect(engine.checkpointNetwork()).toEqual(saved);
  } finally {
    engine.dispose();
  }
}

/**
 * What `step` promises for a batch that is empty or outside the data: an InputError
 * naming the expected range, before and after a real step, with the parameters untouched.
 */
export function expectBatchChecked(create: EngineFactory, network: Network, data: TrainingData): void {
  const engine = create(network, data, 'mse', 0.1);
  try {
    const bad: [number, number][] = [[0, 0], [2, 1], [-1, 1], [0, data.rows + 1], [0.5, 2]];
    for (const [start, end] of bad) expect(() => engine.step(null, start, end), `${start}..${end}`).toThrow(`0 ≤ start < end ≤ ${data.rows} but found ${start}..${end}`);
    engine.step(null, 0, data.rows);
    const after = engine.network();
    for (const [start, end] of bad) expect(() => engine.step(null, start, end), `${start}..${end}`).toThrow(InputError);
    expect(engine.network()).toEqual(after);
  } finally {
    engine.dispose();
  }
}
