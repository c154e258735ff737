// The bench's timing rule (tools/bench/stack-timing.ts) and its Python twin
// (tools/bench/python/common.py): the same warm-up, samples and stopping for every
// stack, and the first epoch in the same row order as trainNetwork's.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom, shuffleInPlace, trainNetwork, workload, workloadProblem } from '../../../src/index.js';
import { EpochClock, firstEpochOrder, runUntilDone, type RunSpec } from '../../../tools/bench/stack-timing.js';

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({ warmupEpochs: 2, minEpochs: 3, maxEpochs: 6, budgetSeconds: 0, chunk: 1, probeRows: 0, ...over });

/** Feeds the clock epochs (losses 10, 11, …) until it says stop; returns how many it took. */
function drive(clock: EpochClock, limit = 100_000): number {
  for (let epoch = 1; epoch <= limit; epoch++) if (clock.epochEnded(9 + epoch)) return epoch;
  return limit;
}

describe('EpochClock', () => {
  it('leaves the warm-up epochs untimed, takes the first loss from epoch 1, and stops after minEpochs once the budget is spent', () => {
    const clock = new EpochClock(spec());
    expect(drive(clock)).toBe(2 + 3);
    const timing = clock.timing(4);
    expect(timing).toMatchObject({ firstLoss: 10, rows: 4, warmupEpochs: 2, timedEpochs: 3 });
    expect(timing.secondsPerEpoch).toHaveLength(3);
    expect(timing.cpuSecondsPerEpoch).toHaveLength(3);
    expect(timing.secondsPerEpoch.every((s) => s >= 0)).toBe(true);
  });

  it('keeps timing until the budget is spent, but never past maxEpochs', () => {
    const clock = new EpochClock(spec({ budgetSeconds: 3600 }));
    expect(drive(clock)).toBe(2 + 6);
    expect(clock.timing(1).timedEpochs).toBe(6);
  });

  it('takes one sample per chunk of tiny epochs, and stops only at a chunk boundary', () => {
    const clock = new EpochClock(spec({ warmupEpochs: 1000, minEpochs: 1000, maxEpochs: 3000, chunk: 100 }));
    expect(drive(clock)).toBe(1000 + 1000);
    const timing = clock.timing(4);
    expect(timing.secondsPerEpoch).toHaveLength(10);
    expect(timing.warmupEpochs).toBe(1000);
  });

  it('restart() moves the start of the timed part only between the warm-up and the first timed epoch', () => {
    const clock = new EpochClock(spec({ warmupEpochs: 1, minEpochs: 1, maxEpochs: 1 }));
    clock.restart(); // before the warm-up: ignored
    expect(clock.epochEnded(5)).toBe(false);
    clock.restart();
    expect(clock.epochEnded(4)).toBe(true);
    expect(clock.timing(1)).toMatchObject({ firstLoss: 5, warmupEpochs: 1, timedEpochs: 1 });
  });

  it('refuses a spec without warm-up, or with epoch counts that are not whole chunks', () => {
    expect(() => new EpochClock(spec({ warmupEpochs: 0 }))).toThrow(/warm-up/);
    expect(() => new EpochClock(spec({ chunk: 100, minEpochs: 150, maxEpochs: 300 }))).toThrow(/multiples of chunk/);
    expect(() => new EpochClock(spec({ minEpochs: 7 }))).toThrow(/minEpochs ≤ maxEpochs/);
  });

  it('runUntilDone ends a run when the clock stops it inside a training callback, and passes other errors on', async () => {
    const clock = new EpochClock(spec());
    let epochs = 0;
    await runUntilDone(() => {
      for (;;) {
        epochs += 1;
        clock.epochEndedOrStop(1);
      }
    });
    expect(epochs).toBe(5);
    await expect(runUntilDone(() => { throw new Error('real failure'); })).rejects.toThrow('real failure');
  });
});

describe('firstEpochOrder', () => {
  it("is the order of trainNetwork's first epoch with shuffle seed 1: a stack trained in it gets trainNetwork's first-epoch loss", () => {
    const w = { ...workload('W3'), rows: 512 };
    const problem = workloadProblem(w);
    const order = firstEpochOrder(512);
    const identity = Uint32Array.from({ length: 512 }, (_, i) => i);
    shuffleInPlace(identity, createRandom(1));
    expect(order).toEqual(identity);
    const shuffled = trainNetwork(problem.network, problem.inputs, problem.targets, { learningRate: w.learningRate, epochs: 1, batchSize: 128, shuffleSeed: 1, engine: 'typed' });
    // The same rows trained batch by batch in that order (each batch one full-batch step) give the same loss; another order does not.
    const byBatches = (rows: readonly number[]) => {
      let network = problem.network;
      let lossSum = 0;
      for (let start = 0; start < 512; start += 128) {
        const batch = rows.slice(start, start + 128);
        const run = trainNetwork(network, batch.map((i) => problem.inputs[i]!), batch.map((i) => problem.targets[i]!), { learningRate: w.learningRate, epochs: 1, engine: 'typed' });
        lossSum += run.history[0]!.loss * 128;
        network = run.network;
      }
      return lossSum / 512;
    };
    expect(byBatches([...order])).toBeCloseTo(shuffled.history[0]!.loss, 12);
    expect(byBatches([...order].reverse())).not.toBeCloseTo(shuffled.history[0]!.loss, 6);
  });
});

describe('the Python twin of EpochClock (python/common.py)', () => {
  const python = process.env['BACKPROP_BENCH_NUMPY_PYTHON'] ?? 'python3';
  const hasNumpy = spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

  it.skipIf(!hasNumpy)('counts warm-up and timed epochs, first loss and chunks exactly as the TypeScript clock does', () => {
    const specs = [spec(), spec({ budgetSeconds: 3600 }), spec({ warmupEpochs: 1000, minEpochs: 1000, maxEpochs: 3000, chunk: 100 }), spec({ warmupEpochs: 1, minEpochs: 2, maxEpochs: 2 })];
    const script = `
import json, sys
from common import EpochClock
out = []
for spec in json.loads(sys.argv[1]):
    clock = EpochClock(spec)
    epoch = 0
    while True:
        epoch += 1
        if clock.epoch_ended(9 + epoch):
            break
    out.append({"epochs": epoch, "firstLoss": clock.first_loss, "warmupEpochs": min(clock.epochs, spec["warmupEpochs"]), "timedEpochs": clock.timed, "samples": len(clock.wall), "cpuSamples": len(clock.cpu)})
print(json.dumps(out))`;
    const run = spawnSync(python, ['-c', script, JSON.stringify(specs)], { encoding: 'utf8', cwd: join(import.meta.dirname, '../../../tools/bench/python') });
    expect(run.stderr).toBe('');
    const fromPython = JSON.parse(run.stdout) as unknown[];
    const fromTs = specs.map((s) => {
      const clock = new EpochClock(s);
      const epochs = drive(clock);
      const t = clock.timing(1);
      return { epochs, firstLoss: t.firstLoss, warmupEpochs: t.warmupEpochs, timedEpochs: t.timedEpochs, samples: t.secondsPerEpoch.length, cpuSamples: t.cpuSecondsPerEpoch.length };
    });
    expect(fromPython).toEqual(fromTs);
  });
});
