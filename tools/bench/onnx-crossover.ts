/**
 * Where the onnx engine pays, measured side by side in one process on the wasm
 * backend: W3 and W2 epochs against the tensor engine (onnxruntime on 1 and on 2
 * threads, and on 1 thread with one session run per step, as before epochs ran
 * ahead in one run, and for W2 with the batch backpropagated all at once, as before
 * chunks), the onnx engine's fixed cost per step (the article's 2-4-1 network on 4
 * rows), and a sweep of work per step (rows × parameters) for the
 * crossover against the typed and tensor engines that `chooseEngine` encodes. Every
 * stack trains through `trainNetwork`, like the notebooks; rounds interleave the
 * stacks so a slow spell of a shared machine hits all of them, and each stack's best
 * and median epoch are compared.
 *
 * Usage: `npm run build && node dist-tools/bench/onnx-crossover.js [--rounds N] [--quick] [--workloads]`
 * (`--workloads`: W3 and W2 only; exit code 0, or 1 if onnxruntime-node does not load).
 * Prints tables to stdout, each stack's epochs to stderr.
 */
import { availableParallelism, loadavg } from 'node:os';
import { createNetwork, formatTable, parameterCount, selectBackend, trainNetwork, workload, workloadProblem, type EngineName, type Network } from 'backprop-ts';

type Stack = { label: string; engine: Exclude<EngineName, 'auto'>; threads?: number; runPerStep?: boolean; unchunked?: boolean };

const WASM: Stack = { label: 'tensor (wasm)', engine: 'tensor' };
const ONNX1: Stack = { label: 'onnx, 1 thread', engine: 'onnx', threads: 1 };
const ONNX2: Stack = { label: 'onnx, 2 threads', engine: 'onnx', threads: 2 };
const ONNX1_PER_STEP: Stack = { label: 'onnx, 1 thread, a run per step', engine: 'onnx', threads: 1, runPerStep: true };
const ONNX1_UNCHUNKED: Stack = { label: 'onnx, 1 thread, batch not in chunks', engine: 'onnx', threads: 1, unchunked: true };

/** The onnx engine's settings for a stack, through its environment variables (trainNetwork takes an engine's name only). */
function configure(stack: Stack): void {
  process.env['BACKPROP_ONNX_THREADS'] = String(stack.threads ?? 1);
  process.env['BACKPROP_ONNX_RUN_AHEAD'] = stack.runPerStep ? '0' : '1';
  if (stack.unchunked) process.env['BACKPROP_ONNX_CHUNK_ROWS'] = String(2 ** 31);
  else delete process.env['BACKPROP_ONNX_CHUNK_ROWS'];
}
const TYPED: Stack = { label: 'typed', engine: 'typed' };

/** Seconds per epoch of each timed epoch (after an untimed first one), and the CPU seconds per epoch. */
function timeEpochs(stack: Stack, network: Network, inputs: number[][], targets: number[][], batchSize: number, epochs: number): { perEpoch: number[]; cpuPerEpoch: number; firstLoss: number } {
  configure(stack);
  const stamps: number[] = [];
  let cpuStart = process.cpuUsage();
  const { history } = trainNetwork(network, inputs, targets, {
    learningRate: 0.01,
    epochs: epochs + 1,
    batchSize,
    engine: stack.engine,
    onEpoch: () => {
      stamps.push(performance.now());
      if (stamps.length === 1) cpuStart = process.cpuUsage();
    },
  });
  const cpu = process.cpuUsage(cpuStart);
  const perEpoch = stamps.slice(1).map((t, k) => (t - stamps[k]!) / 1000);
  return { perEpoch, cpuPerEpoch: (cpu.user + cpu.system) / 1e6 / epochs, firstLoss: history[0]!.loss };
}

const min = (values: readonly number[]) => values.reduce((a, b) => Math.min(a, b), Infinity);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};
const ms = (s: number) => `${(s * 1000).toPrecision(3)} ms`;
const us = (s: number) => `${(s * 1e6).toPrecision(3)} µs`;

/** A workload's epochs on each stack, interleaved over rounds; a table of best and median epochs and the ratio to wasm. */
function compareWorkload(name: 'W2' | 'W3', stacks: readonly Stack[], rounds: number, epochs: number, rows?: number): string {
  const w = workload(name);
  const problem = workloadProblem(w, rows === undefined ? {} : { rows });
  const samples = new Map<Stack, number[]>(stacks.map((s) => [s, []]));
  const cpu = new Map<Stack, number[]>(stacks.map((s) => [s, []]));
  const losses = new Map<Stack, number>();
  for (let round = 0; round < rounds; round++) {
    for (const stack of round % 2 ? [...stacks].reverse() : stacks) {
      const t = timeEpochs(stack, problem.network, problem.inputs, problem.targets, Math.min(w.batchSize, problem.inputs.length), epochs);
      samples.get(stack)!.push(...t.perEpoch);
      cpu.get(stack)!.push(t.cpuPerEpoch);
      losses.set(stack, t.firstLoss);
      process.stderr.write(`${name} round ${round + 1} ${stack.label}: ${t.perEpoch.map(ms).join(', ')}\n`);
    }
  }
  const base = samples.get(stacks[0]!)!;
  const rowsNote = problem.inputs.length === w.rows ? '' : ` (first ${problem.inputs.length} rows)`;
  return `${name}: ${w.description}${rowsNote}, ${epochs} timed epochs × ${rounds} rounds\n` + formatTable(
    ['stack', 'best epoch', 'median epoch', 'CPU per epoch', 'wasm ÷ this (best)', 'wasm ÷ this (median)', 'first-epoch loss'],
    stacks.map((s) => {
      const t = samples.get(s)!;
      return [s.label, ms(min(t)), ms(median(t)), ms(median(cpu.get(s)!)), (min(base) / min(t)).toFixed(2), (median(base) / median(t)).toFixed(2), losses.get(s)!.toPrecision(7)];
    }),
  );
}

