import { describe, expect, it } from 'vitest';
import { modelErrorChart } from '../../src/charts/model-error-chart.js';
import { InputError } from '../../src/core/errors.js';
import { expectFigureSnapshot, trace } from '../support/chart-helpers.js';

const MODELS = ['linear regression', 'network'];

describe('modelErrorChart', () => {
  it('modelErrorChart draws one bar per model for a plain list of errors', () => {
    const figure = modelErrorChart(MODELS, [109_357, 118_056]);
    expect(figure.data).toHaveLength(1);
    expect(figure.data[0]).toMatchObject({ type: 'bar', name: 'error', x: MODELS, y: [109_357, 118_056] });
    expect(figure.layout.showlegend).toBe(false);
    expect(figure.layout.yaxis?.title?.text).toBe('mean absolute error (cases)');
  });

  it('modelErrorChart groups bars by feature set and draws the reference as a dashed line', () => {
    const figure = modelErrorChart(MODELS, [{ name: 'today', values: [109_357, 118_056] }, { name: 'last week', values: [63_583, 73_651] }], {
      reference: { value: 110_085, label: 'persistence' }, yTitle: 'MAE',
    });
    expect(trace(figure, 'last week').y).toEqual([63_583, 73_651]);
    expect(figure.layout.barmode).toBe('group');
    expect(figure.layout.showlegend).toBe(true);
    expect(figure.layout.shapes).toEqual([expect.objectContaining({ type: 'line', xref: 'paper', y0: 110_085, y1: 110_085, line: expect.objectContaining({ dash: 'dash' }) })]);
    expect(figure.layout.annotations![0]!.text).toBe('persistence');
    expect(figure.layout.yaxis?.title?.text).toBe('MAE');
  });

  it('modelErrorChart rejects no models, wrong lengths and non-finite errors', () => {
    expect(() => modelErrorChart([], [1])).toThrow(InputError);
    expect(() => modelErrorChart(MODELS, [1])).toThrow('Expected groups to have length 2 but found length 1.');
    expect(() => modelErrorChart(MODELS, [{ name: 'a', values: [1, NaN] }])).toThrow(/groups\[0\]\.values\[1\] to be a finite number but found NaN/);
  });

  it('modelErrorChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(
      modelErrorChart(MODELS, [{ name: 'today', values: [109_357, 118_056] }, { name: 'last week', values: [63_583, 73_651] }], { reference: { value: 110_085, label: 'persistence' } }),
      'model-error',
    );
  });
});
