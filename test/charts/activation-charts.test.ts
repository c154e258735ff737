import { describe, expect, it } from 'vitest';
import { FLOAT32_SINH_LIMIT, activation, tanh } from '../../src/network/activations.js';
import { activationChart, overflowChart } from '../../src/charts/activation-charts.js';
import { expectFigureSnapshot, scatter } from '../support/chart-helpers.js';

describe('activationChart', () => {
  it('activationChart(tanh) draws tanh and 1 − tanh² from the library over [−4, 4]', () => {
    const figure = activationChart(tanh);
    const [value, slope] = figure.data;
    expect(value!.name).toBe('tanh(z)');
    expect(slope!.name).toBe("tanh'(z) = 1 − tanh²(z)");
    expect([value!.x[0], value!.x.at(-1), value!.x.length]).toEqual([-4, 4, 161]);
    value!.x.forEach((z, i) => {
      expect(value!.y[i]).toBe(tanh.at(z as number));
      expect(slope!.y[i]).toBe(tanh.derivativeAt(z as number));
    });
    expect(slope!.y[80]).toBe(1); // the slope peaks at z = 0
    expect(figure.layout.xaxis?.title?.text).toBe('z (pre-activation)');
    expect(figure.layout.title?.text).toBe('tanh and its derivative');
  });

  it('activationChart defaults to tanh and takes other activations', () => {
    expect(activationChart().data[0]!.name).toBe('tanh(z)');
    const sigmoid = activationChart(activation('sigmoid'), { from: -1, to: 1, count: 3 });
    expect(sigmoid.data[1]!.y[1]).toBe(0.25);
  });

  it('activationChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(activationChart(tanh, { count: 9 }), 'tanh');
  });
});

describe('overflowChart', () => {
  it('overflowChart leaves gaps (null) where sinh / cosh is NaN and none in the stable tanh', () => {
    const figure = overflowChart();
    const stable = scatter(figure, 'tanh(z), stable');
    const naive = scatter(figure, 'sinh(z) / cosh(z) in float32');
    expect([naive.x[0], naive.x.at(-1), naive.x.length]).toEqual([-120, 120, 401]);
    naive.x.forEach((z, i) => {
      const overflows = Math.abs(z as number) > 89.42;
      expect(naive.y[i] === null).toBe(overflows);
      expect(stable.y[i]).toBe(Math.tanh(z as number));
    });
    expect(naive.connectgaps).toBe(false);
  });

  it('overflowChart shades |z| beyond the overflow point and labels it', () => {
    const start = FLOAT32_SINH_LIMIT;
    const { shapes, annotations, yaxis } = overflowChart().layout;
    expect(shapes?.map((s) => [s.x0, s.x1])).toEqual([[-120, -start], [start, 120]]);
    expect(annotations?.[0]?.text).toMatch(/beyond \|z\| = 89\.4 sinh and cosh overflow/);
    expect(yaxis?.title?.text).toBe('tanh(z)');
  });

  it('overflowChart marks nothing when the range stays below the overflow', () => {
    const { shapes, annotations } = overflowChart({ extent: 50, count: 11 }).layout;
    expect(shapes).toEqual([]);
    expect(annotations).toEqual([]);
  });

  it('overflowChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(overflowChart({ count: 25 }), 'overflow');
  });
});
