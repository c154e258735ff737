/**
 * The loss per epoch of one or several training runs. Taught in
 * `01-generalized-gradient-descent.ipynb`, and used in notebooks 2 and 5 to compare runs.
 */
import { InputError } from '../core/errors.js';
import { describe } from '../core/validate.js';
import type { PlotlyFigure, ScatterTrace } from './figure.js';
import { THEME, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';
import { extent } from '../core/statistics.js';

/** One epoch's record, as the trainers' histories hold them (an {@link EpochRecord} fits). */
export interface LossRecord {
  readonly loss: number;
  /** 1-based epoch. Default: the record's position + 1. */
  readonly epoch?: number;
}

/** A run's losses: plain numbers (e.g. `errors`) or records (e.g. `history`). */
export type LossHistory = readonly number[] | readonly LossRecord[];

/** A named run, for overlaying several runs in one chart. */
export interface LossRun {
  /** Shown in the legend and on hover, e.g. `"seed 3"`. */
  name: string;
  history: LossHistory;
  /** Runs with the same group share a colour and one legend entry, e.g. `"faithful"`. Default: none. */
  group?: string;
}

/** Options for {@link lossCurve}. */
export interface LossCurveOptions extends ChartOptions {
  /** `"linear"` or `"log"` (every loss must then be > 0). Default `"linear"`. */
  yScale?: 'linear' | 'log';
  /** Title of the y axis. Default `"mean squared error"`. */
  yTitle?: string;
  /** A dashed horizontal line, e.g. `{ value: 29.1875, label: 'variance of the targets' }`. Default none. */
  reference?: { value: number; label: string };
  /** Mark every epoch with a dot. Default: only when no run is longer than 30 epochs. */
  markers?: boolean;
}

function isRunList(history: LossHistory | readonly LossRun[]): history is readonly LossRun[] {
  const first: unknown = history[0];
  return typeof first === 'object' && first !== null && 'history' in first;
}

function points(argument: string, history: LossHistory, log: boolean): { x: number[]; y: number[] } {
  if (!Array.isArray(history) || history.length === 0) {
    throw new InputError(argument, `Expected ${argument} to be a non-empty array of losses but found ${describe(history)}.`);
  }
  const x: number[] = [];
  const y: number[] = [];
  (history as readonly unknown[]).forEach((item, i) => {
    const record = typeof item === 'number' ? { loss: item } : (item as LossRecord | null);
    const error: unknown = record?.loss;
    if (typeof error !== 'number' || !Number.isFinite(error) || (log && error <= 0)) {
      const expected = log ? 'a finite loss greater than 0 (yScale "log")' : 'a finite loss';
      throw new InputError(argument, `Expected ${argument}[${i}] to be ${expected} but found ${describe(typeof item === 'number' ? item : error)}.`);
    }
    x.push(record?.epoch ?? i + 1);
    y.push(error);
  });
  return { x, y };
}

/**
 * Draws the loss per epoch. Accepts one run (numbers or records with `loss`) or a
 * list of named runs, which are overlaid; runs sharing a `group` share a colour.
 *
 * @param history One run's losses, or `LossRun`s.
 * @param options Log scale, y title, a reference line, markers, title and height.
 * @returns A Plotly figure with one line per run (plus the reference line).
 * @throws {InputError} For an empty history or a loss that is not finite (or not
 *   positive on a log scale).
 * @example
 * ```ts
 * showChart(lossCurve(gradientDescentLoop(INPUTS, TARGETS).history));
 * showChart(lossCurve([{ name: 'loop', history: loop }, { name: 'batch', history: batch }], { yScale: 'log' }));
 * ```
 */
export function lossCurve(history: LossHistory | readonly LossRun[], options: LossCurveOptions = {}): PlotlyFigure {
  const log = (options.yScale ?? 'linear') === 'log';
  const runs: readonly LossRun[] = Array.isArray(history) && isRunList(history) ? history : [{ name: 'loss', history: history as LossHistory }];
  const single = runs.length === 1 && runs[0]!.group === undefined;
  const series = runs.map((run, i) => points(single ? 'history' : `history[${i}].history`, run.history, log));
  const markers = options.markers ?? series.every((s) => s.x.length <= 30);
  const groups = [...new Set(runs.map((run, i) => run.group ?? `#${i}`))];
  const seen = new Set<string>();
  const traces: ScatterTrace[] = runs.map((run, i) => {
    const key = run.group ?? `#${i}`;
    const first = !seen.has(key);
    seen.add(key);
    return {
      type: 'scatter',
      mode: markers ? 'lines+markers' : 'lines',
      name: run.group ?? run.name,
      legendgroup: key,
      showlegend: first,
      x: series[i]!.x,
      y: series[i]!.y,
      line: { color: themeColor(groups.indexOf(key)), width: run.group === undefined ? 2.5 : 1.5 },
      marker: { size: 5 },
      ...(run.group === undefined ? {} : { opacity: 0.75 }),
      hovertemplate: `${run.name}<br>epoch %{x}<br>loss %{y:.6g}<extra></extra>`,
    };
  });
  if (options.reference) {
    const { value, label } = options.reference;
    const xs = series.flatMap((s) => s.x);
    traces.push({
      type: 'scatter', mode: 'lines', name: label, x: extent(xs), y: [value, value],
      line: { color: THEME.muted, width: 2, dash: 'dash' }, hovertemplate: `${label}: ${value}<extra></extra>`,
    });
  }
  return themedFigure(traces, {
    title: options.title ?? 'Loss per epoch',
    height: options.height,
    showlegend: groups.length + (options.reference ? 1 : 0) > 1,
    layout: {
      xaxis: themedAxis('epoch'),
      yaxis: themedAxis(options.yTitle ?? 'mean squared error', log ? { type: 'log' } : {}),
    },
  });
}
