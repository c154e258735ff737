/**
 * One error per model as bars, grouped by feature set (or any other variant), with
 * an optional dashed reference line such as the persistence baseline's error.
 * Taught in `08-real-data.ipynb`.
 */
import { checkList, checkOptions, checkString, checkStrings, checkVector } from '../core/validate.js';
import type { BarTrace, PlotlyFigure, PlotlyShape, PlotlyAnnotation } from './figure.js';
import { THEME, checkChartOptions, checkReference, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';

/** A group of bars: one error per model, e.g. all models on one feature set. */
export interface ErrorGroup {
  /** Shown in the legend, e.g. `"today's cases and countries"`. */
  name: string;
  /** One error per model, in the order of `models`. */
  values: readonly number[];
}

/** Options for {@link modelErrorChart}. */
export interface ModelErrorChartOptions extends ChartOptions {
  /** Title of the y axis. Default `"mean absolute error (cases)"`. */
  yTitle?: string;
  /** A dashed horizontal line, e.g. `{ value: 110085, label: 'persistence' }`. Default none. */
  reference?: { value: number; label: string };
}

/**
 * Draws each model's error as a bar, one colour per group.
 *
 * @param models Model names along the x axis, e.g. `["linear", "network"]`.
 * @param groups One `ErrorGroup` per feature set, or a plain list of errors (one group).
 * @param given Options: y title, a reference line, title and height; `null` means the defaults.
 * @returns A Plotly figure with one bar trace per group.
 * @throws {InputError} For no models or a name that is not a string, a group without a
 *   name or whose length differs from the models', a value that is not a finite number, holes, or bad options.
 * @example
 * ```ts
 * showChart(modelErrorChart(['linear', 'network'], [{ name: 'today', values: [109400, 119500] }], { reference: { value: 110085, label: 'persistence' } }));
 * ```
 */
export function modelErrorChart(models: readonly string[], groups: readonly ErrorGroup[] | readonly number[], given?: ModelErrorChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  if (options.yTitle !== undefined) checkString('yTitle', options.yTitle);
  const reference = checkReference(options.reference);
  checkList('models', models, 'a non-empty array of model names', { nonEmpty: true });
  checkStrings('models', models);
  checkList('groups', groups, 'a non-empty array of errors or of groups { name, values }', { nonEmpty: true });
  const named = typeof groups[0] === 'object' && groups[0] !== null;
  const list: readonly ErrorGroup[] = named
    ? groups.map((g, i) => {
      const { name, values } = checkOptions(`groups[${i}]`, g as ErrorGroup, "{ name: 'today', values: [109400, 119500] }");
      return { name: checkString(`groups[${i}].name`, name), values: values as readonly number[] };
    })
    : [{ name: 'error', values: groups as readonly number[] }];
  list.forEach((g, i) => checkVector(named ? `groups[${i}].values` : 'groups', g.values, models.length));
  const traces: BarTrace[] = list.map((g, i) => ({
    type: 'bar', name: g.name, x: [...models], y: [...g.values],
    marker: { color: themeColor(i) },
    hovertemplate: `${g.name}<br>%{x}: %{y:,.0f}<extra></extra>`,
  }));
  const shapes: PlotlyShape[] = [];
  const annotations: PlotlyAnnotation[] = [];
  if (reference) {
    const { value, label } = reference;
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: value, y1: value, layer: 'above', line: { color: THEME.textColor, width: 1.5, dash: 'dash' } });
    annotations.push({ text: label, xref: 'paper', yref: 'y', x: 1, y: value, xanchor: 'right', yanchor: 'bottom', showarrow: false, font: { color: THEME.textColor, size: 12 } });
  }
  return themedFigure(traces, {
    title: options.title ?? 'Error by model',
    height: options.height,
    showlegend: named,
    layout: {
      barmode: 'group',
      xaxis: themedAxis('model', { type: 'category', showgrid: false }),
      yaxis: themedAxis(options.yTitle ?? 'mean absolute error (cases)', { zeroline: true }),
      ...(shapes.length > 0 ? { shapes, annotations } : {}),
    },
  });
}
