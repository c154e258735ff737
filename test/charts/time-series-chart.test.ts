import { describe, expect, it } from 'vitest';
import { timeSeriesChart } from '../../src/charts/time-series-chart.js';
import { InputError } from '../../src/core/errors.js';
import { expectFigureSnapshot, trace } from '../support/chart-helpers.js';

const DATES = ['2022-09-19', '2022-09-20', '2022-09-21', '2022-09-22'];
const ACTUAL = { name: 'actual', values: [400, 520, 480, 300], reference: true };
const MODEL = { name: 'persistence', values: [380, 400, 520, 480] };

describe('timeSeriesChart', () => {
  it('timeSeriesChart draws one line per series over the dates, the reference first and in grey', () => {
    const figure = timeSeriesChart(DATES, [MODEL, ACTUAL]);
    expect(figure.data.map((t) => t.name)).toEqual(['actual', 'persistence']);
    expect(trace(figure, 'actual')).toMatchObject({ type: 'scatter', mode: 'lines', x: DATES, y: [400, 520, 480, 300], line: { color: '#8c8c8c' } });
    expect(trace(figure, 'persistence')).toMatchObject({ y: [380, 400, 520, 480], line: { color: '#0072B2' } });
    expect(figure.layout.showlegend).toBe(true);
    expect(figure.layout.yaxis?.title?.text).toBe('new cases per day');
    expect(figure.layout.shapes).toBeUndefined();
  });

  it('timeSeriesChart shades periods half a day beyond their first and last dates, and labels them', () => {
    const figure = timeSeriesChart(DATES, [ACTUAL], { periods: [{ label: 'validation', start: '2022-09-19', end: '2022-09-19' }, { label: 'test', start: '2022-09-20', end: '2022-09-22' }] });
    const [validation, test] = figure.layout.shapes!;
    const day = 86_400_000;
    expect(validation).toMatchObject({ type: 'rect', xref: 'x', yref: 'paper', x0: Date.UTC(2022, 8, 19) - day / 2, x1: Date.UTC(2022, 8, 19) + day / 2 });
    expect(test!.x0).toBe(validation!.x1);
    expect(test!.x1).toBe(Date.UTC(2022, 8, 22) + day / 2);
    expect(figure.layout.annotations!.map((a) => a.text)).toEqual(['validation', 'test']);
    expect(figure.layout.showlegend).toBe(false);
  });

  it('timeSeriesChart rejects bad dates, lengths, values and periods', () => {
    expect(() => timeSeriesChart([], [ACTUAL])).toThrow(InputError);
    expect(() => timeSeriesChart(['2022-09-31'], [ACTUAL])).toThrow(/dates\[0\] to be a date written YYYY-MM-DD but found "2022-09-31"/);
    expect(() => timeSeriesChart([DATES[1]!, DATES[0]!], [ACTUAL])).toThrow(/dates in increasing order but dates\[1\] \(2022-09-19\)/);
    expect(() => timeSeriesChart(DATES, [])).toThrow(/series to be a non-empty array of series \{ name, values \} but it is empty/);
    expect(() => timeSeriesChart(DATES, [{ name: 'short', values: [1, 2] }])).toThrow('Expected series[0].values to have length 4 but found length 2.');
    expect(() => timeSeriesChart(DATES, [{ name: 'zero', values: [1, 0, 1, 1] }], { yScale: 'log' })).toThrow(/series\[0\]\.values\[1\] to be greater than 0 \(yScale "log"\) but found 0/);
    expect(() => timeSeriesChart(DATES, [ACTUAL], { periods: [{ label: 'x', start: '2022-09-21', end: '2022-09-20' }] })).toThrow(/periods\[0\] to end on or after its start 2022-09-21 but found end 2022-09-20/);
    expect(() => timeSeriesChart(DATES, [ACTUAL], { periods: [{ label: 'x', start: 'soon', end: '2022-09-20' }] })).toThrow(/periods\[0\]\.start/);
  });

  it('timeSeriesChart matches its JSON snapshot', async () => {
    await expectFigureSnapshot(
      timeSeriesChart(DATES, [ACTUAL, MODEL], { title: 'Test period', yScale: 'log', periods: [{ label: 'test', start: '2022-09-20', end: '2022-09-22' }] }),
      'time-series',
    );
  });
});
