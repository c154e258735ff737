/**
 * Live training progress for the trainers' `onEpoch` callbacks. In a notebook one
 * output is updated in place with the epoch, the loss and a growing loss curve; in a
 * terminal a text progress bar is drawn on stderr. Updates are throttled by time,
 * and the last epoch is always shown, so a saved notebook shows where training ended.
 * Taught in `05-training-a-deep-network.ipynb`.
 */
import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../core/html.js';
import { lossSparkline } from '../charts/loss-sparkline.js';
import { THEME } from '../charts/theme.js';
import { kernelSink, METADATA_KEY, type DisplaySink } from './display.js';
import { InputError } from '../core/errors.js';
import { checkPositiveInteger, describe } from '../core/validate.js';
import type { EpochRecord } from '../core/types.js';

/** Options for {@link trainingProgress}. */
export interface ProgressOptions {
  /** Epochs of one run, for "epoch 3 / 20", the bar, and the final update. Default: unknown. */
  epochs?: number;
  /**
   * Runs trained one after the other through the same display (seeds, recipes): a run
   * starts when the epoch number goes back down, and the display says "run 2 / 5".
   * Default `1`.
   */
  runs?: number;
  /** What is training, e.g. `"faithful, seed 1"`. Default `"training"`. */
  label?: string;
  /** Least time between two updates, in milliseconds. Default `250` (at most 4 per second). */
  intervalMs?: number;
  /** Scale of the curve's y axis. Default `"linear"`. */
  yScale?: 'linear' | 'log';
  /** Where the notebook output goes. Default: the running kernel; outside one, the text bar. */
  sink?: DisplaySink;
  /** Where the text bar goes when there is no sink. Default `process.stderr`. */
  stream?: { write(text: string): unknown; isTTY?: boolean };
  /** Clock in milliseconds. Default `performance.now`. */
  now?: () => number;
}

/** A progress display; pass its `update` as `onEpoch`. */
export interface TrainingProgress {
  /** Records one epoch: pass it as any trainer's `onEpoch`. */
  readonly update: (record: EpochRecord) => void;
  /** Shows the last epoch if the throttle held it back (training stopped early) and ends the text bar. */
  readonly done: () => void;
  /** Losses recorded so far, epoch 1 of the first run first. */
  readonly losses: readonly number[];
}

const BAR_WIDTH = 24;
const fmt = (loss: number) => String(+loss.toPrecision(6));

/**
 * Creates a progress display for one training run.
 *
 * @param options Total epochs, label, throttle interval, scale, and (for tests) sinks and clock.
 * @returns `update` for `onEpoch`, `done` for the end, and the losses seen.
 * @example
 * ```ts
 * const progress = trainingProgress({ epochs: 20, label: 'seed 1' });
 * trainArticleNetwork(INPUTS, TARGETS, { seed: 1, onEpoch: progress.update });
 * progress.done();
 * ```
 */
export function trainingProgress(options: ProgressOptions = {}): TrainingProgress {
  const epochs = options.epochs === undefined ? undefined : checkPositiveInteger('epochs', options.epochs);
  const runs = checkPositiveInteger('runs', options.runs ?? 1);
  const frame = epochs === undefined ? undefined : epochs * runs; // the sparkline's x axis, every run end to end
  const label = options.label ?? 'training';
  const intervalMs = options.intervalMs ?? 250;
  if (typeof intervalMs !== 'number' || !(intervalMs >= 0)) {
    throw new InputError('intervalMs', `Expected intervalMs to be a number of milliseconds ≥ 0 but found ${describe(intervalMs)}.`);
  }
  const now = options.now ?? (() => performance.now());
  const sink = options.sink ?? kernelSink();
  const stream = options.stream ?? process.stderr;
  const displayId = `backprop-ts-progress-${randomUUID()}`;
  const losses: number[] = [];
  let epoch = 0;
  let run = 1;
  let shown = 0; // how many losses the display shows
  let shownAt = -Infinity;
  let lineOpen = false;
  let displayed = false;

  const summary = () =>
    `${label}: ${runs > 1 ? `run ${run} / ${runs}, ` : ''}epoch ${epoch}${epochs ? ` / ${epochs}` : ''}, loss ${fmt(losses.at(-1)!)}`;
  const finished = () => epochs !== undefined && run >= runs && epoch >= epochs;

  const render = (final: boolean) => {
    shown = losses.length;
    shownAt = now();
    if (sink) {
      const sparkline = lossSparkline(losses, { epochs: frame, yScale: options.yScale });
      const html =
        `<div class="backprop-ts-progress" style="font-family:${THEME.fontFamily.replace(/"/g, "'")};color:${THEME.textColor}">` +
        `<div>${escapeHtml(summary())}</div>${sparkline}</div>`;
      // The SVG also on its own, for exports that sanitize HTML (the backprop-ts template shows it as an image).
      const data = { 'text/html': html, 'image/svg+xml': sparkline, 'text/plain': summary() };
      const output = { data, metadata: { [METADATA_KEY]: { role: 'progress' } } };
      sink.display(output, { displayId, update: displayed });
      displayed = true;
      return;
    }
    const done = frame === undefined ? 0 : Math.min((run - 1) * epochs! + epoch, frame);
    const bar = frame ? `[${'#'.repeat(Math.round((BAR_WIDTH * done) / frame)).padEnd(BAR_WIDTH, '-')}] ` : '';
    const text = `${bar}${summary()}`;
    if (stream.isTTY) {
      stream.write(`\r${text}\x1b[K${final ? '\n' : ''}`);
      lineOpen = !final;
    } else {
      stream.write(`${text}\n`);
    }
  };
  const update: TrainingProgress['update'] = (record) => {
    if (record.epoch <= epoch && runs > 1) run = Math.min(run + 1, runs); // the epoch number went back: the next run
    epoch = record.epoch;
    losses.push(record.loss);
    const final = finished();
    if (final || shown === 0 || now() - shownAt >= intervalMs) render(final);
  };

  const done = () => {
    if (losses.length > shown) render(true);
    else if (lineOpen) stream.write('\n');
    lineOpen = false;
  };

  return { update, done, losses };
}
