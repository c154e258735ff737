/**
 * Predictions against targets, sample by sample: the targets as bars, each model's
 * predictions as markers on them. Taught in `01-generalized-gradient-descent.ipynb`,
 * and used in notebook 5 to show the network predicting one number for every day.
 */
import { checkList, checkOptions, checkString, checkStrings, checkVector } from '../core/validate.js';
import type { PlotlyFigure, PlotlyTrace } from './figure.js';
import { THEME, checkChartOptions, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** One model's predictions, for comparing several models in one chart. */
export interface PredictionSeries {
  /** Shown in the legend, e.g. `"after 100 epochs"`. */
  name: string;
  /** One prediction per target. */
  values: readonly number[];
}

/** Options for {@link predictionsChart}. */
export interface PredictionsChartOptions extends ChartOptions {
  /** One label per sample. Default `"day 1"`, `"day 2"`, ... */
  labels?: readonly string[];
  /** Title of the x axis. Default `"day"`. */
  xTitle?: string;
  /** Title of the y axis. Default `"infections the next day"` (the article's targets). */
  yTitle?: string;
}

const SYMBOLS = ['circle', 'diamond', 'square', 'x'] as const;

/**
 * Draws predictions against targets.
 *
 * @param predictions One model's predictions, or several named `PredictionSeries`.
 * @param targets One target per sample, e.g. `TARGETS`.
 * @param given Options: sample labels, axis titles, title and height; `null` means the defaults.
 * @returns A Plotly figure: a bar trace of targets and a marker trace per model.
 * @throws {InputError} For empty or non-finite values, holes, a series without a name or
 *   whose length differs from the targets', labels that are not one string per target, or bad options.
 * @example
 * ```ts
 * showChart(predictionsChart(INPUTS.map((x) => weightedSum(x, weights)), TARGETS));
 * ```
 */
export function predictionsChart(
  predictions: readonly number[] | readonly PredictionSeries[],
  targets: readonly number[],
  given?: PredictionsChartOptions,
): PlotlyFigure {
  const options = checkChartOptions(given);
  if (options.xTitle !== undefined) checkString('xTitle', options.xTitle);
  if (options.yTitle !== undefined) checkString('yTitle', options.yTitle);
  const n = checkVector('targets', targets);
  checkList('predictions', predictions, 'a non-empty array of predictions or of series { name, values }', { nonEmpty: true });
  const named = typeof predictions[0] === 'object' && predictions[0] !== null;
  const series: readonly PredictionSeries[] = named
    ? predictions.map((s, i) => {
      const { name, values } = checkOptions(`predictions[${i}]`, s as PredictionSeries, "{ name: 'after 100 epochs', values: [...] }");
      return { name: checkString(`predictions[${i}].name`, name), values: values as readonly number[] };
    })
    : [{ name: 'prediction', values: predictions as readonly number[] }];
  series.forEach((s, i) => checkVector(named ? `predictions[${i}].values` : 'predictions', s.values, n));
  const labels = options.labels === undefined ? targets.map((_, i) => `day ${i + 1}`) : checkStrings('labels', options.labels, { length: n, per: 'target', noun: 'label' });
  const x = [...labels];
  const traces: PlotlyTrace[] = [
    {
      type: 'bar', name: 'target', x, y: [...targets], width: 0.6,
      marker: { color: THEME.muted, opacity: 0.45 },
      hovertemplate: '%{x}: target %{y}<extra></extra>',
    },
    ...series.map((s, i): PlotlyTrace => ({
      type: 'scatter', mode: 'markers', name: s.name, x, y: [...s.values],
      marker: { color: themeColor(i), size: 13, symbol: SYMBOLS[i % SYMBOLS.length], line: { color: '#ffffff', width: 1 } },
      hovertext: targets.map((t) => String(t)),
      hovertemplate: `${s.name}<br>%{x}: %{y:.4g} (target %{hovertext})<extra></extra>`,
    })),
  ];
  return themedFigure(traces, {
    title: options.title ?? 'Predictions against targets',
    height: options.height,
    showlegend: true,
    layout: {
      xaxis: themedAxis(options.xTitle ?? 'day', { type: 'category', showgrid: false }),
      yaxis: themedAxis(options.yTitle ?? 'infections the next day', { zeroline: true }),
    },
  });
}
