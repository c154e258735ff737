// Functions that take a list of any length keep working past the size where spreading
// it into Math.min / Math.max overflows the call stack (about 10⁵ values here).
import { describe, expect, it } from 'vitest';
import { binValues } from '../../src/charts/bins.js';
import { lossCurve } from '../../src/charts/loss-curve.js';
import { formatTable } from '../../src/core/table.js';
import { fitScaler } from '../../src/forecasting/scaling.js';
import { maxRelativeError } from '../../src/network/gradient-check.js';

const N = 300_000;
const values = Array.from({ length: N }, (_, i) => (i % 997) / 10);

describe('large inputs', () => {
  it('fitScaler fits a column of 300,000 rows', () => {
    expect(() => fitScaler(values.map((v) => [v]), { method: 'minMax' })).not.toThrow();
  });

  it('binValues bins 300,000 values', () => {
    expect(() => binValues(values)).not.toThrow();
  });

  it('maxRelativeError compares gradients of 300,000 parameters', () => {
    expect(maxRelativeError(values, values)).toBe(0);
  });

  it('lossCurve draws a run of 300,000 epochs with a reference line', () => {
    expect(lossCurve(values.map((v) => v + 1), { reference: { value: 1, label: 'floor' } }).data).toHaveLength(2);
  });

  it('formatTable lays out 300,000 rows', () => {
    expect(formatTable(['x'], values.map((v) => [v])).split('\n')).toHaveLength(N + 2);
  });
});
