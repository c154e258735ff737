/**
 * A network's training step as one ONNX graph: the forward pass, hand-written
 * backpropagation and the gradient-descent update, written node by node from the
 * same formulas as `backprop.ts` and `typed-engine.ts` (no autodiff: ONNX has none).
 * The weights go in as inputs and come out updated as outputs, so one
 * `session.run` is one step, or a whole epoch of minibatch steps as a `Loop` over
 * the same step. Also the forward pass alone, for the loss or the output. Run by
 * `onnx-engine.ts`; measured in `09-does-vectorization-pay.ipynb`.
 *
 * For weight layer l, with `a` its input (`a₀ = X`) and `s` the step scale fed in:
 *   forward   z = a·W + b,   a' = act(z)
 *   output    u = s·(ŷ − y),  s = learningRate·2/(rows·outputs) for 'mse', learningRate for 'halfSse'
 *   backward  δ = u ⊙ act'(z) (from a'),   W ← W − aᵀ·δ,   b ← b − Σ_rows δ,   u ← δ·Wᵀ (the old W)
 * The learning rate rides on the output delta, so every gradient comes out as a step.
 */
import { LEAKY_RELU_SLOPE, type ActivationName } from '../activations.js';
import { BOOL, FLOAT32, INT32, INT64, constant, graph, model, node, tensorInfo, type Message } from './onnx-protobuf.js';

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
  order: 'order',
  scales: 'stepScales',
  losses: 'losses',
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

