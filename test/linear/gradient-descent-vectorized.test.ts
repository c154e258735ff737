import { describe, expect, it, beforeAll } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { DivergenceError, InputError } from '../../src/core/errors.js';
import { gradientDescentVectorized } from '../../src/linear/gradient-descent-vectorized.js';
import { gradientDescentLoop } from '../../src/linear/gradient-descent-loop.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';

const relative = (article: number) => ({ asymmetricMatch: (x: number) => Math.abs(x - article) <= 1e-6 * Math.abs(article), toString: () => `${article} ±1e-6 rel` });

describe.each(TEST_BACKENDS)('gradientDescentVectorized on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('gradientDescentVectorized matches the article errors within 1e-6 relative', () => {
    const { history } = gradientDescentVectorized(INPUTS, TARGETS);
    expect(history[0]!.loss).toEqual(relative(9.4375));
    expect(history[1]!.loss).toEqual(relative(8.547682762145996));
    expect(history[2]!.loss).toEqual(relative(7.74901819229126));
    expect(history[97]!.loss).toEqual(relative(0.7479317784309387));
    expect(history[98]!.loss).toEqual(relative(0.7478666305541992));
    expect(history[99]!.loss).toEqual(relative(0.7478042244911194));
  });

  it('gradientDescentVectorized prints the article predictions to 2 decimals', () => {
    const { history } = gradientDescentVectorized(INPUTS, TARGETS);
    expect(history[0]!.predictions.map((p) => p.toFixed(2))).toEqual(['2.50', '5.50', '9.00', '14.50']);
    expect(history[99]!.predictions.map((p) => p.toFixed(2))).toEqual(['3.31', '7.29', '11.91', '19.20']);
  });

  it('gradientDescentVectorized leaks no tensors over 1,000 epochs', () => {
    expect(leakedTensors(() => gradientDescentVectorized(INPUTS, TARGETS, { epochs: 1000 }))).toBe(0);
  });

  it('gradientDescentVectorized leaks no tensors when it diverges', () => {
    expect(leakedTensors(() => expect(() => gradientDescentVectorized(INPUTS, TARGETS, { learningRate: 1, epochs: 1000 })).toThrow(DivergenceError))).toBe(0);
  });

  it('gradientDescentVectorized takes one batch step per epoch (its epoch 1 differs from the loop)', () => {
    const loop = gradientDescentLoop(INPUTS, TARGETS, { epochs: 1 }).history[0]!;
    const batch = gradientDescentVectorized(INPUTS, TARGETS, { epochs: 1 }).history[0]!;
    expect(batch.predictions[0]).toBe(loop.predictions[0]);
    expect(batch.predictions[3]).not.toBeCloseTo(loop.predictions[3]!, 2);
  });
});

describe('gradientDescentVectorized input checks', () => {
  it('gradientDescentVectorized rejects bad input before touching tensors', () => {
    expect(() => gradientDescentVectorized([[1, NaN]], [1])).toThrow(InputError);
    expect(() => gradientDescentVectorized(INPUTS, TARGETS, { learningRate: -1 })).toThrow(/learningRate/);
  });
});

describe('gradientDescentVectorized onEpoch', () => {
  beforeAll(() => useBackend('cpu'));
  it('gradientDescentVectorized calls onEpoch once per epoch, in order', () => {
    const seen: number[] = [];
    const { history } = gradientDescentVectorized(INPUTS, TARGETS, { epochs: 4, onEpoch: (r) => seen.push(r.epoch) });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(history).toHaveLength(4);
  });
});

describe('gradientDescentVectorized recordPredictions', () => {
  beforeAll(() => useBackend('cpu'));
  it('gradientDescentVectorized({ recordPredictions: false }) keeps errors but not predictions', () => {
    const run = gradientDescentVectorized(INPUTS, TARGETS, { recordPredictions: false, epochs: 2 });
    expect(run.history[1]!.predictions).toEqual([]);
    expect(run.history[1]!.loss).toBeCloseTo(8.547682762145996, 5);
  });
});

describe('gradientDescentVectorized float32 range', () => {
  it('gradientDescentVectorized rejects inputs beyond float32, which the float64 loop accepts', () => {
    expect(() => gradientDescentVectorized([[1e39, 1]], [1])).toThrow(/inputs\[0\]\[0\] to fit in float32/);
    expect(() => gradientDescentLoop([[1e39, 1]], [1], { learningRate: 1e-90, epochs: 1 })).not.toThrow();
  });
});
