/**
 * Predictions against targets, sample by sample: the targets as bars, each model's
 * predictions as markers on them. Taught in `01-generalized-gradient-descent.ipynb`,
 * and used in notebook 5 to show the network predicting one number for every day.
 */
import { InputError } from '../core/errors.js';
import { checkVector } from '../core/validate.js';
import type { PlotlyFigure, PlotlyTrace } from './figure.js';
import { THEME, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

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
 * @param options Sample labels, axis titles, title and height.
 * @returns A Plotly figure: a bar trace of targets and a marker trace per model.
 * @throws {InputError} For empty or non-finite values, or a series whose length differs from the targets'.
 * @example
 * ```ts
 * showChart(predictionsChart(INPUTS.map((x) => weightedSum(x, weights)), TARGETS));
 * ```
 */
export function predictionsChart(
  predictions: readonly number[] | readonly PredictionSeries[],
  targets: readonly number[],
  options: PredictionsChartOptions = {},
): PlotlyFigure {
  const n = checkVector('targets', targets);
  const named = predictions.length > 0 && typeof predictions[0] === 'object';
  const series: readonly PredictionSeries[] = named
    ? (predictions as readonly PredictionSeries[])
    : [{ name: 'prediction', values: predictions as readonly number[] }];
  series.forEach((s, i) => checkVector(named ? `predictions[${i}].values` : 'predictions', s.values, n));
  const labels = options.labels ?? targets.map((_, i) => `day ${i + 1}`);
  if (labels.length !== n) {
    throw new InputError('labels', `Expected labels to have one label per target (${n}) but found ${labels.length}.`);
  }
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
