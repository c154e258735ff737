/**
 * Activation functions, each one object with its derivative written right beside it
 * in every form the library needs: on tensors (the tensor engine), on plain numbers
 * (charts and tests) and in place on typed arrays (the typed engine). Derivatives
 * take the pre-activation `z`, so `derivative(z) = d activation(z) / dz`; the
 * `…FromOutput` forms give the same derivative in terms of the output a = act(z),
 * which training has already computed. Adding an activation is adding one object
 * here: the {@link Activation} interface makes it complete, and both engines read it.
 * Taught in `04-deep-networks.ipynb`.
 */
import { tf } from '../core/tf.js';
import { checkChoice } from '../core/validate.js';

/** Names of the activations the library provides. */
export const ACTIVATIONS = ['tanh', 'tanhSinhCosh', 'sigmoid', 'relu', 'leakyRelu', 'identity'] as const;

/** An activation name, e.g. `"tanh"`. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/** An activation function and its first derivative. */
export interface Activation {
  readonly name: ActivationName;
  /** The formula, for tables and chart legends. */
  readonly formula: string;
  /** The derivative's formula. */
  readonly derivativeFormula: string;
  /** Applies the activation elementwise; the caller disposes the result. */
  forward(z: tf.Tensor): tf.Tensor;
  /** Derivative with respect to the pre-activation `z`; the caller disposes the result. */
  derivative(z: tf.Tensor): tf.Tensor;
  /** The activation on one number. */
  at(z: number): number;
  /** The derivative on one number. */
  derivativeAt(z: number): number;
  /** The same derivative written in terms of the output a = activation(z), which training has already computed. */
  derivativeFromOutputAt(a: number): number;
  /**
   * `upstream ⊙ act'(z)` on tensors, the derivative taken from the output `a`: the
   * tensor engine's backward step. The caller disposes the result (the identity
   * returns `upstream` itself).
   */
  deltaFromOutput(upstream: tf.Tensor, a: tf.Tensor): tf.Tensor;
  /** Applies the activation to the first `n` values of `z`, in place: the typed engine's forward step. */
  forwardInPlace(z: Float64Array, n: number): void;
  /** Multiplies the first `n` values of `delta` by act'(z), taken from the output `a`, in place: the typed engine's backward step. */
  multiplyByDerivativeInPlace(delta: Float64Array, a: Float64Array, n: number): void;
}

/** Slope of leaky ReLU for negative inputs. */
export const LEAKY_RELU_SLOPE = 0.01;

/**
 * Where sinh (and cosh) leave float32: |z| > ln(2 · 3.4028235e38) ≈ 89.4159.
 * Beyond it tfjs' sinh / cosh is Infinity / Infinity = NaN.
 */
export const FLOAT32_SINH_LIMIT = Math.log(2 * 3.4028234663852886e38);

/** `delta ⊙ (1 − a²)` in place: tanh' from its output, for both forms of tanh. */
function multiplyByOneMinusSquare(delta: Float64Array, a: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) delta[k] = delta[k]! * (1 - a[k]! * a[k]!);
}

/** tanh(z), computed by tfjs' numerically stable kernel. */
export const tanh: Activation = {
  name: 'tanh',
  formula: 'tanh(z)',
  derivativeFormula: "tanh'(z) = 1 − tanh²(z)",
  forward: (z) => tf.tanh(z),
  derivative: (z) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(z)))),
  at: (z) => Math.tanh(z),
  derivativeAt: (z) => 1 - Math.tanh(z) ** 2,
  derivativeFromOutputAt: (a) => 1 - a * a,
  deltaFromOutput: (upstream, a) => tf.tidy(() => tf.mul(upstream, tf.sub(1, tf.square(a)))), // tanh' = 1 − tanh²
  forwardInPlace(z, n) {
    for (let k = 0; k < n; k++) z[k] = Math.tanh(z[k]!);
  },
  multiplyByDerivativeInPlace: multiplyByOneMinusSquare,
};

/**
 * tanh(z) computed as sinh(z) / cosh(z), the article's way. In float32 sinh and cosh
 * overflow to Infinity once |z| passes about 89, and Infinity / Infinity is NaN.
 * Kept to show that failure; prefer `tanh`.
 */
export const tanhSinhCosh: Activation = {
  name: 'tanhSinhCosh',
  formula: 'sinh(z) / cosh(z)',
  derivativeFormula: '1 − (sinh(z) / cosh(z))²',
  forward: (z) => tf.tidy(() => tf.div(tf.sinh(z), tf.cosh(z))),
  derivative: (z) => tf.tidy(() => tf.sub(tf.onesLike(z), tf.square(tf.div(tf.sinh(z), tf.cosh(z))))),
  // On plain numbers: float64 accuracy, but NaN where float32 sinh and cosh overflow.
  at: (z) => (Math.abs(z) > FLOAT32_SINH_LIMIT ? NaN : Math.sinh(z) / Math.cosh(z)),
  derivativeAt: (z) => (Math.abs(z) > FLOAT32_SINH_LIMIT ? NaN : 1 - (Math.sinh(z) / Math.cosh(z)) ** 2),
  derivativeFromOutputAt: (a) => 1 - a * a,
  deltaFromOutput: (upstream, a) => tanh.deltaFromOutput(upstream, a),
  forwardInPlace(z, n) {
    for (let k = 0; k < n; k++) z[k] = Math.abs(z[k]!) > FLOAT32_SINH_LIMIT ? NaN : Math.sinh(z[k]!) / Math.cosh(z[k]!);
  },
  multiplyByDerivativeInPlace: multiplyByOneMinusSquare,
};

