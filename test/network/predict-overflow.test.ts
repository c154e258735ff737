// predict and predictPlain never return NaN or Infinity for finite inputs: an overflow
// inside the network is an InputError naming the layer and what overflowed.
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { predictPlain, type Network } from '../../src/network/network.js';
import { predict } from '../../src/network/training.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';
import { inputErrorOf } from '../support/input-error.js';

/** A chain of 1-unit layers with the given weights and activations, no biases. */
const chain = (weights: number[], activations: Network['activations']): Network => ({
  sizes: [1, ...weights.map(() => 1)],
  activations,
  weights: weights.map((w) => [[w]]),
  biases: null,
});

describe.each(TEST_BACKENDS)('predict on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('predict with huge weights and identity activations throws, naming the layer whose weighted sums overflow float32', () => {
    const network = chain([1e30, 1e30], ['identity', 'identity']);
    const e = inputErrorOf(() => predict(network, [[1], [2]]));
    expect(e.argument).toBe('inputs');
    expect(e.message).toMatch(/^Expected predict to give finite outputs but the weighted sums of layer 2 of 2 \(identity\) overflow float32 \(\|z\| > 3\.4e\+38\) for input row 0:/);
    expect(e.message).toMatch(/largest \|input\| 1, largest \|weight\| 1e\+30/);
  });

  it('predict with inputs near float32 max names layer 1', () => {
    const network = chain([10], ['identity']);
    expect(inputErrorOf(() => predict(network, [[1], [3e38]])).message).toMatch(/weighted sums of layer 1 of 1 \(identity\) overflow float32 .* for input row 1:/);
  });

  it('predict names the sinh/cosh overflow of tanhSinhCosh instead of returning NaN', () => {
    const e = inputErrorOf(() => predict(chain([1, 1], ['tanhSinhCosh', 'identity']), [[100]]));
    expect(e.message).toMatch(/the tanhSinhCosh activation of layer 1 of 2 gives NaN or Infinity for input row 0 \(largest \|z\| 100\)/);
  });

  it('predict catches a NaN that a later ReLU would hide', () => {
    // 1e30·1e30 overflows to Infinity in layer 1; Infinity − Infinity in layer 2 is NaN; ReLU may turn it into 0.
    const network: Network = { sizes: [1, 2, 1, 1], activations: ['identity', 'identity', 'relu'], weights: [[[1e30, 1e30]], [[1], [-1]], [[1]]], biases: null };
    expect(inputErrorOf(() => predict(network, [[1e30]])).message).toMatch(/weighted sums of layer 1 of 3/);
  });

  it('predict leaves no tensor behind when it throws, and still predicts finite outputs', () => {
    const network = chain([1e30, 1e30], ['identity', 'identity']);
    expect(leakedTensors(() => expect(() => predict(network, [[1]])).toThrow(InputError))).toBe(0);
    expect(predict(chain([2, 3], ['identity', 'identity']), [[1], [-2]])).toEqual([[6], [-12]]);
  });
});

describe('predictPlain', () => {
  it('predictPlain(1e308 inputs) throws naming the overflowing layer instead of returning Infinity', () => {
    const e = inputErrorOf(() => predictPlain(chain([10], ['identity']), [[1e308]]));
    expect(e.argument).toBe('inputs');
    expect(e.message).toMatch(/^Expected predictPlain to give finite outputs but the weighted sums of layer 1 of 1 \(identity\) overflow float64 \(\|z\| > 1\.8e\+308\) for input row 0:/);
  });

  it('predictPlain names NaN from Infinity − Infinity, and tanhSinhCosh beyond float32 sinh', () => {
    const network: Network = { sizes: [1, 2, 1], activations: ['identity', 'relu'], weights: [[[1e300, 1e300]], [[1], [-1]]], biases: null };
    expect(inputErrorOf(() => predictPlain(network, [[1e300]])).message).toMatch(/weighted sums of layer 1 of 2/);
    expect(inputErrorOf(() => predictPlain(chain([1], ['tanhSinhCosh']), [[100]])).message).toMatch(/tanhSinhCosh activation of layer 1 of 1 gives NaN/);
    expect(predictPlain(chain([1e300], ['identity']), [[1e8]])).toEqual([[1e308]]);
  });
});
