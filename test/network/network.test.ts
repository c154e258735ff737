import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkNetwork, createNetwork, parameterCount, predictPlain, targetRows } from '../../src/network/network.js';
import { inputErrorOf, nullPrototype } from '../support/input-error.js';

describe('createNetwork', () => {
  it('createNetwork([2, 4, 1]) has tanh hidden, identity output, zero biases and the right shapes', () => {
    const net = createNetwork([2, 4, 1], { seed: 1 });
    expect(net.activations).toEqual(['tanh', 'identity']);
    expect(net.weights.map((w) => [w.length, w[0]!.length])).toEqual([[2, 4], [4, 1]]);
    expect(net.biases).toEqual([[0, 0, 0, 0], [0]]);
    expect(parameterCount(net)).toBe(2 * 4 + 4 + 4 + 1);
  });

  it('createNetwork honours activations, bias: false and the initializer, reproducibly', () => {
    const net = createNetwork([3, 5, 5, 2], { seed: 7, activations: ['relu', 'sigmoid', 'identity'], bias: false, initializer: 'heNormal' });
    expect(net.activations).toEqual(['relu', 'sigmoid', 'identity']);
    expect(net.biases).toBeNull();
    expect(parameterCount(net)).toBe(15 + 25 + 10);
    expect(createNetwork([3, 5, 5, 2], { seed: 7, activations: ['relu', 'sigmoid', 'identity'], bias: false, initializer: 'heNormal' })).toEqual(net);
    expect(createNetwork([3, 5, 5, 2], { seed: 8, activations: 'relu' }).weights).not.toEqual(net.weights);
  });

  it('createNetwork uses one hidden activation for every hidden layer', () => {
    expect(createNetwork([1, 2, 2, 1], { seed: 1, activations: 'relu' }).activations).toEqual(['relu', 'relu', 'identity']);
  });

  it('createNetwork rejects bad sizes and names with InputError', () => {
    expect(() => createNetwork([2], { seed: 1 })).toThrow(/at least an input and an output size/);
    expect(() => createNetwork([2, 0, 1], { seed: 1 })).toThrow(/sizes\[1\] to be an integer greater than 0 but found 0/);
    expect(() => createNetwork([2, -3, 1], { seed: 1 })).toThrow(InputError);
    expect(() => createNetwork([2, 3, 1], { seed: 1, activations: ['tanh'] })).toThrow(/one name or 2 names/);
    expect(() => createNetwork([2, 3, 1], { seed: 1, activations: ['tanh', 'softmax' as never] })).toThrow(/activations\[1\]/);
    expect(() => createNetwork([2, 3, 1], { seed: 1, initializer: 'zeros' as never })).toThrow(/initializer/);
  });
});

describe('checkNetwork', () => {
  it('checkNetwork names the array with the wrong shape', () => {
    const net = createNetwork([2, 3, 1], { seed: 1 });
    expect(() => checkNetwork({ ...net, weights: [net.weights[0]!, [[1, 2]]] })).toThrow(/network.weights\[1\] to have 3 rows but found 1/);
    expect(() => checkNetwork({ ...net, biases: [[0, 0], [0]] })).toThrow(/network.biases\[0\] to have length 3 but found length 2/);
    expect(() => checkNetwork({ ...net, biases: [[0, 0, 0]] })).toThrow(/network.biases to hold 2 rows \(one per weight layer\) or be null but found 1 rows/);
    expect(() => checkNetwork({ ...net, biases: [[NaN, 0, 0], [0]] })).toThrow(/network.biases\[0\]\[0\] to be a finite number but found NaN/);
    expect(() => checkNetwork({ ...net, weights: [net.weights[0]!] })).toThrow(/Expected 2 weight layers/);
  });
});

describe('predictPlain', () => {
  it('predictPlain computes act(x·W + b) layer by layer in float64', () => {
    const net = { sizes: [2, 2, 1], activations: ['tanh', 'identity'] as const, weights: [[[1, 0], [0, 2]], [[3], [-1]]], biases: [[0.5, 0], [1]] };
    const [h1, h2] = [Math.tanh(1 * 1 + 0.5), Math.tanh(2 * 2)];
    expect(predictPlain(net, [[1, 2]])).toEqual([[3 * h1 - h2 + 1]]);
  });

  it('predictPlain rejects inputs of the wrong width', () => {
    expect(() => predictPlain(createNetwork([2, 1], { seed: 1 }), [[1, 2, 3]])).toThrow(/inputs to have shape \[1, 2\] but found \[1, 3\]/);
  });
});

describe('targetRows', () => {
  it('targetRows turns one value per row into rows and checks widths', () => {
    expect(targetRows([1, 2], 1)).toEqual([[1], [2]]);
    expect(targetRows([[1, 2]], 2)).toEqual([[1, 2]]);
    expect(() => targetRows([[1, 2]], 1)).toThrow(/targets to have shape/);
    expect(() => targetRows([], 1)).toThrow(/targets to have at least one row/);
  });
});

describe('network arguments', () => {
  it('createNetwork([2,3,1]) without options throws an InputError asking for a seed', () => {
    const e = inputErrorOf(() => createNetwork([2, 3, 1], undefined as never));
    expect(e.argument).toBe('options');
    expect(e.message).toMatch(/\{ seed: 1 \}/);
    expect(inputErrorOf(() => createNetwork([2, 3, 1], {} as never)).argument).toBe('seed');
  });

  it('createNetwork rejects sizes beyond the size limit before allocating', () => {
    for (const sizes of [[1e5, 1e5], [2, 1e9, 1]]) {
      const e = inputErrorOf(() => createNetwork(sizes, { seed: 1 }));
      expect(e.argument).toBe('sizes');
      expect(e.message).toMatch(/at most 16,777,216 values \(the size limit\)/);
    }
  });

  it('createNetwork rejects sizes without a prototype, holes and a bias that is not a boolean', () => {
    expect(inputErrorOf(() => createNetwork(nullPrototype([2, 1]), { seed: 1 })).message).toMatch(/without Array methods/);
    // eslint-disable-next-line no-sparse-arrays
    expect(inputErrorOf(() => createNetwork([2, , 1] as number[], { seed: 1 })).argument).toBe('sizes[1]');
    expect(inputErrorOf(() => createNetwork([2, 1], { seed: 1, bias: 'no' as never })).argument).toBe('bias');
  });

  it('checkNetwork names a network that is null or not shaped like one', () => {
    expect(inputErrorOf(() => checkNetwork(null as never)).argument).toBe('network');
    expect(inputErrorOf(() => checkNetwork({ sizes: [2, 1] } as never)).argument).toBe('network.weights');
    expect(inputErrorOf(() => predictPlain(null as never, [[1, 2]])).argument).toBe('network');
  });

  it('checkNetwork with float32 rejects weights beyond float32 range', () => {
    const net = createNetwork([1, 1], { seed: 1 });
    const big = { ...net, weights: [[[1e39]]] };
    expect(() => checkNetwork(big)).not.toThrow();
    expect(inputErrorOf(() => checkNetwork(big, { float32: true })).argument).toBe('network.weights[0]');
  });
});
