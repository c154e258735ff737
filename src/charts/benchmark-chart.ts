/**
 * The benchmark as a chart: time per epoch of every stack as a multiple of
 * single-thread NumPy's, one group of bars per workload, on a log scale (below 1 is
 * faster than NumPy). Shown in `09-does-vectorization-pay.ipynb`.
 */
import { ratioToBaseline, type BenchmarkReport } from '../speed/benchmark.js';
import type { BarTrace, PlotlyFigure, ScatterTrace } from './figure.js';
import { THEME, checkChartOptions, themedAxis, themedFigure, themeColor, type ChartOptions } from './theme.js';
import { InputError } from '../core/errors.js';
import { checkList, checkOptions, checkString } from '../core/validate.js';

/** The palette in order, then the palette again with a hatch pattern, so that no two stacks look alike. */
function stackMarker(i: number): BarTrace['marker'] {
  const colors = THEME.colors.length;
  const color = themeColor(i);
  return i < colors ? { color } : { color, pattern: { shape: (['/', 'x', '.'] as const)[Math.floor(i / colors - 1) % 3]!, fillmode: 'overlay', fgcolor: THEME.background, solidity: 0.4 } };
}

/**
 * Builds the benchmark chart from a report: one bar per measured stack and workload,
 * hover showing the time per epoch, and a dashed line at 1 (the baseline itself).
 * Reference rows (`reference: true`, not stacks) are hollow grey bars.
 *
 * @throws {InputError} (argument `"report"` or one of its fields) If the report is not an
 *   object with `workloads` and `entries` arrays, has no measured entry to draw, or a time
 *   per epoch gives a ratio to the baseline that is not a finite number greater than 0.
 * @example
 * ```ts
 * showChart(benchmarkChart(report));
 * ```
 */
export function benchmarkChart(report: BenchmarkReport, given?: ChartOptions): PlotlyFigure {
  const options = checkChartOptions(given);
  checkOptions('report', report, 'a report from runBenchmarks or readBenchmarkReport');
  checkList('report.workloads', report.workloads, 'an array of workloads');
  checkList('report.entries', report.entries, 'an array of entries');
  checkString('report.baseline', report.baseline);
  const names = report.workloads.map((w, i) => checkString(`report.workloads[${i}].name`, (checkOptions(`report.workloads[${i}]`, w, '{ name }') as { name?: unknown }).name));
  report.entries.forEach((e, i) => checkOptions(`report.entries[${i}]`, e, '{ engine, workload, secondsPerEpoch }'));
  const engines = [...new Map(report.entries.filter((e) => e.engine !== report.baseline).map((e) => [e.engine, e.label])).entries()];
  const isReference = (engine: string) => report.entries.some((e) => e.engine === engine && e.reference === true);
  const traces: BarTrace[] = [];
  let stack = 0; // stacks take the palette in order; reference rows are drawn hollow, in grey
  engines.forEach(([engine, label]) => {
    const reference = isReference(engine);
    const marker = reference ? { color: THEME.background, line: { color: THEME.muted, width: 1.5 } } : stackMarker(stack++);
    const x: string[] = [];
    const y: number[] = [];
    const hovertext: string[] = [];
    for (const name of names) {
      const entry = report.entries.find((e) => e.engine === engine && e.workload === name);
      const ratio = entry ? ratioToBaseline(report, entry) : undefined;
      if (entry?.secondsPerEpoch === undefined || ratio === undefined) continue;
      if (!(Number.isFinite(ratio) && ratio > 0)) {
        throw new InputError('report.entries', `Expected report.entries to give ${label} on ${name} a finite time per epoch, greater than 0, relative to the baseline's but found a ratio of ${ratio}: check secondsPerEpoch of both.`);
      }
      x.push(name);
      y.push(ratio);
      hovertext.push(`${label}, ${name}: ${entry.secondsPerEpoch.toPrecision(3)} s per epoch, ×${ratio.toPrecision(3)} NumPy`);
    }
    if (x.length > 0) traces.push({ type: 'bar', name: reference ? `${label}, a reference` : label, x, y, hovertext, hovertemplate: '%{hovertext}<extra></extra>', marker });
  });
  if (traces.length === 0) throw new InputError('report', 'Expected at least one measured entry besides the baseline but found none.');
  const base = report.entries.find((e) => e.engine === report.baseline)?.label ?? report.baseline;
  const reference: ScatterTrace = {
    type: 'scatter', mode: 'lines', name: base, x: names, y: names.map(() => 1), line: { color: THEME.muted, dash: 'dash', width: 1 }, hoverinfo: 'skip',
  };
  return themedFigure([...traces, reference], {
    title: options.title ?? `Time per epoch as a multiple of ${base}'s (log scale, lower is faster)`,
    height: options.height ?? 560,
    showlegend: true,
    layout: {
      // Below the plot: a dozen entries would wrap into the title above it.
      legend: { orientation: 'h', x: 0, y: -0.15, xanchor: 'left', yanchor: 'top' },
      margin: { l: 10, r: 10, t: 50, b: 10 },
      barmode: 'group',
      xaxis: themedAxis('workload', { type: 'category' }),
      yaxis: themedAxis(`× ${base}`, { type: 'log' }),
    },
  });
}