/** Seconds per full-batch step of `network` on `rows` random rows: the best of `rounds` medians. */
function stepSeconds(stack: Stack, network: Network, rows: number, rounds: number, targetSeconds: number): number {
  const inputs = Array.from({ length: rows }, (_, r) => Array.from({ length: network.sizes[0]! }, (_, c) => Math.sin(r * 7 + c)));
  const targets = inputs.map((row) => [Math.cos(row.reduce((a, b) => a + b, 0))]);
  const probe = median(timeEpochs(stack, network, inputs, targets, rows, 5).perEpoch);
  const epochs = Math.max(5, Math.min(5000, Math.round(targetSeconds / probe)));
  let best = Infinity;
  for (let round = 0; round < rounds; round++) best = Math.min(best, median(timeEpochs(stack, network, inputs, targets, rows, epochs).perEpoch));
  return best;
}

/** What a `trainNetwork` call costs beyond its steps (checks, copies, building the engine): the best of `rounds` one-epoch runs minus a step. */
function setupSeconds(stack: Stack, network: Network, rounds: number): number {
  const [inputs, targets] = [[[1, 2], [3, 4], [5, 6], [7, 8]], [1, 2, 3, 4]];
  let best = Infinity;
  for (let round = 0; round < rounds * 5; round++) {
    configure(stack);
    const start = performance.now();
    trainNetwork(network, inputs, targets, { learningRate: 0.01, epochs: 1, engine: stack.engine });
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

/** The sweep: networks rows-h-h-1 on `rows` rows, one step each, on typed, tensor (wasm) and onnx (1 thread). */
function crossover(rounds: number, quick: boolean): string {
  const cases: [number, number, number][] = quick
    ? [[8, 8, 64], [16, 16, 256], [32, 32, 256], [64, 64, 256]]
    : [[2, 4, 4], [4, 8, 8], [4, 8, 16], [8, 8, 32], [8, 8, 64], [8, 16, 64], [16, 16, 128], [16, 16, 256], [32, 32, 256], [64, 64, 256], [128, 128, 256]];
  const rowsOut = cases.map(([inputs, width, rows]) => {
    const network = createNetwork([inputs, width, width, 1], { seed: 1, bias: true });
    const work = rows * parameterCount(network);
    const [typed, tensor, onnx] = [TYPED, WASM, ONNX1].map((s) => stepSeconds(s, network, rows, rounds, quick ? 0.1 : 0.4));
    const best = Math.min(typed!, tensor!);
    process.stderr.write(`sweep ${inputs}-${width}-${width}-1 × ${rows}: typed ${us(typed!)}, tensor ${us(tensor!)}, onnx ${us(onnx!)}\n`);
    return [`${inputs}-${width}-${width}-1`, rows, work, us(typed!), us(tensor!), us(onnx!), (best / onnx!).toFixed(2)];
  });
  return 'Work per step (rows × parameters) against time per full-batch step, best of rounds\n' +
    formatTable(['network', 'rows', 'rows × parameters', 'typed', 'tensor (wasm)', 'onnx (1 thread)', 'best other ÷ onnx'], rowsOut);
}

async function main(args: readonly string[]): Promise<number> {
  const quick = args.includes('--quick');
  const workloadsOnly = args.includes('--workloads');
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : quick ? 1 : 3;
  await selectBackend({ backend: 'wasm' });
  try {
    trainNetwork(createNetwork([1, 1], { seed: 1 }), [[1]], [1], { learningRate: 0.1, epochs: 1, engine: 'onnx' });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  console.log(`onnx-crossover, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} CPUs\n`);
  if (!workloadsOnly) {
    const tiny = createNetwork([2, 4, 1], { seed: 1 });
    const fixed = [TYPED, ONNX1, WASM].map((s) => [s.label, us(stepSeconds(s, tiny, 4, rounds, 0.3)), ms(setupSeconds(s, tiny, rounds))]);
    console.log(`Fixed costs: the 2-4-1 network on 4 rows, full batch\n${formatTable(['stack', 'per step', 'per trainNetwork call'], fixed)}\n`);
    console.log(`${crossover(rounds, quick)}\n`);
  }
  console.log(`${compareWorkload('W3', [WASM, ONNX1, ONNX2, ONNX1_PER_STEP], rounds, quick ? 1 : 2, quick ? 12_800 : undefined)}\n`);
  console.log(compareWorkload('W2', [WASM, ONNX1, ONNX2, ONNX1_UNCHUNKED], rounds, quick ? 3 : 10));
  console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
