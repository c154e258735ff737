/**
 * A small loss curve as an SVG string: no JavaScript, so it shows wherever HTML
 * shows (an untrusted notebook, an export, a frozen progress output).
 * Used by `trainingProgress` (src/notebook/progress.ts), seen in `05-training-a-deep-network.ipynb`.
 */
import { extent } from '../core/statistics.js';
import { THEME, themeColor } from './theme.js';

/** Options for {@link lossSparkline}. */
export interface LossSparklineOptions {
  /** Width in pixels. Default `420`. */
  width?: number;
  /** Height in pixels. Default `120`. */
  height?: number;
  /** The x axis runs to this epoch, so that the curve grows into a fixed frame. Default: the number of losses. */
  epochs?: number;
  /** `"linear"` or `"log"` (non-positive losses are then left out). Default `"linear"`. */
  yScale?: 'linear' | 'log';
  /**
   * Scale of the epoch axis. `"log"` gives the first epochs, where a long run changes
   * most, as much room as the last ones. Default: `"log"` when the frame is longer
   * than {@link LOG_EPOCHS_FROM} epochs, else `"linear"`.
   */
  xScale?: 'linear' | 'log';
}

/** From this many epochs on, the epoch axis is logarithmic unless `xScale` says otherwise. */
export const LOG_EPOCHS_FROM = 200;

const fmt = (v: number) => String(+v.toPrecision(4));

/**
 * Draws losses (epoch 1 first) as a polyline with the first and last epoch and the
 * smallest and largest loss written on the axes. Non-finite losses are left out.
 *
 * @example
 * ```ts
 * tslab.display.html(lossSparkline([9.19, 5.1, 2.3], { epochs: 100 }));
 * ```
 */
export function lossSparkline(losses: readonly number[], options: LossSparklineOptions = {}): string {
  const width = options.width ?? 420;
  const height = options.height ?? 120;
  const log = options.yScale === 'log';
  const epochs = Math.max(options.epochs ?? losses.length, losses.length, 2);
  const points = losses.map((loss, i) => [i + 1, loss] as const).filter(([, loss]) => Number.isFinite(loss) && (!log || loss > 0));
  const [left, right, top, bottom] = [56, 12, 10, 22];
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="loss per epoch" style="font-family:${THEME.fontFamily.replace(/"/g, "'")};font-size:11px">`;
  const frame = `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="${THEME.gridColor}"/>`;
  const xLabels =
    `<text x="${left}" y="${height - 6}" fill="${THEME.textColor}">epoch 1</text>` +
    `<text x="${width - right}" y="${height - 6}" text-anchor="end" fill="${THEME.textColor}">${epochs}</text>`;
  if (points.length === 0) return `${open}${frame}${xLabels}</svg>`;
  const ys = points.map(([, loss]) => (log ? Math.log10(loss) : loss));
  const [low, high] = extent(ys);
  const span = high - low || 1;
  const logX = (options.xScale ?? (epochs > LOG_EPOCHS_FROM ? 'log' : 'linear')) === 'log';
  const plotWidth = width - left - right;
  const px = (epoch: number) => left + (logX ? Math.log(epoch) / Math.log(epochs) : (epoch - 1) / (epochs - 1)) * plotWidth;
  const py = (v: number) => top + (1 - (v - low) / span) * (height - top - bottom);
  const path = columns(points.map(([epoch], i) => [px(epoch), py(ys[i]!)] as const))
    .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
    .join(' ');
  const ticks = logX ? logTicks(epochs, px, height) : '';
  const [minLoss, maxLoss] = extent(points.map((p) => p[1]));
  const yLabels =
    `<text x="${left - 4}" y="${top + 9}" text-anchor="end" fill="${THEME.textColor}">${fmt(maxLoss)}</text>` +
    `<text x="${left - 4}" y="${height - bottom}" text-anchor="end" fill="${THEME.textColor}">${fmt(minLoss)}</text>`;
  const line = `<polyline points="${path}" fill="none" stroke="${themeColor(0)}" stroke-width="2" stroke-linejoin="round"/>`;
  const last = points.at(-1)!;
  const dot = `<circle cx="${px(last[0]).toFixed(1)}" cy="${py(ys.at(-1)!).toFixed(1)}" r="3" fill="${themeColor(1)}"/>`;
  return `${open}${frame}${ticks}${xLabels}${yLabels}${line}${dot}</svg>`;
}

/**
 * At most four points per pixel column (its first, highest, lowest and last, in epoch order), so
 * that a run of any length draws the same curve with a bounded number of points.
 */
function columns(points: readonly (readonly [x: number, y: number])[]): (readonly [number, number])[] {
  const kept: (readonly [number, number])[] = [];
  let start = 0;
  while (start < points.length) {
    const column = Math.round(points[start]![0]);
    let end = start;
    while (end + 1 < points.length && Math.round(points[end + 1]![0]) === column) end++;
    let [top, bottom] = [start, start];
    for (let i = start; i <= end; i++) {
      if (points[i]![1] < points[top]![1]) top = i;
      if (points[i]![1] > points[bottom]![1]) bottom = i;
    }
    for (const i of [...new Set([start, top, bottom, end])].sort((a, b) => a - b)) kept.push(points[i]!);
    start = end + 1;
  }
  return kept;
}

/** Grid lines and labels at 10, 100, … on a logarithmic epoch axis. */
function logTicks(epochs: number, px: (epoch: number) => number, height: number): string {
  let ticks = '';
  for (let e = 10; e < epochs; e *= 10) {
    const x = px(e).toFixed(1);
    ticks += `<line x1="${x}" x2="${x}" y1="10" y2="${height - 22}" stroke="${THEME.gridColor}"/>`;
    if (px(epochs) - px(e) > 40) ticks += `<text x="${x}" y="${height - 6}" text-anchor="middle" fill="${THEME.textColor}">${e}</text>`;
  }
  return ticks;
}
