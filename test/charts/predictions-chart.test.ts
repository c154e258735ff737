import { describe, expect, it } from 'vitest';
import { predictionsChart } from '../../src/charts/predictions-chart.js';
import { TARGETS } from '../../src/article/data.js';
import { InputError } from '../../src/core/errors.js';
import { expectFigureSnapshot } from '../support/chart-helpers.js';

describe('predictionsChart', () => {
  it('predictionsChart draws targets as bars and predictions as markers per day', () => {
    const figure = predictionsChart([4, 7.5, 11, 20], TARGETS);
    const [targets, predictions] = figure.data;
    expect(targets).toMatchObject({ type: 'bar', name: 'target', x: ['day 1', 'day 2', 'day 3', 'day 4'], y: [5, 7, 12, 19] });
    expect(predictions).toMatchObject({ type: 'scatter', mode: 'markers', name: 'prediction', y: [4, 7.5, 11, 20] });
    expect(predictions!.hovertext).toEqual(['5', '7', '12', '19']);
    expect(figure.layout.xaxis).toMatchObject({ type: 'category', title: { text: 'day' } });
    expect(figure.layout.yaxis?.title?.text).toBe('infections the next day');
    expect(figure.layout.showlegend).toBe(true);
  });

  it('predictionsChart overlays several named models with their own symbols', () => {
    const figure = predictionsChart(
      [{ name: 'epoch 1', values: [1, 2, 3, 4] }, { name: 'epoch 20', values: [10.75, 10.75, 10.75, 10.75] }],
      TARGETS,
      { labels: ['a', 'b', 'c', 'd'], xTitle: 'sample', yTitle: 'value', title: 'T' },
    );
    expect(figure.data.map((t) => t.name)).toEqual(['target', 'epoch 1', 'epoch 20']);
    expect(figure.data.map((t) => t.marker?.symbol)).toEqual([undefined, 'circle', 'diamond']);
    expect(figure.data[0]!.x).toEqual(['a', 'b', 'c', 'd']);
    expect(figure.layout.xaxis?.title?.text).toBe('sample');
    expect(figure.layout.yaxis?.title?.text).toBe('value');
  });

  it('predictionsChart rejects mismatched lengths and bad values', () => {
    expect(() => predictionsChart([1, 2], TARGETS)).toThrow(/predictions to have length 4 but found length 2/);
    expect(() => predictionsChart([], TARGETS)).toThrow(InputError);
    expect(() => predictionsChart([{ name: 'm', values: [1, 2, 3, NaN] }], TARGETS)).toThrow(/predictions\[0\]\.values\[3\]/);
    expect(() => predictionsChart([1, 2, 3, 4], TARGETS, { labels: ['x'] })).toThrow(/labels to have one label per target \(4\) but found 1/);
    expect(() => predictionsChart([1], [])).toThrow(/targets/);
  });

  it('predictionsChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(predictionsChart([2.5, 5.5, 9, 14.5], TARGETS), 'predictions');
  });
});
