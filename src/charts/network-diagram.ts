/**
 * A network diagram drawn from its layer sizes: one circle per unit, one line per
 * weight, optionally drawn as thick as the weight is large. Taught in
 * `01-generalized-gradient-descent.ipynb` (2→1) and `05-training-a-deep-network.ipynb` (2→4→1).
 */
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/types.js';
import { checkList, checkMatrix, checkPositiveInteger, checkString, checkStrings } from '../core/validate.js';
import { extent } from '../core/statistics.js';
import type { PlotlyAnnotation, PlotlyFigure, ScatterTrace } from './figure.js';
import { THEME, checkChartOptions, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** Options for {@link networkDiagram}. */
export interface NetworkDiagramOptions extends ChartOptions {
  /** A caption under each layer. Default `"input"`, `"hidden"` (or `"hidden 1"`, ...), `"output"`. */
  layerNames?: readonly string[];
  /** Labels of the input units (left) and of the output units (right). Default none. */
  inputLabels?: readonly string[];
  outputLabels?: readonly string[];
  /**
   * One `[from][to]` weight matrix per pair of adjacent layers, e.g. `[weights1, weights2]`:
   * lines get thicker with |w|, blue for positive and orange for negative, and show
   * their value on hover. Default: plain grey lines.
   */
  weights?: readonly Matrix[];
  /** Name shown on hover before a weight's indices, e.g. `"dW"` when the numbers are gradients. Default `"W"`. */
  weightName?: string;
}

const MAX_UNITS = 64;
const MAX_LAYERS = 64;

function checkLayerSizes(layerSizes: readonly number[]): number[] {
  checkList('layerSizes', layerSizes, 'an array of layer sizes such as [2, 4, 1]');
  if (layerSizes.length < 2 || layerSizes.length > MAX_LAYERS) {
    throw new InputError('layerSizes', `Expected layerSizes to list at least 2 layers and at most ${MAX_LAYERS} (to stay readable), e.g. [2, 4, 1], but found ${layerSizes.length}.`);
  }
  return layerSizes.map((size, i) => {
    checkPositiveInteger(`layerSizes[${i}]`, size);
    if (size > MAX_UNITS) throw new InputError(`layerSizes[${i}]`, `Expected layerSizes[${i}] to be at most ${MAX_UNITS} units to stay readable but found ${size}.`);
    return size;
  });
}

/** 5·|w| / largest: up to 5 px more for the largest weight; divided first where 5·|w| would overflow (near 1.8e308). */
function lineWidth(w: number, largest: number): number {
  const width = (5 * Math.abs(w)) / largest;
  return Number.isFinite(width) ? width : 5 * (Math.abs(w) / largest);
}

function defaultNames(count: number): string[] {
  const hidden = count - 2;
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? 'input' : i === count - 1 ? 'output' : hidden === 1 ? 'hidden' : `hidden ${i}`);
}

/**
 * Draws a fully connected network, layers left to right.
 *
 * @param layerSizes Units per layer, input first, e.g. `[2, 4, 1]`.
 * @param given Options: layer captions, input and output labels, optional weights, title and height; `null` means the defaults.
 * @returns A Plotly figure: edge traces, one marker trace per layer, captions as annotations.
 * @throws {InputError} For fewer than 2 or more than 64 layers, a size that is not an
 *   integer in 1..64, captions or labels that are not one string per layer or unit, or
 *   weights whose shapes do not match the layers.
 * @example
 * ```ts
 * showChart(networkDiagram([2, 4, 1], { layerNames: ['input', 'hidden (tanh)', 'output'] }));
 * ```
 */
