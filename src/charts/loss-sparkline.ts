/**
 * A small loss curve as an SVG string: no JavaScript, so it shows wherever HTML
 * shows (an untrusted notebook, an export, a frozen progress output).
 * Used by `trainingProgress` (src/notebook/progress.ts), seen in `05-training-a-deep-network.ipynb`.
 */
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
}

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
  const [low, high] = [Math.min(...ys), Math.max(...ys)];
  const span = high - low || 1;
  const px = (epoch: number) => left + ((epoch - 1) / (epochs - 1)) * (width - left - right);
  const py = (v: number) => top + (1 - (v - low) / span) * (height - top - bottom);
  const path = points.map(([epoch], i) => `${px(epoch).toFixed(1)},${py(ys[i]!).toFixed(1)}`).join(' ');
  const [minLoss, maxLoss] = [Math.min(...points.map((p) => p[1])), Math.max(...points.map((p) => p[1]))];
  const yLabels =
    `<text x="${left - 4}" y="${top + 9}" text-anchor="end" fill="${THEME.textColor}">${fmt(maxLoss)}</text>` +
    `<text x="${left - 4}" y="${height - bottom}" text-anchor="end" fill="${THEME.textColor}">${fmt(minLoss)}</text>`;
  const line = `<polyline points="${path}" fill="none" stroke="${themeColor(0)}" stroke-width="2" stroke-linejoin="round"/>`;
  const last = points.at(-1)!;
  const dot = `<circle cx="${px(last[0]).toFixed(1)}" cy="${py(ys.at(-1)!).toFixed(1)}" r="3" fill="${themeColor(1)}"/>`;
  return `${open}${frame}${xLabels}${yLabels}${line}${dot}</svg>`;
}