/** Collects nodes and makes fresh names for intermediate tensors (`prefix` keeps a loop body's apart from its graph's). */
function graphWriter(prefix = 't') {
  const nodes: Message[] = [];
  const used = new Set<string>();
  let count = 0;
  const write = (op: string, inputs: readonly string[], output: string | readonly string[], attributes?: Parameters<typeof node>[3]) => {
    inputs.forEach((name) => used.add(name));
    nodes.push(node(op, inputs, typeof output === 'string' ? [output] : output, attributes));
  };
  return {
    nodes,
    /** Adds a node with one fresh output and returns the output's name. */
    add(op: string, inputs: readonly string[], attributes?: Parameters<typeof node>[3]): string {
      const out = `${prefix}${count++}_${op}`;
      write(op, inputs, out, attributes);
      return out;
    },
    /** Adds a node writing the named output(s). */
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

/** The names one training step reads and writes (a loop body's differ from a graph's). */
interface StepNames {
  inputs: string;
  targets: string;
  scale: string;
  loss: string;
  weight: (l: number) => string;
  bias: (l: number) => string;
  nextWeight: (l: number) => string;
  nextBias: (l: number) => string;
}

/** The forward pass; returns every layer's output, `a[0]` the inputs. */
function forward(g: Writer, shape: GraphShape, names: Pick<StepNames, 'inputs' | 'weight' | 'bias'> = NAMES): string[] {
  const a: string[] = [names.inputs];
  shape.activations.forEach((name, l) => {
    const z = shape.bias ? g.add('Gemm', [a[l]!, names.weight(l), names.bias(l)]) : g.add('MatMul', [a[l]!, names.weight(l)]);
    a.push(activate(g, name, z));
  });
  return a;
}

/** The graph's inputs: the batch, then each layer's weights and biases. */
function parameterInputs(shape: GraphShape, withTargets: boolean): Message[] {
  const { sizes } = shape;
  const inputs: Message[] = [tensorInfo(NAMES.inputs, ['rows', sizes[0]!])];
  if (withTargets) inputs.push(tensorInfo(NAMES.targets, ['rows', sizes.at(-1)!]));
  return [...inputs, ...parameterInfos(shape, NAMES.weight, NAMES.bias)];
}

/** loss = mean((ŷ − y)²); returns the name of ŷ − y. */
function meanSquaredError(g: Writer, output: string, names: Pick<StepNames, 'targets' | 'loss'> = NAMES): string {
  const error = g.add('Sub', [output, names.targets]);
  g.write('ReduceMean', [g.add('Mul', [error, error])], names.loss, { keepdims: { int: 0 } });
  return error;
}

/** One training step's nodes: the forward pass, the loss before the step, backpropagation and the update. */
function writeTrainingStep(g: Writer, shape: GraphShape, names: StepNames): void {
  const a = forward(g, shape, names);
  let u = g.add('Mul', [meanSquaredError(g, a.at(-1)!, names), names.scale]); // ∂L/∂ŷ times the learning rate
  for (let l = shape.activations.length - 1; l >= 0; l--) {
    const delta = multiplyByDerivative(g, shape.activations[l]!, u, a[l + 1]!);
    g.write('Gemm', [a[l]!, delta, names.weight(l)], names.nextWeight(l), { alpha: -1, beta: 1, transA: { int: 1 } }); // W − aᵀ·δ
    if (shape.bias) g.write('Sub', [names.bias(l), g.add('ReduceSum', [delta, 'rowsAxis'], { keepdims: { int: 0 } })], names.nextBias(l)); // b − Σ_rows δ
    if (l > 0) u = g.add('Gemm', [delta, names.weight(l)], { transB: { int: 1 } }); // δ·Wᵀ
  }
}

/** The parameters' names in input order: each layer's weights, then its biases. */
function parameterNames(shape: GraphShape, weight: (l: number) => string, bias: (l: number) => string): string[] {
  return shape.activations.flatMap((_, l) => (shape.bias ? [weight(l), bias(l)] : [weight(l)]));
}

/** The parameters' value infos, in input order. */
function parameterInfos(shape: GraphShape, weight: (l: number) => string, bias: (l: number) => string): Message[] {
  const { sizes } = shape;
  return shape.activations.flatMap((_, l) => {
    const infos = [tensorInfo(weight(l), [sizes[l]!, sizes[l + 1]!])];
    if (shape.bias) infos.push(tensorInfo(bias(l), [sizes[l + 1]!]));
    return infos;
  });
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
  writeTrainingStep(g, shape, NAMES);
  const outputs = [tensorInfo(NAMES.loss, []), ...parameterInfos(shape, NAMES.nextWeight, NAMES.nextBias)];
  const inputs = parameterInputs(shape, true);
  inputs.splice(2, 0, tensorInfo(NAMES.scale, []));
  return model({ nodes: g.nodes, constants: g.constants(), inputs, outputs }, OPSET);
}

/**
 * The model of an epoch of minibatch steps in one `session.run`: an ONNX `Loop` whose
 * body is {@link trainingStepModel}'s step, the parameters carried from one iteration
 * to the next. Inputs: all the data `X` and `Y` (onnxruntime-node reads a CPU input in
 * place), `order` (int32 row numbers), `stepScales` (one per step, so the steps are
 * their number) and the parameters `W{l}`, `b{l}`. Step k trains on rows
 * `order[k·batchSize .. (k+1)·batchSize)`, fewer for the last where `order` ends, which
 * the body `Gather`s. Outputs: `losses` (each batch's mean squared error before its
 * step) and the parameters after the last step, `W{l}_next`, `b{l}_next`. The steps
 * are the step model's nodes, so they give the same numbers to the last bit.
 *
 * @example
 * ```ts
 * const bytes = trainingEpochModel({ sizes: [784, 128, 10], activations: ['tanh', 'identity'], bias: false }, 128);
 * ```
 */
export function trainingEpochModel(shape: GraphShape, batchSize: number): Uint8Array {
  const carried = { weight: (l: number) => `W${l}_in`, bias: (l: number) => `b${l}_in` };
  const updated = { nextWeight: (l: number) => `W${l}_out`, nextBias: (l: number) => `b${l}_out` };
  // The body's own tensors are named apart from the outer graph's, whose X, Y, order and stepScales it reads.
  const body = graphWriter('s');
  body.write('Identity', ['cond'], 'cond_out');
  const start = body.add('Mul', [body.add('Unsqueeze', ['step', 'rowsAxis']), 'batchSize']);
  const rows = body.add('Slice', [NAMES.order, start, body.add('Add', [start, 'batchSize'])]); // ends past the data are clamped
  const names: StepNames = {
    ...NAMES, ...carried, ...updated, loss: 'batchLoss',
    inputs: body.add('Gather', [NAMES.inputs, rows], { axis: { int: 0 } }),
    targets: body.add('Gather', [NAMES.targets, rows], { axis: { int: 0 } }),
    scale: body.add('Gather', [NAMES.scales, 'step'], { axis: { int: 0 } }),
  };
  writeTrainingStep(body, shape, names);
  const bodyGraph = graph({
    nodes: body.nodes,
    constants: [...body.constants(), constant('batchSize', INT64, [1], [batchSize])],
    inputs: [tensorInfo('step', [], INT64), tensorInfo('cond', [], BOOL), ...parameterInfos(shape, carried.weight, carried.bias)],
    outputs: [tensorInfo('cond_out', [], BOOL), ...parameterInfos(shape, updated.nextWeight, updated.nextBias), tensorInfo('batchLoss', [])],
  }, 'step');
  // The trip count is the number of step scales; no condition ('').
  const g = graphWriter();
  const steps = g.add('Squeeze', [g.add('Shape', [NAMES.scales]), 'stepsAxis']);
  const loopInputs = [steps, '', ...parameterNames(shape, NAMES.weight, NAMES.bias)];
  g.write('Loop', loopInputs, [...parameterNames(shape, NAMES.nextWeight, NAMES.nextBias), NAMES.losses], { body: { graph: bodyGraph } });
  const { sizes } = shape;
  const inputs = [
    tensorInfo(NAMES.inputs, ['rows', sizes[0]!]), tensorInfo(NAMES.targets, ['rows', sizes.at(-1)!]),
    tensorInfo(NAMES.order, ['rows'], INT32), tensorInfo(NAMES.scales, ['steps']), ...parameterInfos(shape, NAMES.weight, NAMES.bias),
  ];
  const outputs = [tensorInfo(NAMES.losses, ['steps']), ...parameterInfos(shape, NAMES.nextWeight, NAMES.nextBias)];
  return model({ nodes: g.nodes, constants: [constant('stepsAxis', INT64, [1], [0])], inputs, outputs }, OPSET);
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
