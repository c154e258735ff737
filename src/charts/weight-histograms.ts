/**
 * Histograms of initial weights: one draw, and several initialisers next to each
 * other on a shared x axis. Taught in `04-deep-networks.ipynb`.
 */
import { checkChoice, checkFinite, checkList, checkOptions, checkString } from '../core/validate.js';
import { binValues, checkValues, niceRange } from './bins.js';
import type { BarTrace, PlotlyAnnotation, PlotlyFigure, PlotlyLayout, PlotlyShape } from './figure.js';
import { THEME, checkChartOptions, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** Options for {@link initialWeightsChart}. */
export interface InitialWeightsChartOptions extends ChartOptions {
  /** Number of bins. Default `10`. */
  bins?: number;
  /** `[start, end]` of the bins. Default: rounded outwards from the values, e.g. `[0, 1]`. */
  range?: readonly [number, number];
  /** Draw a dashed line at this count, e.g. what a perfectly even draw puts in each bin. Default none. */
  expectedCount?: number;
}

function bars(values: number[], bins: number, range: readonly [number, number], color: string, axes = ''): BarTrace {
  const b = binValues(values, { bins, range });
  return {
    type: 'bar',
    x: b.centers,
    y: b.counts,
    width: b.width * 0.92,
    marker: { color },
    hovertext: b.edges.slice(0, -1).map((e, i) => `${+e.toFixed(6)} to ${+b.edges[i + 1]!.toFixed(6)}`),
    hovertemplate: '%{hovertext}<br>%{y} weights<extra></extra>',
    ...(axes ? { xaxis: `x${axes}`, yaxis: `y${axes}` } : {}),
  };
}

/**
 * A histogram of one draw of weights, e.g. the 100 values of
 * `initialValues([100, 1], { seed })`.
 *
 * @param values The weights.
 * @param given Options: bins, range, an optional expected count per bin, title and height; `null` means the defaults.
 * @returns A Plotly figure with one bar per bin.
 * @throws {InputError} For empty or non-finite values, bad bins, range or expected count, or bad options.
 * @example
 * ```ts
 * showChart(initialWeightsChart(initialValues([100, 1], { seed: 42 }), { expectedCount: 10 }));
 * ```
 */
export function initialWeightsChart(values: ArrayLike<number>, given?: InitialWeightsChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const list = checkValues('values', values);
  if (options.expectedCount !== undefined) checkFinite('expectedCount', options.expectedCount);
  const range = options.range ?? niceRange(list);
  const trace = bars(list, options.bins ?? 10, range, themeColor(0)); // checks bins and range
  const shapes: PlotlyShape[] = options.expectedCount === undefined ? [] : [{
    type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: options.expectedCount, y1: options.expectedCount,
    layer: 'above', line: { color: THEME.textColor, width: 1.5, dash: 'dash' },
  }];
  return themedFigure([{ ...trace, name: 'weights' }], {
    title: options.title ?? `${list.length} initial weights`,
    height: options.height,
    layout: {
      xaxis: themedAxis('initial weight', { range: [range[0], range[1]] }),
      yaxis: themedAxis('number of weights'),
      bargap: 0,
      shapes,
    },
  });
}

/** One initialiser's draw, for {@link initializersChart}. */
export interface InitializerSample {
  /** Shown as the panel's title, e.g. `"glorotUniform"`. */
  name: string;
  values: ArrayLike<number>;
}

/** Options for {@link initializersChart}. */
export interface InitializersChartOptions extends ChartOptions {
  /** Bins per panel. Default `40`. */
  bins?: number;
  /** `"rows"`: panels stacked, one x axis read top to bottom; `"columns"`: side by side. Default `"rows"`. */
  arrangement?: 'rows' | 'columns';
}

/**
 * Histograms of several initialisers, one panel each, all binned over the same
 * range so that their spreads compare at a glance.
 *
 * @param samples A name and the drawn values per initialiser.
 * @param given Options: bins, arrangement, title and height (default 130 px per row); `null` means the defaults.
 * @returns A Plotly figure with one bar trace and one labelled panel per sample.
 * @throws {InputError} If `samples` is empty or has holes, a sample has no name, its values are empty or not finite, or for bad options.
 * @example
 * ```ts
 * showChart(initializersChart(INITIALIZERS.map((name) =>
 *   ({ name, values: initialValues([100, 100], { seed: 42, initializer: name }) }))));
 * ```
 */
export function initializersChart(samples: readonly InitializerSample[], given?: InitializersChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const rows = checkChoice('arrangement', options.arrangement ?? 'rows', ['rows', 'columns']) === 'rows';
  checkList('samples', samples, 'a non-empty array of { name, values }', { nonEmpty: true });
  const lists = samples.map((s, i) => {
    const { name, values } = checkOptions(`samples[${i}]`, s, "{ name: 'glorotUniform', values: [...] }");
    checkString(`samples[${i}].name`, name);
    return checkValues(`samples[${i}].values`, values as ArrayLike<number>);
  });
  const range = niceRange(lists.flat());
  const n = samples.length;
  const layout: PlotlyLayout = {
    grid: { rows: rows ? n : 1, columns: rows ? 1 : n, pattern: 'independent', ygap: 0.45, xgap: 0.08 },
    bargap: 0,
    annotations: samples.map((s, i): PlotlyAnnotation => ({
      text: `<b>${s.name}</b>`, xref: `x${i + 1} domain`, yref: `y${i + 1} domain`, x: 0, y: 1,
      xanchor: 'left', yanchor: 'bottom', showarrow: false,
    })),
  };
  samples.forEach((_, i) => {
    // Plotly names the first axes "xaxis" and "yaxis", the next "xaxis2", "yaxis2", ...
    const key = i === 0 ? '' : String(i + 1);
    const bottom = !rows || i === n - 1;
    Object.assign(layout, {
      [`xaxis${key}`]: themedAxis(bottom ? 'initial weight' : '', { range: [range[0], range[1]], ...(i > 0 ? { matches: 'x' } : {}) }),
      [`yaxis${key}`]: themedAxis(rows || i === 0 ? 'count' : ''),
    });
  });
  const traces = lists.map((list, i) => ({
    ...bars(list, options.bins ?? 40, range, themeColor(i), i === 0 ? '' : String(i + 1)),
    name: samples[i]!.name,
  }));
  return themedFigure(traces, {
    title: options.title ?? 'Initial weights by initialiser',
    height: options.height ?? (rows ? 130 * n + 90 : THEME.height),
    layout,
  });
}
