/**
 * The error surface of a weighted sum of two inputs, seen from above: contours of the
 * mean squared error over the two weights, the path gradient descent took, and the
 * least-squares optimum. Taught in `01-generalized-gradient-descent.ipynb`, where
 * it shows why descent crawls (long thin contours) and what scaled inputs change.
 */
import { InputError } from '../core/errors.js';
import { extent } from '../core/statistics.js';
import type { Matrix, Vector } from '../core/types.js';
import { checkArray, checkFinite, checkVector, describe } from '../core/validate.js';
import { errorAt, errorContour, errorSurface, type ErrorSurface } from '../linear/error-surface.js';
import type { PlotlyAxis, PlotlyFigure, ScatterTrace } from './figure.js';
import { THEME, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** The weights after one epoch, as a point of the descent path (a trainer's epoch record with its weights fits). */
export interface DescentStep {
  /** The epoch the weights are from, `0` for the starting weights. */
  readonly epoch: number;
  /** The two weights. */
  readonly weights: Vector;
}

/** Options for {@link errorSurfaceChart}. */
export interface ErrorSurfaceChartOptions extends ChartOptions {
  /** The weights epoch by epoch, starting weights first. Default: no path. */
  path?: readonly DescentStep[];
  /** Legend name of the path. Default `"gradient descent"`. */
  pathName?: string;
  /**
   * Mean squared errors to draw contours at, each above the smallest error. Default:
   * ten levels whose distance to the smallest error halves from one to the next,
   * starting at the path's highest error (or the error at w = [0, 0] without a path).
   */
  levels?: readonly number[];
  /** Titles of the x and y axes. Default `["w₁", "w₂"]`. */
  weightNames?: readonly [string, string];
}

/** An axis drawn to the same scale as the x axis, so that a circle of weights looks round. */
interface EqualScaleAxis extends PlotlyAxis {
  scaleanchor: 'x';
  scaleratio: number;
}

const format = (w: number) => w.toFixed(4);

function checkPath(path: unknown): readonly DescentStep[] {
  checkArray('path', path, 'an array of { epoch, weights }');
  if (path.length === 0) throw new InputError('path', 'Expected path to hold at least one { epoch, weights } but found an empty array.');
  path.forEach((step: unknown, i) => {
    if (typeof step !== 'object' || step === null) {
      throw new InputError('path', `Expected path[${i}] to be an object { epoch, weights } but found ${describe(step)}.`);
    }
    checkFinite(`path[${i}].epoch`, (step as DescentStep).epoch);
    checkVector(`path[${i}].weights`, (step as DescentStep).weights, 2);
  });
  return path as readonly DescentStep[];
}

function defaultLevels(surface: ErrorSurface, highest: number): number[] {
  const excess = highest - surface.minimumError;
  const top = excess > 0 ? excess : Math.max(surface.minimumError, 1);
  return Array.from({ length: 10 }, (_, k) => surface.minimumError + top / 2 ** k);
}

/** [low, high] of `values`, widened by `pad` on both sides. */
function padded(values: readonly number[], pad: number): [number, number] {
  const [low, high] = extent(values);
  return [low - pad, high + pad];
}

/**
 * Draws the contours of the mean squared error of a weighted sum of two inputs over
 * its weights `(w₁, w₂)`, with the least-squares optimum and, optionally, a descent
 * path. The two axes share one scale, so round contours look round. The contours are
 * exact: the error of a weighted sum is a quadratic bowl, its contours ellipses
 * (see `errorSurface` in `src/linear/error-surface.ts`).
 *
 * @param inputs Samples as rows of two numbers, e.g. `INPUTS`.
 * @param targets One target per row, e.g. `TARGETS`.
 * @param options The path, contour levels, axis titles, title and height.
 * @returns A Plotly figure: one line per contour, the path, and the optimum.
 * @throws {InputError} For inputs without two independent columns, a malformed path, or a level not above the smallest error.
 * @example
 * ```ts
 * const { history } = trainLoop(INPUTS, TARGETS, settings); // records with epoch and weights
 * showChart(errorSurfaceChart(INPUTS, TARGETS, { path: [{ epoch: 0, weights: [1, 0.5] }, ...history] }));
 * ```
 */
export function errorSurfaceChart(inputs: Matrix, targets: Vector, options: ErrorSurfaceChartOptions = {}): PlotlyFigure {
  const surface = errorSurface(inputs, targets);
  const path = options.path === undefined ? undefined : checkPath(options.path);
  const pathErrors = path?.map((step) => errorAt(inputs, targets, step.weights));
  const levels = options.levels === undefined
    ? defaultLevels(surface, pathErrors === undefined ? errorAt(inputs, targets, [0, 0]) : extent(pathErrors)[1])
    : [...options.levels];
  checkVector('levels', levels);
  levels.forEach((level, i) => {
    if (!(level > surface.minimumError)) {
      throw new InputError('levels', `Expected levels[${i}] to be above the smallest error, ${surface.minimumError}, but found ${level}.`);
    }
  });
  const [xName, yName] = options.weightNames ?? ['w₁', 'w₂'];

  const contours = levels.map((level, i): ScatterTrace => {
    const points = errorContour(surface, level);
    return {
      type: 'scatter', mode: 'lines', name: 'contours of the error', legendgroup: 'contours', showlegend: i === 0,
      x: points.map((p) => p[0]), y: points.map((p) => p[1]),
      line: { color: THEME.muted, width: 1 },
      hovertemplate: `mean squared error ${level.toPrecision(4)}<extra></extra>`,
    };
  });
  const traces: ScatterTrace[] = [...contours];
  if (path !== undefined) {
    const name = options.pathName ?? 'gradient descent';
    traces.push({
      type: 'scatter', mode: 'lines+markers', name,
      x: path.map((s) => s.weights[0]!), y: path.map((s) => s.weights[1]!),
      line: { color: themeColor(0), width: 2 }, marker: { size: 4 },
      text: path.map((s) => String(s.epoch)), hovertext: pathErrors!.map((e) => e.toPrecision(5)),
      hovertemplate: `${name}, epoch %{text}<br>${xName} %{x:.4f}, ${yName} %{y:.4f}<br>mean squared error %{hovertext}<extra></extra>`,
    });
  }
  const [o0, o1] = surface.optimum;
  traces.push({
    type: 'scatter', mode: 'markers', name: 'least squares (the lowest error)', x: [o0], y: [o1],
    marker: { color: themeColor(1), size: 14, symbol: 'x', line: { color: '#ffffff', width: 1 } },
    hovertemplate: `least squares: ${xName} ${format(o0)}, ${yName} ${format(o1)}<br>mean squared error ${surface.minimumError.toPrecision(5)}<extra></extra>`,
  });

  // Frame the path and the optimum (or, without a path, the largest contour); contours may run off the frame.
  const outermost = contours[levels.indexOf(extent(levels)[1])]!;
  const xs = path === undefined ? (outermost.x as number[]) : [...path.map((s) => s.weights[0]!), o0];
  const ys = path === undefined ? (outermost.y as number[]) : [...path.map((s) => s.weights[1]!), o1];
  const [[x0, x1], [y0, y1]] = [extent(xs), extent(ys)];
  const span = Math.max(x1 - x0, y1 - y0);
  const pad = span > 0 ? 0.12 * span : Math.sqrt((levels[0]! - surface.minimumError) * surface.samples / surface.eigenvalues[0]);
  const yaxis: EqualScaleAxis = { ...themedAxis(yName, { range: padded(ys, pad) }), scaleanchor: 'x', scaleratio: 1 };
  return themedFigure(traces, {
    title: options.title ?? 'Error surface of the weighted sum',
    height: options.height ?? 460,
    showlegend: true,
    layout: { xaxis: themedAxis(xName, { range: padded(xs, pad) }), yaxis },
  });
}
