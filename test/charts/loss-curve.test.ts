import { describe, expect, it } from 'vitest';
import { lossCurve } from '../../src/charts/loss-curve.js';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { InputError } from '../../src/core/errors.js';
import { gradientDescentLoop } from '../../src/linear/gradient-descent-loop.js';
import { expectFigureSnapshot } from '../support/chart-helpers.js';

describe('lossCurve', () => {
  it('lossCurve(numbers) draws one line against epochs 1..n, without a legend', () => {
    const figure = lossCurve([9, 4, 1]);
    expect(figure.data).toHaveLength(1);
    expect(figure.data[0]).toMatchObject({ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3], y: [9, 4, 1] });
    expect(figure.layout.showlegend).toBe(false);
    expect(figure.layout.xaxis?.title?.text).toBe('epoch');
    expect(figure.layout.yaxis?.title?.text).toBe('mean squared error');
    expect(figure.layout.yaxis?.type).toBeUndefined();
    expect(figure.layout.title?.text).toBe('Loss per epoch');
  });

  it("lossCurve(history) reads the trainers' records and their epochs", () => {
    const { history } = gradientDescentLoop(INPUTS, TARGETS);
    const figure = lossCurve(history);
    expect(figure.data[0]!.y[0]).toBe(9.189030365235194);
    expect(figure.data[0]!.y[99]).toBe(0.7491098293607978);
    expect(figure.data[0]!.x[99]).toBe(100);
    expect(figure.data[0]).toMatchObject({ mode: 'lines' }); // 100 epochs: no dots
    expect(lossCurve([{ epoch: 5, loss: 2 }, { epoch: 6, loss: 1 }]).data[0]!.x).toEqual([5, 6]);
  });

  it('lossCurve(runs) overlays named runs with a legend and a log scale on request', () => {
    const figure = lossCurve(
      [{ name: 'loop', history: [4, 2, 1] }, { name: 'batch', history: [{ loss: 5 }, { loss: 3 }] }],
      { yScale: 'log', markers: false, title: 'Loop or batch', yTitle: 'error' },
    );
    expect(figure.data.map((t) => [t.name, t.showlegend, (t as { mode: string }).mode])).toEqual([['loop', true, 'lines'], ['batch', true, 'lines']]);
    expect(figure.data[1]!.y).toEqual([5, 3]);
    expect(figure.data[0]!.hovertemplate).toContain('loop');
    expect(figure.layout.yaxis).toMatchObject({ type: 'log', title: { text: 'error' } });
    expect(figure.layout.showlegend).toBe(true);
  });

  it('lossCurve groups runs: one colour and one legend entry per group, the run named on hover', () => {
    const runs = [1, 2].flatMap((seed) => (['faithful', 'correct'] as const).map((group) => ({ name: `${group}, seed ${seed}`, group, history: [seed, seed / 2] })));
    const figure = lossCurve(runs);
    expect(figure.data.map((t) => [t.name, t.legendgroup, t.showlegend])).toEqual([
      ['faithful', 'faithful', true], ['correct', 'correct', true], ['faithful', 'faithful', false], ['correct', 'correct', false],
    ]);
    const colors = figure.data.map((t) => (t as { line?: { color?: string } }).line?.color);
    expect(colors[0]).toBe(colors[2]);
    expect(colors[0]).not.toBe(colors[1]);
    expect(figure.data[3]!.hovertemplate).toContain('correct, seed 2');
  });

  it('lossCurve draws a reference line across all epochs, with a legend entry', () => {
    const figure = lossCurve([100, 40, 30], { reference: { value: 29.1875, label: 'variance of the targets' } });
    expect(figure.data[1]).toMatchObject({ name: 'variance of the targets', x: [1, 3], y: [29.1875, 29.1875], line: { dash: 'dash' } });
    expect(figure.layout.showlegend).toBe(true);
  });

  it('lossCurve rejects empty histories and bad losses, naming where', () => {
    expect(() => lossCurve([])).toThrow(InputError);
    expect(() => lossCurve([])).toThrow(/^Expected history to be a non-empty array of losses or of runs \{ name, history \} but it is empty\.$/);
    expect(() => lossCurve([1, NaN])).toThrow(/history\[1\] to be a finite loss but found NaN/);
    expect(() => lossCurve([{ loss: 'x' } as unknown as { loss: number }])).toThrow(/history\[0\] to be a finite loss but found "x"/);
    expect(() => lossCurve([1, 0], { yScale: 'log' })).toThrow(/greater than 0 \(yScale "log"\) but found 0/);
    expect(() => lossCurve([{ name: 'a', history: [1] }, { name: 'b', history: [] }])).toThrow(/history\[1\]\.history/);
  });

  it('lossCurve matches its JSON snapshot', async () => {
    const { history } = gradientDescentLoop(INPUTS, TARGETS, { epochs: 8 });
    await expectFigureSnapshot(lossCurve([{ name: 'loop', history }, { name: 'halved', history: history.map((h) => h.loss / 2) }], {
      reference: { value: 0.75, label: 'floor' },
    }), 'loss-curve');
  });
});
