/**
 * How every stack is timed, ours in this process and the Python peers alike
 * (python/common.py implements the same rule from the same numbers):
 *
 * 1. a probe epoch on the first rows of a minibatch workload (the full run plans the
 *    rows of slow stacks from it), untimed;
 * 2. one run from the initial weights: `warmupEpochs` untimed epochs (the first of them
 *    gives the first-epoch loss, in the row order every stack shares), then timed
 *    epochs, at least `minEpochs`, until `budgetSeconds` of them have passed, at most
 *    `maxEpochs`. Tiny epochs are timed in chunks of `chunk` epochs (one sample each),
 *    so that one pause of the process spoils one sample rather than the run.
 *
 * Each sample is taken in wall-clock time and in CPU time of the whole process.
 */
import { createRandom, shuffleInPlace } from 'backprop-ts/internal';

/** The shuffle seed of every stack that shuffles like `trainNetwork`: its first epoch's order is {@link firstEpochOrder}. */
export const SHUFFLE_SEED = 1;

/**
 * The row order of the first epoch of `trainNetwork` with {@link SHUFFLE_SEED}: every
 * stack, the peers and tfjs Layers included, trains its first epoch in this order, so
 * that first-epoch losses agree to float32 rounding.
 */
export function firstEpochOrder(rows: number): Uint32Array {
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  shuffleInPlace(order, createRandom(SHUFFLE_SEED));
  return order;
}

/** The numbers of one measurement, the same for every stack of a workload. */
export interface RunSpec {
  /** Untimed epochs at the start of the run, from the initial weights. At least 1. */
  warmupEpochs: number;
  /** Timed epochs, at least (a multiple of `chunk`). */
  minEpochs: number;
  /** Timed epochs, at most (a multiple of `chunk`). */
  maxEpochs: number;
  /** Timing stops at the first chunk boundary after this many seconds of timed epochs (and `minEpochs`). */
  budgetSeconds: number;
  /** Epochs per sample: 1, or 100 for tiny epochs. */
  chunk: number;
  /** Rows of the probe epoch before the run (minibatch workloads), or 0 for none. */
  probeRows: number;
}

/** A stack's timing of one measurement. */
export interface StackTiming {
  /** Wall-clock seconds per epoch of every sample (a chunk's mean for tiny epochs). */
  secondsPerEpoch: number[];
  /** CPU seconds per epoch of the same samples (the whole process: every thread). */
  cpuSecondsPerEpoch: number[];
  /** Loss of the first warm-up epoch; the products-only row trains nothing, so has none. */
  firstLoss?: number;
  /** Rows trained on. */
  rows: number;
  /** Untimed epochs before the first timed one (the probe epoch not counted). */
  warmupEpochs: number;
  /** Timed epochs. */
  timedEpochs: number;
}

/** CPU seconds of this process so far (user and system, every thread). */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Thrown from a training callback to end a run once the clock says so; caught by {@link runUntilDone}. */
class RunDone extends Error {
  constructor() {
    super('timed run done');
  }
}

/**
 * Counts the epochs of one run and times them by the rule of {@link RunSpec}: the
 * stack calls {@link EpochClock.epochEnded} after every epoch, with the epoch's loss,
 * and stops when it returns true.
 */
export class EpochClock {
  readonly spec: RunSpec;
  private epochs = 0;
  private timed = 0;
  private startWall = 0;
  private lastWall = 0;
  private lastCpu = 0;
  private readonly wall: number[] = [];
  private readonly cpu: number[] = [];
  firstLoss: number | undefined;

  constructor(spec: RunSpec) {
    if (!(spec.warmupEpochs >= 1) || !(spec.chunk >= 1) || spec.minEpochs % spec.chunk !== 0 || spec.maxEpochs % spec.chunk !== 0 || spec.minEpochs < spec.chunk || spec.maxEpochs < spec.minEpochs) {
      throw new Error(`bad run spec ${JSON.stringify(spec)}: warm-up ≥ 1, and chunk ≤ minEpochs ≤ maxEpochs, both multiples of chunk`);
    }
    this.spec = spec;
  }

  /** Epochs the run needs at most: warm-up and the most timed epochs. */
  get totalEpochs(): number {
    return this.spec.warmupEpochs + this.spec.maxEpochs;
  }

  /**
   * Restarts the timed part's clock without counting an epoch: for a stack that pauses
   * between its warm-up and its timed epochs (tfjs Layers' second `fit`).
   */
  restart(): void {
    if (this.epochs === this.spec.warmupEpochs && this.timed === 0) this.mark();
  }

  /** Records the end of an epoch; returns true when the run is done. */
  epochEnded(loss?: number): boolean {
    this.epochs += 1;
    if (this.epochs === 1) this.firstLoss = loss;
    if (this.epochs <= this.spec.warmupEpochs) {
      if (this.epochs === this.spec.warmupEpochs) this.mark();
      return false;
    }
    this.timed += 1;
    if (this.timed % this.spec.chunk !== 0) return false;
    const [wall, cpu] = [performance.now() / 1000, cpuSeconds()];
    this.wall.push((wall - this.lastWall) / this.spec.chunk);
    this.cpu.push((cpu - this.lastCpu) / this.spec.chunk);
    [this.lastWall, this.lastCpu] = [wall, cpu];
    return this.timed >= this.spec.maxEpochs || (this.timed >= this.spec.minEpochs && wall - this.startWall >= this.spec.budgetSeconds);
  }

  /** Like {@link epochEnded}, but ends the run by throwing (caught by {@link runUntilDone}). */
  epochEndedOrStop(loss?: number): void {
    if (this.epochEnded(loss)) throw new RunDone();
  }

  /** The timing so far. */
  timing(rows: number): StackTiming {
    return {
      secondsPerEpoch: [...this.wall],
      cpuSecondsPerEpoch: [...this.cpu],
      ...(this.firstLoss === undefined ? {} : { firstLoss: this.firstLoss }),
      rows,
      warmupEpochs: Math.min(this.epochs, this.spec.warmupEpochs),
      timedEpochs: this.timed,
    };
  }

  private mark(): void {
    [this.startWall, this.lastCpu] = [performance.now() / 1000, cpuSeconds()];
    this.lastWall = this.startWall;
  }
}

/** Runs `train`, which calls `clock.epochEndedOrStop` after every epoch, until the clock ends it. */
export async function runUntilDone(train: () => unknown | Promise<unknown>): Promise<void> {
  try {
    await train();
  } catch (e) {
    if (!(e instanceof RunDone)) throw e;
  }
}
