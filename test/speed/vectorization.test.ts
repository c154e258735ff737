import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/core/tf.js';
import { crossover, measureEngines, measureVectorization, syntheticLinearData, type Timing } from '../../src/speed/vectorization.js';
import { useBackend } from '../support/helpers.js';
import { asyncInputErrorOf } from '../support/input-error.js';

beforeAll(() => useBackend('wasm'));

describe('measureVectorization', () => {
  it('measureVectorization times the loop and every loadable backend per row count, then restores the backend', async () => {
    await useBackend('cpu');
    const timings = await measureVectorization({ rows: [4, 64], minTimeMs: 1 });
    expect(timings.map((t) => `${t.rows}:${t.engine}`)).toEqual(['4:loop', '4:wasm', '4:cpu', '64:loop', '64:wasm', '64:cpu']);
    for (const t of timings) {
      expect(t.msPerEpoch).toBeGreaterThan(0);
      expect(t.epochs).toBeGreaterThanOrEqual(8);
    }
    expect(tf.getBackend()).toBe('cpu');
  });

  afterEach(() => vi.restoreAllMocks());

  it('measureVectorization times microsecond epochs with a clock that moves in 100 µs steps, as a browser worker\'s does', async () => {
    const now = performance.now.bind(performance);
    vi.spyOn(performance, 'now').mockImplementation(() => Math.floor(now() * 10) / 10);
    const [loop] = await measureVectorization({ rows: [4], backends: [], minTimeMs: 20 });
    // One gap at a time, nearly every epoch of the 4-row loop reads 0 on such a clock.
    expect(loop!.msPerEpoch).toBeGreaterThan(0);
    expect(loop!.msPerEpoch).toBeLessThan(0.1);
    expect(loop!.epochs).toBeGreaterThan(1000);
  });

  it('measureVectorization rejects a bad row count', async () => {
    await expect(measureVectorization({ rows: [0] })).rejects.toThrow(/rows\[0\] to be an integer greater than 0/);
  });
});

describe('measureEngines', () => {
  it('measureEngines times typed arrays and each backend per width', async () => {
    await useBackend('wasm');
    const timings = await measureEngines({ widths: [2, 3], rows: 8, minTimeMs: 1, backends: ['wasm'] });
    expect(timings.map((t) => `${t.width}:${t.engine}`)).toEqual(['2:typed', '2:wasm', '3:typed', '3:wasm']);
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('crossover', () => {
  const t = (rows: number, engine: Timing['engine'], msPerEpoch: number): Timing => ({ rows, engine, msPerEpoch, epochs: 8 });

  it('crossover finds the first row count from which tfjs stays faster', () => {
    const timings = [t(4, 'loop', 1), t(4, 'wasm', 9), t(64, 'loop', 5), t(64, 'wasm', 4), t(1024, 'loop', 3), t(1024, 'wasm', 8), t(4096, 'loop', 50), t(4096, 'wasm', 10), t(8192, 'loop', 90), t(8192, 'wasm', 20)];
    expect(crossover(timings, 'wasm')).toBe(4096); // 64 was a fluke: 1024 is slower again
  });

  it('crossover is undefined when tfjs never wins at the largest size', () => {
    expect(crossover([t(4, 'loop', 1), t(4, 'wasm', 9)], 'wasm')).toBeUndefined();
    expect(crossover([t(4, 'loop', 1)], 'cpu')).toBeUndefined();
  });
});

describe('syntheticLinearData', () => {
  it('syntheticLinearData is seeded and shaped like the article data', () => {
    const a = syntheticLinearData(50, 3);
    expect(a).toEqual(syntheticLinearData(50, 3));
    expect(a.inputs).toHaveLength(50);
    expect(a.inputs.every((row) => row.length === 2 && row[0]! >= 0 && row[0]! < 12 && row[1]! >= 0 && row[1]! < 5)).toBe(true);
    expect(() => syntheticLinearData(0, 1)).toThrow(/rows/);
  });
});

describe('measureVectorization options', () => {
  it('measureVectorization rejects an unknown backend instead of dropping it', async () => {
    const e = await asyncInputErrorOf(() => measureVectorization({ rows: [4], backends: ['gpu' as never], minTimeMs: 1 }));
    expect(e.argument).toBe('backends[0]');
    expect(e.message).toMatch(/"tensorflow", "wasm", "cpu" but found "gpu"/);
  });

  it('measureVectorization with minTimeMs: NaN names minTimeMs, not epochs', async () => {
    const e = await asyncInputErrorOf(() => measureVectorization({ rows: [4], backends: ['cpu'], minTimeMs: NaN }));
    expect(e.argument).toBe('minTimeMs');
  });

  it('measureEngines checks widths, minTimeMs and backends before timing', async () => {
    expect((await asyncInputErrorOf(() => measureEngines({ widths: [4], minTimeMs: NaN }))).argument).toBe('minTimeMs');
    expect((await asyncInputErrorOf(() => measureEngines({ widths: [1e9], rows: 8 }))).argument).toBe('widths[0]');
    expect((await asyncInputErrorOf(() => measureEngines({ widths: [4], rows: 8, backends: ['gpu' as never] }))).argument).toBe('backends[0]');
  });

  it('syntheticLinearData rejects rows beyond the size limit', () => {
    expect(() => syntheticLinearData(1e9, 1)).toThrow(/at most 16,777,216 values/);
  });
});