/** The logistic sigmoid 1 / (1 + e^−z). */
export const sigmoid: Activation = {
  name: 'sigmoid',
  formula: 'σ(z) = 1 / (1 + e^−z)',
  derivativeFormula: "σ'(z) = σ(z)·(1 − σ(z))",
  forward: (z) => tf.sigmoid(z),
  derivative: (z) => tf.tidy(() => { const s = tf.sigmoid(z); return tf.mul(s, tf.sub(1, s)); }),
  at: (z) => 1 / (1 + Math.exp(-z)),
  derivativeAt: (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); },
  derivativeFromOutputAt: (a) => a * (1 - a),
  deltaFromOutput: (upstream, a) => tf.tidy(() => tf.mul(upstream, tf.mul(a, tf.sub(1, a)))), // σ' = σ(1 − σ)
  forwardInPlace(z, n) {
    for (let k = 0; k < n; k++) z[k] = 1 / (1 + Math.exp(-z[k]!));
  },
  multiplyByDerivativeInPlace(delta, a, n) {
    for (let k = 0; k < n; k++) delta[k] = delta[k]! * a[k]! * (1 - a[k]!);
  },
};

/** The rectified linear unit max(0, z). Its derivative at 0 is taken as 0. */
export const relu: Activation = {
  name: 'relu',
  formula: 'max(0, z)',
  derivativeFormula: "relu'(z) = 1 if z > 0, else 0",
  forward: (z) => tf.relu(z),
  derivative: (z) => tf.tidy(() => tf.cast(tf.greater(z, 0), 'float32')),
  at: (z) => Math.max(0, z),
  derivativeAt: (z) => (z > 0 ? 1 : 0),
  derivativeFromOutputAt: (a) => (a > 0 ? 1 : 0),
  deltaFromOutput: (upstream, a) => tf.tidy(() => tf.mul(upstream, tf.step(a, 0))), // a > 0 exactly when z > 0
  forwardInPlace(z, n) {
    for (let k = 0; k < n; k++) z[k] = z[k]! > 0 ? z[k]! : 0;
  },
  multiplyByDerivativeInPlace(delta, a, n) {
    for (let k = 0; k < n; k++) delta[k] = a[k]! > 0 ? delta[k]! : 0;
  },
};

/** Leaky ReLU: z for z > 0, else 0.01·z. */
export const leakyRelu: Activation = {
  name: 'leakyRelu',
  formula: `z if z > 0, else ${LEAKY_RELU_SLOPE}·z`,
  derivativeFormula: `1 if z > 0, else ${LEAKY_RELU_SLOPE}`,
  forward: (z) => tf.leakyRelu(z, LEAKY_RELU_SLOPE),
  derivative: (z) => tf.tidy(() => tf.where(tf.greater(z, 0), tf.onesLike(z), tf.fill(z.shape, LEAKY_RELU_SLOPE))),
  at: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
  derivativeAt: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE),
  derivativeFromOutputAt: (a) => (a > 0 ? 1 : LEAKY_RELU_SLOPE),
  deltaFromOutput: (upstream, a) => tf.tidy(() => tf.mul(upstream, tf.step(a, LEAKY_RELU_SLOPE))), // 1 if z > 0, else the slope
  forwardInPlace(z, n) {
    for (let k = 0; k < n; k++) z[k] = z[k]! > 0 ? z[k]! : LEAKY_RELU_SLOPE * z[k]!;
  },
  multiplyByDerivativeInPlace(delta, a, n) {
    for (let k = 0; k < n; k++) delta[k] = a[k]! > 0 ? delta[k]! : LEAKY_RELU_SLOPE * delta[k]!;
  },
};

/** The identity z, used by linear output layers. */
export const identity: Activation = {
  name: 'identity',
  formula: 'z',
  derivativeFormula: '1',
  forward: (z) => tf.clone(z),
  derivative: (z) => tf.onesLike(z),
  at: (z) => z,
  derivativeAt: () => 1,
  derivativeFromOutputAt: () => 1,
  deltaFromOutput: (upstream) => upstream,
  forwardInPlace() {},
  multiplyByDerivativeInPlace() {},
};

const BY_NAME: Readonly<Record<ActivationName, Activation>> = { tanh, tanhSinhCosh, sigmoid, relu, leakyRelu, identity };

/**
 * Looks an activation up by name.
 *
 * @throws {InputError} For an unknown name, listing the known ones.
 * @example
 * ```ts
 * activation('tanh').derivativeAt(0); // 1
 * ```
 */
export function activation(name: ActivationName): Activation {
  return BY_NAME[checkChoice('activation', name, ACTIVATIONS)];
}
