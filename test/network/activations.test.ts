import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, FLOAT32_SINH_LIMIT, activation, tanh, tanhSinhCosh } from '../../src/network/activations.js';
import { InputError } from '../../src/core/errors.js';
import { tf } from '../../src/core/tf.js';
import { TEST_BACKENDS, leakedTensors, useBackend } from '../support/helpers.js';
import { tidyValue } from '../../src/core/tf.js';

// Points away from relu's kink at 0, where the derivative is a convention.
const POINTS = [-3, -1.2, -0.4, 0.3, 0.9, 2.5];

beforeAll(() => useBackend('wasm'));

describe.each(ACTIVATIONS)('activation(%s)', (name) => {
  const act = activation(name);

  it(`activation('${name}').derivative agrees with tfjs autodiff`, () => {
    const z = tf.tensor1d(POINTS);
    const autodiff = tf.grad((x: tf.Tensor) => act.forward(x))(z);
    const ours = act.derivative(z);
    const a = autodiff.arraySync() as number[];
    (ours.arraySync() as number[]).forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 5));
    tf.dispose([z, autodiff, ours]);
  });

  it(`activation('${name}').derivativeAt agrees with central finite differences`, () => {
    const h = 1e-6;
    for (const z of POINTS) {
      const numeric = (act.at(z + h) - act.at(z - h)) / (2 * h);
      expect(act.derivativeAt(z)).toBeCloseTo(numeric, 6);
    }
  });

  it(`activation('${name}') gives the same numbers on tensors and on plain numbers`, () => {
    const z = tf.tensor1d(POINTS);
    const [f, d] = [act.forward(z), act.derivative(z)];
    (f.arraySync() as number[]).forEach((v, i) => expect(v).toBeCloseTo(act.at(POINTS[i]!), 5));
    (d.arraySync() as number[]).forEach((v, i) => expect(v).toBeCloseTo(act.derivativeAt(POINTS[i]!), 5));
    tf.dispose([z, f, d]);
  });

  it(`activation('${name}') leaks no tensors`, () => {
    const z = tf.tensor1d(POINTS);
    expect(leakedTensors(() => tf.dispose([act.forward(z), act.derivative(z)]))).toBe(0);
    z.dispose();
  });
});

describe('tanh', () => {
  it('tanh stays finite where sinh/cosh overflows float32', () => {
    const z = tf.tensor1d([10, 89, 90, 200]);
    expect(tanh.forward(z).arraySync()).toEqual([1, 1, 1, 1].map((v, i) => (i === 0 ? Math.fround(Math.tanh(10)) : v)));
    const broken = tanhSinhCosh.forward(z).arraySync() as number[];
    expect(broken[0]).toBeCloseTo(1, 6);
    expect(broken[1]).toBeCloseTo(1, 6); // sinh(89) ≈ 2.2e38 still fits in float32
    expect(broken[2]).toBeNaN(); // sinh(90) = Infinity, Infinity / Infinity = NaN
    expect(broken[3]).toBeNaN();
  });

  it('tanhSinhCosh.at is NaN exactly where float32 sinh overflows', () => {
    expect(FLOAT32_SINH_LIMIT).toBeCloseTo(89.41598623, 7);
    expect(Math.fround(Math.sinh(FLOAT32_SINH_LIMIT - 1e-6))).toBeLessThan(Infinity);
    expect(Math.fround(Math.sinh(FLOAT32_SINH_LIMIT + 1e-6))).toBe(Infinity);
    expect(tanhSinhCosh.at(89)).toBe(1);
    expect(tanhSinhCosh.at(-90)).toBeNaN();
    expect(tanhSinhCosh.derivativeAt(90)).toBeNaN();
    expect(tanhSinhCosh.derivativeAt(0)).toBe(1);
  });

  it("tanh's derivative is 1 at 0 and 1 − tanh² elsewhere", () => {
    expect(tanh.derivativeAt(0)).toBe(1);
    expect(tanh.derivativeAt(0.5)).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 15);
  });
});

describe('activation', () => {
  it('activation(name) rejects unknown names with an InputError listing the known ones', () => {
    expect(() => activation('softmax' as never)).toThrow(InputError);
    expect(() => activation('softmax' as never)).toThrow(/"tanh", "tanhSinhCosh", "sigmoid", "relu", "leakyRelu", "identity"/);
  });

  it('every activation documents its formula and derivative', () => {
    for (const name of ACTIVATIONS) {
      expect(activation(name).name).toBe(name);
      expect(activation(name).formula.length).toBeGreaterThan(0);
      expect(activation(name).derivativeFormula.length).toBeGreaterThan(0);
    }
  });
});

describe('derivativeFromOutputAt', () => {
  it.each(ACTIVATIONS)("activation('%s').derivativeFromOutputAt(activation(z)) equals derivativeAt(z)", (name) => {
    const act = activation(name);
    for (const z of [-3, -0.7, 0.2, 1.5, 4]) expect(act.derivativeFromOutputAt(act.at(z))).toBeCloseTo(act.derivativeAt(z), 12);
  });
});

describe.each(TEST_BACKENDS)('deltaFromOutput on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  afterAll(() => useBackend('wasm'));

  it.each(ACTIVATIONS)("activation('%s').deltaFromOutput is upstream ⊙ act'(z), from the output a = act(z)", (name) => {
    const z = tf.tensor1d([-2.5, -0.7, -0.1, 0.3, 1.1, 2.9]);
    const upstream = tf.tensor1d([0.5, -1, 2, 0.25, -0.75, 1.5]);
    const [ours, reference] = tidyValue(() => [
      activation(name).deltaFromOutput(upstream, activation(name).forward(z)).dataSync(),
      tf.mul(upstream, activation(name).derivative(z)).dataSync(),
    ]);
    tf.dispose([z, upstream]);
    ours.forEach((v, k) => expect(v).toBeCloseTo(reference[k]!, 5));
  });
});

describe('forwardInPlace and multiplyByDerivativeInPlace', () => {
  const z = [-100, -3, -0.5, -1e-9, 0, 1e-9, 0.5, 3, 100];
  it.each(ACTIVATIONS)("activation('%s').forwardInPlace and multiplyByDerivativeInPlace agree with its number forms", (name) => {
    const act = activation(name);
    const a = Float64Array.from([...z, 7]);
    act.forwardInPlace(a, z.length);
    z.forEach((v, k) => expect(a[k]).toBe(act.at(v)));
    expect(a[z.length]).toBe(7); // only the first n values
    const delta = Float64Array.from([...z, 7], () => 2);
    act.multiplyByDerivativeInPlace(delta, a, z.length);
    z.forEach((v, k) => expect(delta[k]).toBe(2 * act.derivativeFromOutputAt(a[k]!)));
    expect(delta[z.length]).toBe(2);
  });

  it('tanhSinhCosh.forwardInPlace gives NaN where float32 sinh and cosh overflow, as the article does', () => {
    const a = Float64Array.from([89, 90, -90]);
    tanhSinhCosh.forwardInPlace(a, 3);
    expect(a[0]).toBeCloseTo(1, 12);
    expect(a[1]).toBeNaN();
    expect(a[2]).toBeNaN();
  });
});