export function networkDiagram(layerSizes: readonly number[], given?: NetworkDiagramOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  const sizes = checkLayerSizes(layerSizes);
  const names = options.layerNames === undefined ? defaultNames(sizes.length) : checkStrings('layerNames', options.layerNames, { length: sizes.length, per: 'layer', noun: 'name' });
  if (options.inputLabels !== undefined) checkStrings('inputLabels', options.inputLabels, { length: sizes[0]!, per: 'input unit', noun: 'label' });
  if (options.outputLabels !== undefined) checkStrings('outputLabels', options.outputLabels, { length: sizes.at(-1)!, per: 'output unit', noun: 'label' });
  if (options.weightName !== undefined) checkString('weightName', options.weightName);
  const weights = options.weights;
  if (weights !== undefined) {
    checkList('weights', weights, 'an array of weight matrices');
    if (weights.length !== sizes.length - 1) {
      throw new InputError('weights', `Expected weights to have one matrix per pair of layers (${sizes.length - 1}) but found ${weights.length}.`);
    }
    weights.forEach((w, k) => checkMatrix(`weights[${k}]`, w, { rows: sizes[k]!, columns: sizes[k + 1]! }));
  }
  const y = (size: number, j: number) => (size - 1) / 2 - j;
  const largest = weights ? extent(weights.flatMap((w) => w.flatMap((row) => row.map(Math.abs))))[1] : 0;
  const edges: ScatterTrace[] = [];
  const plain: ScatterTrace = { type: 'scatter', mode: 'lines', name: 'weights', x: [], y: [], line: { color: '#b0b0b0', width: 1.5 }, hoverinfo: 'skip', showlegend: false };
  const mid: ScatterTrace = { type: 'scatter', mode: 'markers', name: 'weight values', x: [], y: [], hovertext: [], marker: { size: 10, opacity: 0 }, hovertemplate: '%{hovertext}<extra></extra>', showlegend: false };
  for (let k = 0; k + 1 < sizes.length; k++) {
    for (let i = 0; i < sizes[k]!; i++) {
      for (let j = 0; j < sizes[k + 1]!; j++) {
        const [y0, y1] = [y(sizes[k]!, i), y(sizes[k + 1]!, j)];
        const w = weights?.[k]?.[i]?.[j];
        if (w === undefined) {
          plain.x.push(k, k + 1, null);
          plain.y.push(y0, y1, null);
          continue;
        }
        edges.push({
          type: 'scatter', mode: 'lines', name: `w${k + 1}[${i}][${j}]`, x: [k, k + 1], y: [y0, y1], hoverinfo: 'skip', showlegend: false,
          line: { color: w >= 0 ? themeColor(0) : themeColor(1), width: 1 + (largest > 0 ? lineWidth(w, largest) : 0) },
        });
        mid.x.push(k + 0.5);
        mid.y.push((y0 + y1) / 2);
        mid.hovertext!.push(`${options.weightName ?? 'W'}${k + 1}[${i}][${j}] = ${Number.isFinite(+w.toPrecision(4)) ? +w.toPrecision(4) : w.toPrecision(4)}`);
      }
    }
  }
  const nodes: ScatterTrace[] = sizes.map((size, k) => {
    const labels = k === 0 ? options.inputLabels : k === sizes.length - 1 ? options.outputLabels : undefined;
    return {
      type: 'scatter', mode: labels ? 'markers+text' : 'markers', name: names[k]!, showlegend: false,
      x: new Array<number>(size).fill(k), y: Array.from({ length: size }, (_, j) => y(size, j)),
      marker: { size: 30, color: k === 0 ? THEME.muted : k === sizes.length - 1 ? themeColor(1) : themeColor(0), line: { color: '#ffffff', width: 2 } },
      ...(labels ? { text: [...labels], textposition: k === 0 ? 'middle left' as const : 'middle right' as const, cliponaxis: false } : {}),
      hovertemplate: `${names[k]}, unit %{pointNumber}<extra></extra>`,
    };
  });
  const tallest = extent(sizes)[1];
  const bottom = y(tallest, tallest - 1) - 0.7;
  const annotations: PlotlyAnnotation[] = names.map((name, k) => ({
    text: `${name}<br>${sizes[k]} unit${sizes[k] === 1 ? '' : 's'}`, xref: 'x', yref: 'y', x: k, y: bottom, showarrow: false, yanchor: 'top', font: { color: THEME.textColor },
  }));
  const labelRoom = (labels: readonly string[] | undefined) => (labels ? 0.4 + 0.04 * extent(labels.map((l) => l.length))[1] : 0.4);
  const hidden = { visible: false, fixedrange: true };
  return themedFigure([...(plain.x.length > 0 ? [plain] : []), ...edges, ...(mid.x.length > 0 ? [mid] : []), ...nodes], {
    title: options.title ?? `A ${sizes.join('→')} network`,
    height: options.height ?? Math.max(260, 70 * tallest + 120),
    layout: {
      xaxis: { ...hidden, range: [-labelRoom(options.inputLabels), sizes.length - 1 + labelRoom(options.outputLabels)] },
      yaxis: { ...hidden, range: [bottom - 0.5, (tallest - 1) / 2 + 0.6] },
      annotations,
    },
  });
}
