/**
 * A small loss curve as an SVG string: no JavaScript, so it shows wherever HTML
 * shows (an untrusted notebook, an export, a frozen progress output).
 * Used by `trainingProgress` (src/notebook/progress.ts), seen in `05-training-a-deep-network.ipynb`.
 */
import { InputError } from '../core/errors.js';
import { LIMITS, checkArray, checkChoice, checkOptions, checkPositive, checkSize, describe } from '../core/validate.js';
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

/** Four significant digits, trailing zeros dropped; near 1.8e308 rounding up would overflow, so the digits stay as written. */
const fmt = (v: number) => (Number.isFinite(+v.toPrecision(4)) ? String(+v.toPrecision(4)) : v.toPrecision(4));

/**
 * Draws losses (epoch 1 first) as a polyline with the first and last epoch and the
 * smallest and largest loss written on the axes. Non-finite losses (a run that
 * diverged) are left out; holes and entries that are not numbers are errors.
 *
 * @throws {InputError} For losses that are not an array of numbers, or bad options.
 * @example
 * ```ts
 * tslab.display.html(lossSparkline([9.19, 5.1, 2.3], { epochs: 100 }));
 * ```
 */
export function lossSparkline(losses: readonly number[], given?: LossSparklineOptions): string {
  checkArray('losses', losses, 'an array of losses');
  for (let i = 0; i < losses.length; i++) {
    if (typeof losses[i] !== 'number') {
      const found = i in losses ? describe(losses[i]) : 'a hole (an empty slot of a sparse array)';
      throw new InputError('losses', `Expected losses[${i}] to be a number but found ${found}.`);
    }
  }
  const options = checkOptions('options', given);
  const width = checkPositive('width', options.width ?? 420);
  const height = checkPositive('height', options.height ?? 120);
  const log = checkChoice('yScale', options.yScale ?? 'linear', ['linear', 'log']) === 'log';
  const xScale = options.xScale === undefined ? undefined : checkChoice('xScale', options.xScale, ['linear', 'log']);
  if (options.epochs !== undefined) checkSize('epochs', options.epochs, LIMITS.epochs, 'the epoch limit');
  const epochs = Math.max(options.epochs ?? losses.length, losses.length, 2);
  const usable = (loss: number) => Number.isFinite(loss) && (!log || loss > 0);
  const value = (loss: number) => (log ? Math.log10(loss) : loss);
  const [left, right, top, bottom] = [56, 12, 10, 22];
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="loss per epoch" style="font-family:${THEME.fontFamily.replace(/"/g, "'")};font-size:11px">`;
  const frame = `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" fill="none" stroke="${THEME.gridColor}"/>`;
  const xLabels =
    `<text x="${left}" y="${height - 6}" fill="${THEME.textColor}">epoch 1</text>` +
    `<text x="${width - right}" y="${height - 6}" text-anchor="end" fill="${THEME.textColor}">${epochs}</text>`;
  // One pass for the ranges (progress redraws this several times a second, on runs of any length).
  let [minLoss, maxLoss, lastIndex] = [Infinity, -Infinity, -1];
  for (let i = 0; i < losses.length; i++) {
    const loss = losses[i]!;
    if (!usable(loss)) continue;
    if (loss < minLoss) minLoss = loss;
    if (loss > maxLoss) maxLoss = loss;
    lastIndex = i;
  }
  if (lastIndex < 0) return `${open}${frame}${xLabels}</svg>`;
  const [low, high] = [value(minLoss), value(maxLoss)];
  // Halved when the span overflows (losses of both signs near 1.8e308).
  const halve = !Number.isFinite(high - low);
  const span = halve ? high / 2 - low / 2 : high - low || 1;
  const logX = (xScale ?? (epochs > LOG_EPOCHS_FROM ? 'log' : 'linear')) === 'log';
  const plotWidth = width - left - right;
  const px = (epoch: number) => left + (logX ? Math.log(epoch) / Math.log(epochs) : (epoch - 1) / (epochs - 1)) * plotWidth;
  const py = (v: number) => top + (1 - (halve ? v / 2 - low / 2 : v - low) / span) * (height - top - bottom);
  const path = columns(losses, usable, px)
    .map((i) => `${px(i + 1).toFixed(1)},${py(value(losses[i]!)).toFixed(1)}`)
    .join(' ');
  const ticks = logX ? logTicks(epochs, px, height) : '';
  const yLabels =
    `<text x="${left - 4}" y="${top + 9}" text-anchor="end" fill="${THEME.textColor}">${fmt(maxLoss)}</text>` +
    `<text x="${left - 4}" y="${height - bottom}" text-anchor="end" fill="${THEME.textColor}">${fmt(minLoss)}</text>`;
  const line = `<polyline points="${path}" fill="none" stroke="${themeColor(0)}" stroke-width="2" stroke-linejoin="round"/>`;
  const dot = `<circle cx="${px(lastIndex + 1).toFixed(1)}" cy="${py(value(losses[lastIndex]!)).toFixed(1)}" r="3" fill="${themeColor(1)}"/>`;
  return `${open}${frame}${ticks}${xLabels}${yLabels}${line}${dot}</svg>`;
}

/**
 * The indices to draw: at most four per pixel column (its first, highest, lowest and
 * last usable loss, in epoch order), so that a run of any length draws the same curve
 * with a bounded number of points. One pass, no copies.
 */
function columns(losses: readonly number[], usable: (loss: number) => boolean, px: (epoch: number) => number): number[] {
  const kept: number[] = [];
  let [column, first, highest, lowest, last] = [NaN, -1, -1, -1, -1];
  const flush = () => {
    if (first >= 0) for (const i of [...new Set([first, highest, lowest, last])].sort((a, b) => a - b)) kept.push(i);
  };
  for (let i = 0; i < losses.length; i++) {
    const loss = losses[i]!;
    if (!usable(loss)) continue;
    const c = Math.round(px(i + 1));
    if (c !== column) {
      flush();
      [column, first, highest, lowest, last] = [c, i, i, i, i];
      continue;
    }
    if (loss > losses[highest]!) highest = i;
    if (loss < losses[lowest]!) lowest = i;
    last = i;
  }
  flush();
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
