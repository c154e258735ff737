/**
 * The loss per epoch of one or several training runs. Taught in
 * `01-generalized-gradient-descent.ipynb`, and used in notebooks 2 and 5 to compare runs.
 */
import { InputError } from '../core/errors.js';
import { checkBoolean, checkChoice, checkList, checkOptions, checkString, describe } from '../core/validate.js';
import type { PlotlyFigure, ScatterTrace } from './figure.js';
import { THEME, checkChartOptions, checkReference, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';
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

function isRunList(history: readonly unknown[]): history is readonly LossRun[] {
  const first: unknown = history[0];
  return typeof first === 'object' && first !== null && 'history' in first;
}

/** Checks one run of a list: an object with a name, a history and an optional group. */
function checkRun(argument: string, run: unknown): LossRun {
  const { name, history, group } = checkOptions(argument, run as LossRun, "{ name: 'seed 1', history: [9.2, 8.3] }");
  checkString(`${argument}.name`, name);
  if (group !== undefined) checkString(`${argument}.group`, group);
  return { name: name as string, history: history as LossHistory, ...(group === undefined ? {} : { group }) };
}

function points(argument: string, history: LossHistory, log: boolean): { x: number[]; y: number[] } {
  checkList(argument, history, 'a non-empty array of losses', { nonEmpty: true });
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < history.length; i++) {
    const item: unknown = history[i];
    const record = typeof item === 'number' ? { loss: item } : (item as LossRecord | null);
    const error: unknown = record?.loss;
    if (typeof error !== 'number' || !Number.isFinite(error) || (log && error <= 0)) {
      const expected = log ? 'a finite loss greater than 0 (yScale "log")' : 'a finite loss';
      throw new InputError(argument, `Expected ${argument}[${i}] to be ${expected} but found ${describe(typeof item === 'number' ? item : error)}.`);
    }
    const epoch: unknown = record?.epoch ?? i + 1;
    if (typeof epoch !== 'number' || !Number.isFinite(epoch)) {
      throw new InputError(argument, `Expected ${argument}[${i}].epoch to be a finite number (or left out) but found ${describe(epoch)}.`);
    }
    x.push(epoch);
    y.push(error);
  }
  return { x, y };
}

/**
 * Draws the loss per epoch. Accepts one run (numbers or records with `loss`) or a
 * list of named runs, which are overlaid; runs sharing a `group` share a colour.
 *
 * @param history One run's losses, or `LossRun`s.
 * @param given Options: log scale, y title, a reference line, markers, title and height; `null` means the defaults.
 * @returns A Plotly figure with one line per run (plus the reference line).
 * @throws {InputError} For an empty history, holes, a loss or epoch that is not finite
 *   (or a loss not positive on a log scale), a run without a name, or bad options.
 * @example
 * ```ts
 * showChart(lossCurve(gradientDescentLoop(INPUTS, TARGETS).history));
 * showChart(lossCurve([{ name: 'loop', history: loop }, { name: 'batch', history: batch }], { yScale: 'log' }));
 * ```
 */
export function lossCurve(history: LossHistory | readonly LossRun[], given?: LossCurveOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const log = checkChoice('yScale', options.yScale ?? 'linear', ['linear', 'log']) === 'log';
  if (options.markers !== undefined) checkBoolean('markers', options.markers);
  if (options.yTitle !== undefined) checkString('yTitle', options.yTitle);
  const reference = checkReference(options.reference, log);
  checkList('history', history, 'a non-empty array of losses or of runs { name, history }', { nonEmpty: true });
  const runs: readonly LossRun[] = isRunList(history) ? history.map((run, i) => checkRun(`history[${i}]`, run)) : [{ name: 'loss', history: history as LossHistory }];
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
  if (reference) {
    const { value, label } = reference;
    const xs = series.flatMap((s) => s.x);
    traces.push({
      type: 'scatter', mode: 'lines', name: label, x: extent(xs), y: [value, value],
      line: { color: THEME.muted, width: 2, dash: 'dash' }, hovertemplate: `${label}: ${value}<extra></extra>`,
    });
  }
  return themedFigure(traces, {
    title: options.title ?? 'Loss per epoch',
    height: options.height,
    showlegend: groups.length + (reference ? 1 : 0) > 1,
    layout: {
      xaxis: themedAxis('epoch'),
      yaxis: themedAxis(options.yTitle ?? 'mean squared error', log ? { type: 'log' } : {}),
    },
  });
}
