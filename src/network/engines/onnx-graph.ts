/**
 * A network's training step as one ONNX graph: the forward pass, hand-written
 * backpropagation and the gradient-descent update, written node by node from the
 * same formulas as `backprop.ts` and `typed-engine.ts` (no autodiff: ONNX has none).
 * The weights go in as inputs and come out updated as outputs, so one
 * `session.run` is one step. Also the forward pass alone, for the loss or the
 * output. Run by `onnx-engine.ts`; measured in `09-does-vectorization-pay.ipynb`.
 *
 * For weight layer l, with `a` its input (`a₀ = X`) and `s` the step scale fed in:
 *   forward   z = a·W + b,   a' = act(z)
 *   output    u = s·(ŷ − y),  s = learningRate·2/(rows·outputs) for 'mse', learningRate for 'halfSse'
 *   backward  δ = u ⊙ act'(z) (from a'),   W ← W − aᵀ·δ,   b ← b − Σ_rows δ,   u ← δ·Wᵀ (the old W)
 * The learning rate rides on the output delta, so every gradient comes out as a step.
 */
import { LEAKY_RELU_SLOPE, type ActivationName } from '../activations.js';
import { FLOAT32, INT64, constant, model, node, tensorInfo, type Message } from './onnx-protobuf.js';

/** What a graph depends on: the network's shape, not its values. */
export interface GraphShape {
  sizes: readonly number[];
  activations: readonly ActivationName[];
  bias: boolean;
}

/** The opset the graphs use (ReduceMean takes axes as an attribute up to 17). */
const OPSET = 17;

/** Names of the graphs' tensors, shared with the engine that feeds and fetches them. */
export const NAMES = {
  inputs: 'X',
  targets: 'Y',
  scale: 'stepScale',
  loss: 'loss',
  output: 'output',
  weight: (l: number) => `W${l}`,
  bias: (l: number) => `b${l}`,
  nextWeight: (l: number) => `W${l}_next`,
  nextBias: (l: number) => `b${l}_next`,
} as const;

/** Scalar constants the activations' derivatives use. */
const CONSTANTS: Readonly<Record<string, Message>> = {
  one: constant('one', FLOAT32, [], [1]),
  zero: constant('zero', FLOAT32, [], [0]),
  slope: constant('slope', FLOAT32, [], [LEAKY_RELU_SLOPE]),
  rowsAxis: constant('rowsAxis', INT64, [1], [0]),
};

/** Collects nodes and makes fresh names for intermediate tensors. */
function graphWriter() {
  const nodes: Message[] = [];
  const used = new Set<string>();
  let count = 0;
  const write = (op: string, inputs: readonly string[], output: string, attributes?: Parameters<typeof node>[3]) => {
    inputs.forEach((name) => used.add(name));
    nodes.push(node(op, inputs, [output], attributes));
  };
  return {
    nodes,
    /** Adds a node with one fresh output and returns the output's name. */
    add(op: string, inputs: readonly string[], attributes?: Parameters<typeof node>[3]): string {
      const out = `t${count++}_${op}`;
      write(op, inputs, out, attributes);
      return out;
    },
    /** Adds a node writing the named output. */
    write,
    /** The constants the nodes use (onnxruntime warns about unused ones). */
    constants: () => Object.entries(CONSTANTS).filter(([name]) => used.has(name)).map(([, tensor]) => tensor),
  };
}
type Writer = ReturnType<typeof graphWriter>;

/** a' = act(z); the identity returns z itself. */
function activate(g: Writer, name: ActivationName, z: string): string {
  switch (name) {
    case 'tanh': return g.add('Tanh', [z]);
    case 'tanhSinhCosh': return g.add('Div', [g.add('Sinh', [z]), g.add('Cosh', [z])]); // overflows past |z| ≈ 89.4, as the article's does
    case 'sigmoid': return g.add('Sigmoid', [z]);
    case 'relu': return g.add('Relu', [z]);
    case 'leakyRelu': return g.add('LeakyRelu', [z], { alpha: LEAKY_RELU_SLOPE });
    case 'identity': return z;
  }
}

/** δ = u ⊙ act'(z), the derivative taken from the output a (as `Activation.multiplyByDerivativeInPlace` does). */
function multiplyByDerivative(g: Writer, name: ActivationName, u: string, a: string): string {
  switch (name) {
    case 'tanh':
    case 'tanhSinhCosh': return g.add('Mul', [u, g.add('Sub', ['one', g.add('Mul', [a, a])])]); // 1 − a²
    case 'sigmoid': return g.add('Mul', [u, g.add('Mul', [a, g.add('Sub', ['one', a])])]); // a(1 − a)
    case 'relu': return g.add('Where', [g.add('Greater', [a, 'zero']), u, 'zero']); // 1 if a > 0, else 0
    case 'leakyRelu': return g.add('Where', [g.add('Greater', [a, 'zero']), u, g.add('Mul', [u, 'slope'])]); // 1 if a > 0, else the slope
    case 'identity': return u;
  }
}

