/**
 * Charts of activation functions: an activation with its derivative, and the region
 * where tanh computed as sinh / cosh overflows float32 and returns NaN.
 * Taught in `04-deep-networks.ipynb`.
 */
import { FLOAT32_SINH_LIMIT, tanh, tanhSinhCosh, type Activation } from '../network/activations.js';
import { sample } from '../article/stacking.js';
import type { Datum, PlotlyFigure, PlotlyShape } from './figure.js';
import { InputError } from '../core/errors.js';
import { checkPositive, describe } from '../core/validate.js';
import { THEME, checkChartOptions, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** Options for {@link activationChart}. */
export interface ActivationChartOptions extends ChartOptions {
  /** First z. Default `-4`. */
  from?: number;
  /** Last z. Default `4`. */
  to?: number;
  /** Points per curve. Default `161`. */
  count?: number;
}

/** Plotly draws `null` as a gap; NaN and ±Infinity are not JSON. */
const gap = (y: number): Datum => (Number.isFinite(y) ? y : null);

/**
 * An activation and its derivative over a range of pre-activations z. The
 * derivative is what backpropagation multiplies by: where it is near 0 the unit is
 * saturated and passes almost no gradient back.
 *
 * @param act The activation, e.g. `tanh` (default) or `activation('sigmoid')`.
 * @param given Options: range and number of points, title and height; `null` means the defaults.
 * @returns A Plotly figure with two lines: the activation and, dashed, its derivative.
 * @throws {InputError} If `act` is not an activation, or for a bad range, point count or options.
 * @example
 * ```ts
 * showChart(activationChart(tanh));
 * ```
 */
export function activationChart(act: Activation = tanh, given?: ActivationChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const a = act as Partial<Activation> | null;
  if (typeof a !== 'object' || a === null || typeof a.at !== 'function' || typeof a.derivativeAt !== 'function' || typeof a.name !== 'string') {
    throw new InputError('act', `Expected act to be an activation such as tanh or activation('sigmoid') but found ${describe(act)}.`);
  }
  const { x } = sample((z) => z, { from: options.from ?? -4, to: options.to ?? 4, count: options.count ?? 161 });
  const line = (name: string, fn: (z: number) => number, i: number, dash: 'solid' | 'dash') => ({
    type: 'scatter' as const,
    mode: 'lines' as const,
    name,
    x,
    y: x.map((z) => gap(fn(z))),
    line: { color: themeColor(i), width: 3, dash },
    hovertemplate: `${name}<br>z = %{x:.3g}<br>%{y:.4g}<extra></extra>`,
  });
  return themedFigure(
    [line(act.formula, act.at, 0, 'solid'), line(act.derivativeFormula, act.derivativeAt, 1, 'dash')],
    {
      title: options.title ?? `${act.name} and its derivative`,
      height: options.height,
      showlegend: true,
      layout: { xaxis: themedAxis('z (pre-activation)', { zeroline: true }), yaxis: themedAxis('value', { zeroline: true }) },
    },
  );
}

/** Options for {@link overflowChart}. */
export interface OverflowChartOptions extends ChartOptions {
  /** Half-width of the z range, which runs from −extent to extent. Default `120`. */
  extent?: number;
  /** Points per curve. Default `401`. */
  count?: number;
}

/**
 * tanh from TensorFlow.js' stable formula next to tanh computed as sinh(z) / cosh(z)
 * in float32. Beyond |z| = `FLOAT32_SINH_LIMIT` ≈ 89.4 sinh and cosh overflow to
 * ±Infinity and their ratio is NaN: that curve has a gap there, and the region is shaded.
 *
 * @param given Options: range (default −120 to 120) and number of points, title and height; `null` means the defaults.
 * @returns A Plotly figure with two lines, two shaded rectangles and a label.
 * @throws {InputError} For an extent that is not a finite number greater than 0, or a bad point count or options.
 * @example
 * ```ts
 * showChart(overflowChart());
 * ```
 */
export function overflowChart(given?: OverflowChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const extent = checkPositive('extent', options.extent ?? 120);
  const { x } = sample((z) => z, { from: -extent, to: extent, count: options.count ?? 401 });
  const start = FLOAT32_SINH_LIMIT;
  const region = (x0: number, x1: number): PlotlyShape => ({
    type: 'rect', xref: 'x', yref: 'paper', x0, x1, y0: 0, y1: 1,
    fillcolor: themeColor(1), opacity: 0.12, layer: 'below', line: { width: 0 },
  });
  const shapes = extent > start ? [region(-extent, -start), region(start, extent)] : [];
  return themedFigure(
    [
      {
        type: 'scatter', mode: 'lines', name: 'tanh(z), stable', x, y: x.map((z) => gap(tanh.at(z))),
        line: { color: THEME.muted, width: 6 }, opacity: 0.5,
        hovertemplate: 'stable tanh<br>z = %{x:.3g}<br>%{y:.4g}<extra></extra>',
      },
      {
        type: 'scatter', mode: 'lines', name: 'sinh(z) / cosh(z) in float32', x, y: x.map((z) => gap(tanhSinhCosh.at(z))),
        line: { color: themeColor(1), width: 2.5 }, connectgaps: false,
        hovertemplate: 'sinh / cosh<br>z = %{x:.3g}<br>%{y:.4g}<extra></extra>',
      },
    ],
    {
      title: options.title ?? 'tanh as sinh / cosh turns into NaN in float32',
      height: options.height,
      showlegend: true,
      layout: {
        xaxis: themedAxis('z (pre-activation)', { range: [-extent, extent] }),
        yaxis: themedAxis('tanh(z)', { range: [-1.35, 1.35], zeroline: true }),
        shapes,
        annotations: shapes.length === 0 ? [] : [{
          text: `beyond |z| = ${start.toFixed(1)} sinh and cosh overflow:<br>∞ / ∞ = NaN, so the line stops`,
          xref: 'x', yref: 'paper', x: start, y: 0.15, showarrow: false,
          xanchor: 'right', align: 'right', font: { size: 12, color: themeColor(1) },
        }],
      },
    },
  );
}
