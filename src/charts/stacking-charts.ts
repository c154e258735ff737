/**
 * Charts of stacked functions: two lines whose composition is again a line, and a
 * nonlinear function in between that bends the result.
 * Taught in `04-deep-networks.ipynb`.
 */
import { compose, f, g, sample, type Fn } from '../article/stacking.js';
import type { PlotlyFigure, ScatterTrace } from './figure.js';
import { checkChartOptions, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** Options for the stacking charts. */
export interface StackingChartOptions extends ChartOptions {
  /** First x. Default `-2`. */
  from?: number;
  /** Last x. Default `2`. */
  to?: number;
  /** Points per curve, at least 2. Default `81`. */
  count?: number;
}

function curve(fn: Fn, name: string, i: number, options: Partial<StackingChartOptions>, line: ScatterTrace['line'] = {}): ScatterTrace {
  const { x, y } = sample(fn, { from: options.from ?? -2, to: options.to ?? 2, count: options.count ?? 81 });
  return {
    type: 'scatter',
    mode: 'lines',
    name,
    x,
    y,
    line: { color: themeColor(i), width: 2.5, ...line },
    hovertemplate: `${name}<br>x = %{x:.3g}<br>y = %{y:.4g}<extra></extra>`,
  };
}

/**
 * f(x) = 1 − x, g(x) = 3x and their composition h(x) = g(f(x)) = 3 − 3x: stacking
 * linear functions gives another straight line.
 *
 * @param given Options: range and number of points, title and height; `null` means the defaults.
 * @returns A Plotly figure with three lines, h drawn thickest.
 * @throws {InputError} For a bad range, point count (see `sample`) or options.
 * @example
 * ```ts
 * showChart(linearStackingChart());
 * ```
 */
export function linearStackingChart(given?: StackingChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  return themedFigure(
    [
      curve(f, 'f(x) = 1 − x', 0, options, { dash: 'dash', width: 2 }),
      curve(g, 'g(x) = 3x', 1, options, { dash: 'dot', width: 2 }),
      curve(compose(g, f), 'h(x) = g(f(x)) = 3 − 3x', 2, options, { width: 3.5 }),
    ],
    {
      title: options.title ?? 'Stacking linear functions gives a line',
      height: options.height,
      showlegend: true,
      layout: { xaxis: themedAxis('x'), yaxis: themedAxis('y', { zeroline: true }) },
    },
  );
}

/**
 * g(tanh(f(x))) next to the straight g(f(x)): a nonlinear function between two linear
 * ones bends the stack into an S-shaped curve.
 *
 * @param given Options: range and number of points (default x from −2 to 4), title and height; `null` means the defaults.
 * @returns A Plotly figure with two lines: the curve and, dashed, the linear stack.
 * @throws {InputError} For a bad range, point count or options.
 * @example
 * ```ts
 * showChart(nonlinearStackingChart({ from: -2, to: 4 }));
 * ```
 */
export function nonlinearStackingChart(given?: StackingChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const range = { ...options, from: options.from ?? -2, to: options.to ?? 4 };
  return themedFigure(
    [
      curve(compose(g, f), 'g(f(x)) = 3 − 3x', 0, range, { dash: 'dash', width: 2 }),
      curve(compose(g, Math.tanh, f), 'g(tanh(f(x)))', 1, range, { width: 3.5 }),
    ],
    {
      title: options.title ?? 'A nonlinear function in the stack bends it',
      height: options.height,
      showlegend: true,
      // tanh keeps the curve within (−3, 3); the straight line leaves the view.
      layout: { xaxis: themedAxis('x'), yaxis: themedAxis('y', { zeroline: true, range: [-6, 6] }) },
    },
  );
}
