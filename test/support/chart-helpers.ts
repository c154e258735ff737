// Shared checks for chart builders: figures are plain JSON, and each is kept as a
// reviewable JSON file snapshot in test/charts/__snapshots__/.
import { expect } from 'vitest';
import type { PlotlyFigure, ScatterTrace, BarTrace } from '../../src/charts/figure.js';

/** Compares the figure with `__snapshots__/<name>.json` (written on first run, checked after). */
export async function expectFigureSnapshot(figure: PlotlyFigure, name: string): Promise<void> {
  // A figure must survive JSON: NaN or Infinity would silently become null.
  expect(JSON.parse(JSON.stringify(figure))).toStrictEqual(figure);
  await expect(`${JSON.stringify(figure, null, 2)}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.json`);
}

/** The trace called `name`, as a scatter or bar trace. */
export function trace(figure: PlotlyFigure, name: string): ScatterTrace | BarTrace {
  const found = figure.data.find((t) => t.name === name);
  if (!found) throw new Error(`No trace named ${name}; traces: ${figure.data.map((t) => t.name).join(', ')}`);
  return found;
}

/** The scatter trace called `name`. */
export function scatter(figure: PlotlyFigure, name: string): ScatterTrace {
  const found = trace(figure, name);
  if (found.type !== 'scatter') throw new Error(`Trace ${name} is a ${found.type} trace`);
  return found;
}
