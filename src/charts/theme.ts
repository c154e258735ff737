/**
 * One look for every chart of the book: fonts, colours, sizes, axes with titles, and
 * the interaction settings. Chart builders start from {@link themedFigure}, so a
 * change here restyles every notebook at once.
 */
import { InputError } from '../core/errors.js';
import { checkFinite, checkList, checkOptions, checkPositive, checkString, describe } from '../core/validate.js';
import type { PlotlyAxis, PlotlyConfig, PlotlyFigure, PlotlyLayout, PlotlyTrace } from './figure.js';

/** Fonts, colours and sizes shared by all charts. */
export const THEME = Object.freeze({
  /** System fonts: readable everywhere and nothing to download. */
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontSize: 14,
  titleSize: 17,
  textColor: '#222222',
  gridColor: '#e6e6e6',
  lineColor: '#888888',
  background: '#ffffff',
  /** For targets, references and other things that are not a model. */
  muted: '#8c8c8c',
  /** Default chart height in pixels; the width follows the page. */
  height: 380,
  /** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
  colors: Object.freeze(['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000']),
});

/** Options every chart builder accepts; builders' own options extend it. */
export interface ChartOptions {
  /** Title above the chart. Default: a title chosen by each builder. */
  title?: string;
  /** Height in pixels. Default `380` (some builders choose their own). */
  height?: number;
}

/**
 * Checks the options a chart builder was given: `undefined` and `null` mean the
 * defaults; otherwise an object whose `title` is a string and `height` a positive
 * number when given. Returns them, for the builder's own checks.
 */
export function checkChartOptions<T extends ChartOptions>(options: T | null | undefined): Partial<T> {
  const checked = checkOptions('options', options);
  if (checked.title !== undefined) checkString('title', checked.title);
  if (checked.height !== undefined) checkPositive('height', checked.height);
  return checked;
}

/** A reference line's `{ value, label }`, checked: a finite value (greater than 0 on a log axis) and a label. */
export function checkReference(reference: unknown, log = false): { value: number; label: string } | undefined {
  if (reference === undefined || reference === null) return undefined;
  const { value, label } = checkOptions('reference', reference as { value: number; label: string }, "{ value: 29.1875, label: 'variance of the targets' }");
  checkFinite('reference.value', value);
  if (log && (value as number) <= 0) throw new InputError('reference.value', `Expected reference.value to be greater than 0 (yScale "log") but found ${describe(value)}.`);
  return { value: value as number, label: checkString('reference.label', label) };
}

/** The `i`-th colour of the palette, cycling. */
export function themeColor(i: number): string {
  if (!Number.isInteger(i)) throw new InputError('i', `Expected i to be an integer (a palette index) but found ${describe(i)}.`);
  const colors = THEME.colors;
  return colors[((i % colors.length) + colors.length) % colors.length]!;
}

/**
 * An axis in the book's style with a title (give the unit in it, e.g. "z (pre-activation)").
 *
 * @example
 * ```ts
 * themedAxis('epoch', { type: 'log' });
 * ```
 */
export function themedAxis(title: string, extra: PlotlyAxis = {}): PlotlyAxis {
  return {
    title: { text: title, standoff: 8 },
    showgrid: true,
    gridcolor: THEME.gridColor,
    zeroline: false,
    zerolinecolor: THEME.lineColor,
    showline: true,
    linecolor: THEME.lineColor,
    ticks: 'outside',
    automargin: true,
    ...extra,
  };
}

/** Interaction settings: fills the page width, no logo, SVG download. */
export const CHART_CONFIG: Readonly<PlotlyConfig> = Object.freeze<PlotlyConfig>({
  responsive: true,
  displaylogo: false,
  modeBarButtonsToRemove: ['lasso2d', 'select2d'],
  toImageButtonOptions: { format: 'svg' },
});

/** What {@link themedFigure} needs besides the traces. */
export interface ThemedLayoutSpec {
  title: string;
  height?: number;
  /** Show a legend. Default `false`: only charts whose traces need naming turn it on. */
  showlegend?: boolean;
  /** Further layout fields (axes, shapes, annotations, grid), merged last. */
  layout?: PlotlyLayout;
}

/**
 * Wraps traces into a figure with the book's layout and config.
 *
 * @example
 * ```ts
 * themedFigure([{ type: 'scatter', mode: 'lines', x: [0, 1], y: [1, 0] }], {
 *   title: 'f(x) = 1 − x', layout: { xaxis: themedAxis('x'), yaxis: themedAxis('f(x)') },
 * });
 * ```
 */
export function themedFigure(data: PlotlyTrace[], spec: ThemedLayoutSpec): PlotlyFigure {
  checkList('data', data, 'an array of traces');
  checkString('title', spec.title);
  if (spec.height !== undefined) checkPositive('height', spec.height);
  const showlegend = spec.showlegend ?? false;
  const layout: PlotlyLayout = {
    title: { text: spec.title, x: 0, xanchor: 'left', font: { size: THEME.titleSize } },
    font: { family: THEME.fontFamily, size: THEME.fontSize, color: THEME.textColor },
    height: spec.height ?? THEME.height,
    margin: { l: 10, r: 10, t: 50, b: 10 },
    paper_bgcolor: THEME.background,
    plot_bgcolor: THEME.background,
    colorway: [...THEME.colors],
    hovermode: 'closest',
    showlegend,
    ...(showlegend ? { legend: { orientation: 'h', x: 0, y: 1.02, xanchor: 'left', yanchor: 'bottom' } } : {}),
    ...spec.layout,
  };
  // A horizontal legend sits between title and plot; make room for it.
  if (showlegend) layout.margin = { ...layout.margin, t: 80 };
  return { data, layout, config: structuredClone(CHART_CONFIG) as PlotlyConfig };
}
