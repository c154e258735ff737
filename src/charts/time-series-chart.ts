/**
 * Values over calendar dates as lines, with shaded periods (e.g. train, validation
 * and test) and an optional reference series drawn behind the models. Taught in
 * `08-real-data.ipynb`: the COVID series, and predictions against what happened.
 */
import { isIsoDate } from '../forecasting/calendar.js';
import { InputError } from '../core/errors.js';
import { checkBoolean, checkChoice, checkList, checkOptions, checkString, checkVector, describe } from '../core/validate.js';
import type { PlotlyAnnotation, PlotlyFigure, PlotlyShape, ScatterTrace } from './figure.js';
import { THEME, checkChartOptions, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

const DAY_MS = 86_400_000;

/** One line of a {@link timeSeriesChart}. */
export interface TimeSeries {
  /** Shown in the legend and on hover, e.g. `"persistence"`. */
  name: string;
  /** One value per date. */
  values: readonly number[];
  /** Draw as the reference (what happened): grey, behind the other lines. Default `false`. */
  reference?: boolean;
}

/** A shaded date range; `start` and `end` are included. */
export interface ShadedPeriod {
  /** Written at the top of the shaded range, e.g. `"test"`. */
  label: string;
  start: string;
  end: string;
}

/** Options for {@link timeSeriesChart}. */
export interface TimeSeriesChartOptions extends ChartOptions {
  /** Date ranges to shade and label. Default none. */
  periods?: readonly ShadedPeriod[];
  /** Title of the y axis. Default `"new cases per day"`. */
  yTitle?: string;
  /** `"linear"` or `"log"` (every value must then be > 0). Default `"linear"`. */
  yScale?: 'linear' | 'log';
}

const time = (date: string) => Date.parse(`${date}T00:00:00Z`);

function checkDate(argument: string, value: unknown): string {
  if (!isIsoDate(value)) throw new InputError(argument, `Expected ${argument} to be a date written YYYY-MM-DD but found ${describe(value)}.`);
  return value;
}

/**
 * Draws series over dates. Plotly reads the `YYYY-MM-DD` strings as a date axis;
 * shaded periods become rectangles behind the lines, half a day wider on each side
 * so that neighbouring periods touch.
 *
 * @param dates One date per value, in increasing order.
 * @param series The lines; those marked `reference` are drawn first, in grey.
 * @param given Options: shaded periods, y title and scale, title and height; `null` means the defaults.
 * @returns A Plotly figure with one line per series.
 * @throws {InputError} For bad dates, a series without a name or whose length differs from the dates',
 *   non-finite values (or values ≤ 0 on a log scale), holes, a period without a label or whose end is before its start, or bad options.
 * @example
 * ```ts
 * showChart(timeSeriesChart(days.map((d) => d.date), [{ name: 'new cases', values: days.map((d) => d.newCases) }]));
 * ```
 */
export function timeSeriesChart(dates: readonly string[], series: readonly TimeSeries[], given?: TimeSeriesChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const log = checkChoice('yScale', options.yScale ?? 'linear', ['linear', 'log']) === 'log';
  if (options.yTitle !== undefined) checkString('yTitle', options.yTitle);
  checkList('dates', dates, 'a non-empty array of dates', { nonEmpty: true });
  for (let i = 0; i < dates.length; i++) {
    const d = checkDate(`dates[${i}]`, dates[i]);
    if (i > 0 && d <= dates[i - 1]!) throw new InputError('dates', `Expected dates in increasing order but dates[${i}] (${d}) does not come after dates[${i - 1}] (${dates[i - 1]}).`);
  }
  checkList('series', series, 'a non-empty array of series { name, values }', { nonEmpty: true });
  const lines: readonly TimeSeries[] = series.map((s, i) => {
    const { name, values, reference } = checkOptions(`series[${i}]`, s, "{ name: 'new cases', values: [...] }");
    checkString(`series[${i}].name`, name);
    if (reference !== undefined) checkBoolean(`series[${i}].reference`, reference);
    checkVector(`series[${i}].values`, values, dates.length);
    const bad = log ? values!.findIndex((v) => v <= 0) : -1;
    if (bad >= 0) throw new InputError(`series[${i}].values`, `Expected series[${i}].values[${bad}] to be greater than 0 (yScale "log") but found ${values![bad]}.`);
    return s;
  });
  const ordered = [...lines.filter((s) => s.reference), ...lines.filter((s) => !s.reference)];
  let model = 0;
  const traces: ScatterTrace[] = ordered.map((s) => ({
    type: 'scatter', mode: 'lines', name: s.name, x: [...dates], y: [...s.values],
    line: s.reference ? { color: THEME.muted, width: 2.5 } : { color: themeColor(model++), width: 1.5 },
    hovertemplate: `${s.name}<br>%{x|%a %Y-%m-%d}: %{y:,.0f}<extra></extra>`,
  }));
  const shapes: PlotlyShape[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const periods = options.periods === undefined ? [] : checkList('periods', options.periods, 'an array of periods { label, start, end }');
  periods.forEach((given, i) => {
    const p = checkOptions(`periods[${i}]`, given as ShadedPeriod, "{ label: 'test', start: '2022-01-01', end: '2022-12-31' }") as ShadedPeriod;
    checkString(`periods[${i}].label`, p.label);
    const [start, end] = [time(checkDate(`periods[${i}].start`, p.start)), time(checkDate(`periods[${i}].end`, p.end))];
    if (end < start) throw new InputError(`periods[${i}]`, `Expected periods[${i}] to end on or after its start ${p.start} but found end ${p.end}.`);
    shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0: start - DAY_MS / 2, x1: end + DAY_MS / 2, y0: 0, y1: 1, fillcolor: THEME.muted, opacity: Math.min(0.06 * (i + 1), 0.5), layer: 'below', line: { width: 0 } });
    annotations.push({ text: p.label, xref: 'x', yref: 'paper', x: (start + end) / 2, y: 0.99, yanchor: 'top', showarrow: false, font: { color: THEME.textColor, size: 13 } });
  });
  return themedFigure(traces, {
    title: options.title ?? 'Over time',
    height: options.height,
    showlegend: lines.length > 1,
    layout: {
      hovermode: 'x unified',
      xaxis: themedAxis('date'),
      yaxis: themedAxis(options.yTitle ?? 'new cases per day', log ? { type: 'log' } : {}),
      ...(shapes.length > 0 ? { shapes, annotations } : {}),
    },
  });
}
