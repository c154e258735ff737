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
 * A large batch goes through backpropagation in chunks of rows, each chunk's step
 * subtracted in turn (`chunkRowsFor`): the activations of a chunk stay in the CPU's
 * cache, and onnxruntime's elementwise passes and tall-operand products run faster there.
 */
import { LEAKY_RELU_SLOPE, type ActivationName } from '../activations.js';
import { BOOL, FLOAT32, INT32, INT64, constant, graph, model, node, tensorInfo, type Message } from './onnx-protobuf.js';

/** What a graph depends on: the network's shape, not its values. */
export interface GraphShape {
  sizes: readonly number[];
  activations: readonly ActivationName[];
  bias: boolean;
}

/** The opset the graphs use (ReduceMean takes axes as an attribute up to 17; Shape takes start and end from 15). */
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
  rowVector: constant('rowVector', INT64, [2], [1, -1]),
};

/**
 * Collects nodes and makes fresh names for intermediate tensors (`prefix` keeps a loop body's apart from
 * its graph's). A loop body's writer names its `parent`: the constants it uses are declared there, once,
 * since a nested graph may read its outer graphs' tensors but should not define their names again.
 */
function graphWriter(prefix = 't', parent?: { shared: { used: Set<string>; extra: Map<string, Message> } }) {
  const nodes: Message[] = [];
  const shared = parent?.shared ?? { used: new Set<string>(), extra: new Map<string, Message>() };
  let count = 0;
  const write = (op: string, inputs: readonly string[], output: string | readonly string[], attributes?: Parameters<typeof node>[3]) => {
    inputs.forEach((name) => shared.used.add(name));
    nodes.push(node(op, inputs, typeof output === 'string' ? [output] : output, attributes));
  };
  return {
    nodes,
    prefix,
    shared,
    /** Adds a node with one fresh output and returns the output's name. */
    add(op: string, inputs: readonly string[], attributes?: Parameters<typeof node>[3]): string {
      const out = `${prefix}${count++}_${op}`;
      write(op, inputs, out, attributes);
      return out;
    },
    /** Adds a node writing the named output(s). */
    write,
    /** Declares a constant of the outermost graph and returns its name. */
    constant(name: string, type: typeof FLOAT32 | typeof INT64, dims: readonly number[], values: readonly number[]): string {
      shared.extra.set(name, constant(name, type, dims, values));
      return name;
    },
    /** The constants the nodes of this graph and its bodies use (onnxruntime warns about unused ones); none in a body with a parent. */
    constants: (): Message[] => parent ? [] : [
      ...Object.entries(CONSTANTS).filter(([name]) => shared.used.has(name)).map(([, tensor]) => tensor),
      ...shared.extra.values(),
    ],
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

/** loss = mean((ŷ − y)²), for the forward model. */
function meanSquaredError(g: Writer, output: string): void {
  const error = g.add('Sub', [output, NAMES.targets]);
  g.write('ReduceMean', [g.add('Mul', [error, error])], NAMES.loss, { keepdims: { int: 0 } });
}

/** What one gradient step over some rows reads and writes: each parameter's step is subtracted from `from…` into `next…`. */
interface GradientNames extends Pick<StepNames, 'inputs' | 'targets' | 'scale' | 'loss' | 'weight' | 'bias' | 'nextWeight' | 'nextBias'> {
  fromWeight: (l: number) => string;
  fromBias: (l: number) => string;
}

/**
 * Backpropagation over some rows: the forward pass, the rows' mean squared error into `names.loss`, then
 * each parameter's step, subtracted from `fromWeight`/`fromBias` (the parameters themselves, or what the
 * batch's chunks before left of them).
 */
function writeGradientStep(g: Writer, shape: GraphShape, names: GradientNames): void {
  const a = forward(g, shape, names);
  const error = g.add('Sub', [a.at(-1)!, names.targets]);
  g.write('ReduceMean', [g.add('Mul', [error, error])], names.loss, { keepdims: { int: 0 } });
  let u = g.add('Mul', [error, names.scale]); // ∂L/∂ŷ times the learning rate (1×1: onnxruntime multiplies a one-column matrix by a scalar ~15x slower)
  for (let l = shape.activations.length - 1; l >= 0; l--) {
    const delta = multiplyByDerivative(g, shape.activations[l]!, u, a[l + 1]!);
    if (shape.sizes[l + 1] === 1) {
      // W − aᵀ·δ with one column as (δᵀ·a)ᵀ, δ a row: one pass over a, where Gemm with transA took 10–30x longer (W2: 0.5–1.6 ms against 0.05).
      const product = g.add('MatMul', [g.add('Reshape', [delta, 'rowVector']), a[l]!]);
      g.write('Sub', [names.fromWeight(l), g.add('Transpose', [product], { perm: { ints: [1, 0] } })], names.nextWeight(l));
    } else g.write('Gemm', [a[l]!, delta, names.fromWeight(l)], names.nextWeight(l), { alpha: -1, beta: 1, transA: { int: 1 } }); // W − aᵀ·δ
    if (shape.bias) g.write('Sub', [names.fromBias(l), g.add('ReduceSum', [delta, 'rowsAxis'], { keepdims: { int: 0 } })], names.nextBias(l)); // b − Σ_rows δ
    if (l > 0) u = g.add('Gemm', [delta, names.weight(l)], { transB: { int: 1 } }); // δ·Wᵀ, the old W
  }
}

/**
 * One training step's nodes: the loss before the step (the batch's mean squared error), backpropagation and
 * the update. With `chunkRows`, the batch's rows go through backpropagation that many at a time, a `Loop`
 * that subtracts each chunk's step from the parameters in turn (the forward passes all with the old ones)
 * and sums the chunks' losses weighted by their share of the rows: the same step up to float32 rounding,
 * but each chunk's activations stay in the CPU's cache, where the whole batch's would not. One chunk gives
 * exactly the numbers of no chunks (its share is 1).
 */
function writeTrainingStep(g: Writer, shape: GraphShape, names: StepNames, chunkRows?: number): void {
  if (chunkRows === undefined) {
    writeGradientStep(g, shape, { ...names, fromWeight: names.weight, fromBias: names.bias });
    return;
  }
  const body = graphWriter(`${g.prefix}c`, g);
  const p = body.prefix;
  const carried = { weight: (l: number) => `${p}W${l}_in`, bias: (l: number) => `${p}b${l}_in` };
  const updated = { weight: (l: number) => `${p}W${l}_out`, bias: (l: number) => `${p}b${l}_out` };
  const perChunk = g.constant(`rowsPerChunk${chunkRows}`, INT64, [1], [chunkRows]);
  const count = (tensor: string, w: Writer) => w.add('Cast', [w.add('Size', [tensor])], { to: { int: FLOAT32 } });
  const batchValues = count(names.targets, g);
  body.write('Identity', [`${p}cond`], `${p}cond_out`);
  const start = body.add('Mul', [body.add('Unsqueeze', [`${p}chunk`, 'rowsAxis']), perChunk]);
  const end = body.add('Add', [start, perChunk]); // past the batch's end: clamped
  const rows = (tensor: string) => body.add('Slice', [tensor, start, end, 'rowsAxis']);
  const targets = rows(names.targets);
  const chunkLoss = `${p}loss`;
  writeGradientStep(body, shape, {
    inputs: rows(names.inputs), targets, scale: names.scale, loss: chunkLoss, weight: names.weight, bias: names.bias,
    fromWeight: carried.weight, fromBias: carried.bias, nextWeight: updated.weight, nextBias: updated.bias,
  });
  const share = body.add('Div', [count(targets, body), batchValues]);
  body.write('Add', [`${p}lossSum_in`, body.add('Mul', [chunkLoss, share])], `${p}lossSum_out`);
  const bodyGraph = graph({
    nodes: body.nodes,
    constants: [],
    inputs: [tensorInfo(`${p}chunk`, [], INT64), tensorInfo(`${p}cond`, [], BOOL), ...parameterInfos(shape, carried.weight, carried.bias), tensorInfo(`${p}lossSum_in`, [])],
    outputs: [tensorInfo(`${p}cond_out`, [], BOOL), ...parameterInfos(shape, updated.weight, updated.bias), tensorInfo(`${p}lossSum_out`, [])],
  }, `${p}chunk`);
  // ⌈rows / chunkRows⌉ chunks
  const batchRows = g.add('Shape', [names.inputs], { start: { int: 0 }, end: { int: 1 } });
  const roundedUp = g.add('Add', [batchRows, g.constant(`rowsPerChunkLess1_${chunkRows}`, INT64, [1], [chunkRows - 1])]);
  const chunks = g.add('Squeeze', [g.add('Div', [roundedUp, perChunk]), 'rowsAxis']);
  const parameters = parameterNames(shape, names.weight, names.bias);
  g.write('Loop', [chunks, '', ...parameters, 'zero'], [...parameterNames(shape, names.nextWeight, names.nextBias), names.loss], { body: { graph: bodyGraph } });
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

/** Values of a layer's activations per chunk: 512 KiB of float32, half a Zen 4 core's L2 cache. */
const CHUNK_VALUES = 131_072;

/**
 * Rows per chunk of backpropagation for this shape: a power of two that keeps the widest
 * layer's activations of a chunk near 512 KiB (2,048 rows for W2's 64 units), at least 64.
 * Measured on W2 (16,384 rows of 8-64-64-1, one thread, the EPYC of 2026-11): a step took
 * 6.2–6.6 ms in chunks of 1,024–2,048 rows, 6.3–7.4 ms in chunks of 3,072–4,096, 8.8–9.8 ms
 * all at once (interleaved runs of one session each); the elementwise passes and the
 * weight gradients' products, whose transposed operand is a tall matrix, gain most.
 *
 * @example
 * ```ts
 * chunkRowsFor({ sizes: [8, 64, 64, 1], activations: ['tanh', 'tanh', 'identity'], bias: false }); // 2048
 * ```
 */
export function chunkRowsFor(shape: Pick<GraphShape, 'sizes'>): number {
  const widest = Math.max(...shape.sizes.slice(1));
  return Math.max(64, 2 ** Math.floor(Math.log2(CHUNK_VALUES / widest)));
}

/**
 * The model of one training step for networks of this shape: inputs `X`, `Y`,
 * `stepScale` (a 1×1 matrix) and the parameters `W{l}`, `b{l}`; outputs `loss` (the
 * batch's mean squared error before the step) and the updated `W{l}_next`, `b{l}_next`.
 *
 * @param chunkRows Backpropagate the batch this many rows at a time (see {@link chunkRowsFor});
 *   default: all at once.
 * @example
 * ```ts
 * const bytes = trainingStepModel({ sizes: [784, 128, 10], activations: ['tanh', 'identity'], bias: false });
 * ```
 */
export function trainingStepModel(shape: GraphShape, chunkRows?: number): Uint8Array {
  const g = graphWriter();
  writeTrainingStep(g, shape, NAMES, chunkRows);
  const outputs = [tensorInfo(NAMES.loss, []), ...parameterInfos(shape, NAMES.nextWeight, NAMES.nextBias)];
  const inputs = parameterInputs(shape, true);
  inputs.splice(2, 0, tensorInfo(NAMES.scale, [1, 1]));
  return model({ nodes: g.nodes, constants: g.constants(), inputs, outputs }, OPSET);
}

/**
 * The model of an epoch of minibatch steps in one `session.run`: an ONNX `Loop` whose
 * body is {@link trainingStepModel}'s step, the parameters carried from one iteration
 * to the next. Inputs: all the data `X` and `Y` (onnxruntime-node reads a CPU input in
 * place), `order` (int32 row numbers), `stepScales` (steps×1×1, one per step, so the steps are
 * their number) and the parameters `W{l}`, `b{l}`. Step k trains on rows
 * `order[k·batchSize .. (k+1)·batchSize)`, fewer for the last where `order` ends, which
 * the body `Gather`s. Outputs: `losses` (each batch's mean squared error before its
 * step) and the parameters after the last step, `W{l}_next`, `b{l}_next`. The steps
 * are the step model's nodes, so they give the same numbers to the last bit (with the
 * same `chunkRows`; a batch of at most `chunkRows` rows, the same as without).
 *
 * @example
 * ```ts
 * const bytes = trainingEpochModel({ sizes: [784, 128, 10], activations: ['tanh', 'identity'], bias: false }, 128);
 * ```
 */
export function trainingEpochModel(shape: GraphShape, batchSize: number, chunkRows?: number): Uint8Array {
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
  writeTrainingStep(body, shape, names, chunkRows);
  const bodyGraph = graph({
    nodes: body.nodes,
    constants: [...body.constants(), constant('batchSize', INT64, [1], [batchSize])],
    inputs: [tensorInfo('step', [], INT64), tensorInfo('cond', [], BOOL), ...parameterInfos(shape, carried.weight, carried.bias)],
    outputs: [tensorInfo('cond_out', [], BOOL), ...parameterInfos(shape, updated.nextWeight, updated.nextBias), tensorInfo('batchLoss', [])],
  }, 'step');
  // The trip count is the number of step scales; no condition ('').
  const g = graphWriter();
  const steps = g.add('Squeeze', [g.add('Shape', [NAMES.scales], { start: { int: 0 }, end: { int: 1 } }), 'stepsAxis']);
  const loopInputs = [steps, '', ...parameterNames(shape, NAMES.weight, NAMES.bias)];
  g.write('Loop', loopInputs, [...parameterNames(shape, NAMES.nextWeight, NAMES.nextBias), NAMES.losses], { body: { graph: bodyGraph } });
  const { sizes } = shape;
  const inputs = [
    tensorInfo(NAMES.inputs, ['rows', sizes[0]!]), tensorInfo(NAMES.targets, ['rows', sizes.at(-1)!]),
    tensorInfo(NAMES.order, ['rows'], INT32), tensorInfo(NAMES.scales, ['steps', 1, 1]), ...parameterInfos(shape, NAMES.weight, NAMES.bias),
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
