/**
 * Activation functions, each with its derivative written right beside it, in two
 * forms: on tensors (for training) and on plain numbers (for charts and tests).
 * Derivatives take the pre-activation `z`, so `derivative(z) = d activation(z) / dz`.
 * Taught in `04-deep-networks.ipynb`.
 */
import { tf } from './tf.js';
import { checkChoice } from './validate.js';

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
}

/** Slope of leaky ReLU for negative inputs. */
export const LEAKY_RELU_SLOPE = 0.01;

/**
 * Where sinh (and cosh) leave float32: |z| > ln(2 · 3.4028235e38) ≈ 89.4159.
 * Beyond it tfjs' sinh / cosh is Infinity / Infinity = NaN.
 */
export const FLOAT32_SINH_LIMIT = Math.log(2 * 3.4028234663852886e38);

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
