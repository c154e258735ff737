/**
 * The article's printed numbers next to ours: the reproduction report that
 * `npm run report` prints (`tools/report`). Each check says what was
 * compared, how (exact digits, float32 tolerance, or a range for random runs) and
 * whether it agrees.
 */
import { trainArticleNetwork } from './article-network.js';
import { INPUTS, TARGETS } from './data.js';
import { gradientDescentLoop, type LinearEpoch } from '../linear/gradient-descent-loop.js';
import { gradientDescentVectorized } from '../linear/gradient-descent-vectorized.js';

/** How a check compares the article's value with ours. */
export type Agreement =
  | { kind: 'exact' }
  | { kind: 'relative'; tolerance: number }
  | { kind: 'decimals'; digits: number }
  | { kind: 'range'; low: number; high: number };

/** One printed number of the article and ours. */
export interface ReproductionCheck {
  /** Article section, e.g. `"1. Gradient descent (loop)"`. */
  section: string;
  /** What the number is, e.g. `"epoch 1 error"`. */
  quantity: string;
  /** The value the article prints. */
  article: number;
  /** The value we compute. */
  ours: number;
  agreement: Agreement;
  /** Whether `ours` agrees with `article` under `agreement`. */
  agrees: boolean;
}

/** Tells whether `ours` agrees with `article` under the given rule. */
export function agrees(article: number, ours: number, agreement: Agreement): boolean {
  switch (agreement.kind) {
    case 'exact':
      return Object.is(article, ours);
    case 'relative':
      return Math.abs(ours - article) <= agreement.tolerance * Math.abs(article);
    case 'decimals':
      return ours.toFixed(agreement.digits) === article.toFixed(agreement.digits);
    case 'range':
      return ours >= agreement.low && ours <= agreement.high;
  }
}

function check(section: string, quantity: string, article: number, ours: number, agreement: Agreement): ReproductionCheck {
  return { section, quantity, article, ours, agreement, agrees: agrees(article, ours, agreement) };
}

const LOOP = '1. Gradient descent (loop)';
const VECTORIZED = '2. Vectorized with TensorFlow.js';
const NETWORK = '5. The 2-4-1 network';

/**
 * Section 5's printed errors (epochs 1–4 and 17–20 of one unseeded run) and, for
 * each, the range seeded runs land in: the extremes over seeds 0–999 of
 * `trainArticleNetwork` (the article's update, stable tanh), widened by about 4 % at
 * the start and 0.15 % at the plateau. Each printed value lies inside its range.
 * `05-training-a-deep-network.ipynb` prints all twenty epochs.
 *
 * @example
 * ```ts
 * const { low, high } = ARTICLE_NETWORK_ERRORS.find((r) => r.epoch === 20)!; // 29.21, 29.38
 * ```
 */
export const ARTICLE_NETWORK_ERRORS: readonly { epoch: number; article: number; low: number; high: number }[] = Object.freeze([
  { epoch: 1, article: 125.68846130371094, low: 75, high: 145 },
  { epoch: 2, article: 97.80104064941406, low: 60, high: 115 },
  { epoch: 3, article: 77.51105499267578, low: 50, high: 90 },
  { epoch: 4, article: 63.27639389038086, low: 44, high: 72 },
  { epoch: 17, article: 29.5538330078125, low: 29.33, high: 29.66 },
  { epoch: 18, article: 29.44598388671875, low: 29.28, high: 29.53 },
  { epoch: 19, article: 29.36988639831543, low: 29.24, high: 29.44 },
  { epoch: 20, article: 29.316192626953125, low: 29.21, high: 29.38 },
]);

/** What the article prints for a linear section. */
interface LinearPrintout {
  first: readonly number[];
  errors: readonly (readonly [epoch: number, error: number])[];
  last: readonly number[];
}

/** Section 1's printout: predictions at epochs 1 and 100, errors at six epochs (float64, every digit). */
const LOOP_PRINTOUT: LinearPrintout = {
  first: [2.5, 5.505499999999999, 9.020657099999998, 14.59589883232],
  errors: [[1, 9.189030365235194], [2, 8.336661573054283], [3, 7.570429647636219], [98, 0.7492490623757035], [99, 0.7491779623809854], [100, 0.7491098293607978]],
  last: [3.3076402607543107, 7.29043311877873, 11.90803160421936, 19.198867413412678],
};

/** Section 2's printout (float32; predictions shown to two decimals). */
const VECTORIZED_PRINTOUT: LinearPrintout = {
  first: [2.5, 5.5, 9.0, 14.5],
  errors: [[1, 9.4375], [2, 8.547682762145996], [3, 7.74901819229126], [98, 0.7479317784309387], [99, 0.7478666305541992], [100, 0.7478042244911194]],
  last: [3.31, 7.29, 11.91, 19.2],
};

/**
 * Runs the article's experiments and compares every number it prints with ours.
 * Uses the active tfjs backend for sections 2 and 5; the 2-4-1 network, unseeded in
 * the article, is run with `seed` and compared against the range seeds 0–999 land in.
 *
 * @example
 * ```ts
 * reproduceArticle().every((c) => c.agrees); // true
 * ```
 */
export function reproduceArticle(options: { seed?: number } = {}): ReproductionCheck[] {
  const exact = { kind: 'exact' } as const;
  const float32 = { kind: 'relative', tolerance: 1e-6 } as const;
  const twoDecimals = { kind: 'decimals', digits: 2 } as const;
  const loop = gradientDescentLoop(INPUTS, TARGETS).history;
  const vectorized = gradientDescentVectorized(INPUTS, TARGETS).history;
  const network = trainArticleNetwork(INPUTS, TARGETS, { seed: options.seed ?? 1 }).errors;
  const at = <T>(list: T[], epoch: number): T => list[epoch - 1]!;
  /** The article's printout for one linear section: epoch-1 and epoch-100 predictions, and six epochs' errors. */
  const linearChecks = (section: string, history: LinearEpoch[], printed: LinearPrintout, predictionRule: Agreement, errorRule: Agreement) => [
    ...printed.first.map((p, i) => check(section, `epoch 1 prediction ${i + 1}`, p, at(history, 1).predictions[i]!, predictionRule)),
    ...printed.errors.map(([epoch, error]) => check(section, `epoch ${epoch} error`, error, at(history, epoch).loss, errorRule)),
    ...printed.last.map((p, i) => check(section, `epoch 100 prediction ${i + 1}`, p, at(history, 100).predictions[i]!, predictionRule)),
  ];
  return [
    ...linearChecks(LOOP, loop, LOOP_PRINTOUT, exact, exact),
    ...linearChecks(VECTORIZED, vectorized, VECTORIZED_PRINTOUT, twoDecimals, float32),
    ...ARTICLE_NETWORK_ERRORS.map(({ epoch, article, low, high }) =>
      check(NETWORK, `epoch ${epoch} error (random start)`, article, at(network, epoch), { kind: 'range', low, high })),
  ];
}

/** Describes an agreement rule in a few words. */
export function describeAgreement(agreement: Agreement): string {
  switch (agreement.kind) {
    case 'exact':
      return 'every digit';
    case 'relative':
      return `within ${agreement.tolerance} relative`;
    case 'decimals':
      return `to ${agreement.digits} decimals`;
    case 'range':
      return `in [${agreement.low}, ${agreement.high}]`;
  }
}
