import { describe, expect, it } from 'vitest';
import { linearStackingChart, nonlinearStackingChart } from '../../src/charts/stacking-charts.js';
import { expectFigureSnapshot, scatter, trace } from '../support/chart-helpers.js';

describe('linearStackingChart', () => {
  const figure = linearStackingChart();

  it('linearStackingChart draws f, g and h = g∘f = 3 − 3x over [−2, 2]', () => {
    expect(figure.data.map((t) => t.name)).toEqual(['f(x) = 1 − x', 'g(x) = 3x', 'h(x) = g(f(x)) = 3 − 3x']);
    const h = trace(figure, 'h(x) = g(f(x)) = 3 − 3x');
    expect(h.x).toHaveLength(81);
    expect([h.x[0], h.x.at(-1)]).toEqual([-2, 2]);
    h.x.forEach((x, i) => expect(h.y[i]).toBeCloseTo(3 - 3 * (x as number), 12));
    expect(trace(figure, 'f(x) = 1 − x').y[0]).toBe(3);
    expect(trace(figure, 'g(x) = 3x').y[0]).toBe(-6);
  });

  it('linearStackingChart titles its axes and shows a legend', () => {
    expect(figure.layout.xaxis?.title?.text).toBe('x');
    expect(figure.layout.yaxis?.title?.text).toBe('y');
    expect(figure.layout.showlegend).toBe(true);
  });

  it('linearStackingChart honours range, count and title', () => {
    const small = linearStackingChart({ from: 0, to: 1, count: 3, title: 'T', height: 200 });
    expect(small.data[0]!.x).toEqual([0, 0.5, 1]);
    expect(small.layout.title?.text).toBe('T');
    expect(small.layout.height).toBe(200);
  });

  it('linearStackingChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(linearStackingChart({ count: 5 }), 'linear-stacking');
  });
});

describe('nonlinearStackingChart', () => {
  const figure = nonlinearStackingChart();

  it('nonlinearStackingChart draws g(tanh(f(x))) over [−2, 4] next to the straight g(f(x))', () => {
    const curve = trace(figure, 'g(tanh(f(x)))');
    expect([curve.x[0], curve.x.at(-1)]).toEqual([-2, 4]);
    curve.x.forEach((x, i) => expect(curve.y[i]).toBeCloseTo(3 * Math.tanh(1 - (x as number)), 12));
    for (const y of curve.y) expect(Math.abs(y as number)).toBeLessThan(3);
    expect(scatter(figure, 'g(f(x)) = 3 − 3x').line?.dash).toBe('dash');
    expect(figure.layout.yaxis?.range).toEqual([-6, 6]);
  });

  it('nonlinearStackingChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(nonlinearStackingChart({ count: 7 }), 'nonlinear-stacking');
  });
});