/** The forward pass; returns every layer's output, `a[0]` the inputs. */
function forward(g: Writer, shape: GraphShape): string[] {
  const a: string[] = [NAMES.inputs];
  shape.activations.forEach((name, l) => {
    const z = shape.bias ? g.add('Gemm', [a[l]!, NAMES.weight(l), NAMES.bias(l)]) : g.add('MatMul', [a[l]!, NAMES.weight(l)]);
    a.push(activate(g, name, z));
  });
  return a;
}

/** The graph's inputs: the batch, then each layer's weights and biases. */
function parameterInputs(shape: GraphShape, withTargets: boolean): Message[] {
  const { sizes } = shape;
  const inputs: Message[] = [tensorInfo(NAMES.inputs, ['rows', sizes[0]!])];
  if (withTargets) inputs.push(tensorInfo(NAMES.targets, ['rows', sizes.at(-1)!]));
  for (let l = 0; l + 1 < sizes.length; l++) {
    inputs.push(tensorInfo(NAMES.weight(l), [sizes[l]!, sizes[l + 1]!]));
    if (shape.bias) inputs.push(tensorInfo(NAMES.bias(l), [sizes[l + 1]!]));
  }
  return inputs;
}

/** loss = mean((ŷ − y)²); returns the name of ŷ − y. */
function meanSquaredError(g: Writer, output: string): string {
  const error = g.add('Sub', [output, NAMES.targets]);
  g.write('ReduceMean', [g.add('Mul', [error, error])], NAMES.loss, { keepdims: { int: 0 } });
  return error;
}

/**
 * The model of one training step for networks of this shape: inputs `X`, `Y`,
 * `stepScale` (a scalar) and the parameters `W{l}`, `b{l}`; outputs `loss` (the
 * batch's mean squared error before the step) and the updated `W{l}_next`, `b{l}_next`.
 *
 * @example
 * ```ts
 * const bytes = trainingStepModel({ sizes: [784, 128, 10], activations: ['tanh', 'identity'], bias: false });
 * ```
 */
export function trainingStepModel(shape: GraphShape): Uint8Array {
  const g = graphWriter();
  const a = forward(g, shape);
  let u = g.add('Mul', [meanSquaredError(g, a.at(-1)!), NAMES.scale]); // ∂L/∂ŷ times the learning rate
  const outputs = [tensorInfo(NAMES.loss, [])];
  const { sizes } = shape;
  for (let l = shape.activations.length - 1; l >= 0; l--) {
    const delta = multiplyByDerivative(g, shape.activations[l]!, u, a[l + 1]!);
    g.write('Gemm', [a[l]!, delta, NAMES.weight(l)], NAMES.nextWeight(l), { alpha: -1, beta: 1, transA: { int: 1 } }); // W − aᵀ·δ
    if (shape.bias) g.write('Sub', [NAMES.bias(l), g.add('ReduceSum', [delta, 'rowsAxis'], { keepdims: { int: 0 } })], NAMES.nextBias(l)); // b − Σ_rows δ
    if (l > 0) u = g.add('Gemm', [delta, NAMES.weight(l)], { transB: { int: 1 } }); // δ·Wᵀ
  }
  for (let l = 0; l < shape.activations.length; l++) {
    outputs.push(tensorInfo(NAMES.nextWeight(l), [sizes[l]!, sizes[l + 1]!]));
    if (shape.bias) outputs.push(tensorInfo(NAMES.nextBias(l), [sizes[l + 1]!]));
  }
  const inputs = parameterInputs(shape, true);
  inputs.splice(2, 0, tensorInfo(NAMES.scale, []));
  return model({ nodes: g.nodes, constants: g.constants(), inputs, outputs }, OPSET);
}

/**
 * The model of the forward pass alone: inputs `X` and the parameters, plus `Y` when
 * it computes the loss; one output, `loss` (the mean squared error) or `output` (ŷ).
 *
 * @example
 * ```ts
 * const bytes = forwardModel({ sizes: [2, 4, 1], activations: ['tanh', 'identity'], bias: true }, 'loss');
 * ```
 */
export function forwardModel(shape: GraphShape, result: 'loss' | 'output'): Uint8Array {
  const g = graphWriter();
  const a = forward(g, shape);
  if (result === 'loss') meanSquaredError(g, a.at(-1)!);
  else g.write('Identity', [a.at(-1)!], NAMES.output);
  const outputs = [result === 'loss' ? tensorInfo(NAMES.loss, []) : tensorInfo(NAMES.output, ['rows', shape.sizes.at(-1)!])];
  return model({ nodes: g.nodes, constants: g.constants(), inputs: parameterInputs(shape, result === 'loss'), outputs }, OPSET);
}
