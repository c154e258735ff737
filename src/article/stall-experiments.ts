/**
 * Why the article's 2-4-1 network stalls at an error of about 29.3, and what fixes
 * it: one recipe per change (correct derivative, scaled inputs, biases, Glorot
 * initialisation, more epochs), each run over many seeds.
 * Taught in `07-why-the-error-stalls.ipynb`.
 */
import { trainArticleNetwork } from './article-network.js';
import { DivergenceError, InputError } from '../core/errors.js';
import type { InitializerName } from '../network/initializers.js';
import { createNetwork } from '../network/network.js';
import { summarize, type Summary } from '../core/statistics.js';
import { trainNetwork } from '../network/training.js';
import type { EpochRecord, Matrix, Vector } from '../core/types.js';
import {
  LIMITS, checkArray, checkBoolean, checkChoice, checkFunction, checkMatrix, checkOptions, checkPositive, checkPositiveInteger, checkSize,
} from '../core/validate.js';
import { applyScaler, fitScaler } from '../forecasting/scaling.js';

/** One way of training the article's 2-4-1 network. */
export interface StallRecipe {
  /** Short label for tables and legends. */
  name: string;
  /** `"faithful"` is the article's update; everything else uses the correct gradient. */
  variant: 'faithful' | 'correct';
  /** Standardise each input column to mean 0, standard deviation 1. */
  scaleInputs: boolean;
  /** Add a bias to every layer. */
  bias: boolean;
  initializer: Extract<InitializerName, 'uniform' | 'glorotUniform'>;
  epochs: number;
  learningRate: number;
}

const ARTICLE: StallRecipe = { name: 'article (faithful tanh′)', variant: 'faithful', scaleInputs: false, bias: false, initializer: 'uniform', epochs: 20, learningRate: 0.01 };
const CORRECT: StallRecipe = { ...ARTICLE, name: 'correct derivative', variant: 'correct' };

/** The recipes of the chapter, each adding one change to the article's setup, then all together. */
export const STALL_RECIPES: readonly StallRecipe[] = Object.freeze([
  ARTICLE,
  CORRECT,
  { ...CORRECT, name: '+ scaled inputs', scaleInputs: true },
  { ...CORRECT, name: '+ biases', bias: true },
  { ...CORRECT, name: '+ Glorot init', initializer: 'glorotUniform' },
  { ...CORRECT, name: '+ 2,000 epochs', epochs: 2000 },
  { ...CORRECT, name: 'all of the above', scaleInputs: true, bias: true, initializer: 'glorotUniform', epochs: 2000 },
]);

const ALL_FIXES = STALL_RECIPES.at(-1)!;

/**
 * The ablation of the chapter: every fix at once, trained long enough to converge
 * (2,000 epochs), then the same with one fix left out at a time, and the correct
 * derivative or the article's update alone for as long. What a fix is worth is what
 * leaving it out costs. (The article's update cannot be combined with biases, as its
 * network has none, so the derivative's own leave-one-out is the comparison of the
 * last two rows with chapter 5's.)
 */
export const ABLATION_RECIPES: readonly StallRecipe[] = Object.freeze([
  { ...ALL_FIXES, name: 'all fixes, 2,000 epochs' },
  { ...ALL_FIXES, name: 'all but scaled inputs', scaleInputs: false },
  { ...ALL_FIXES, name: 'all but biases', bias: false },
  { ...ALL_FIXES, name: 'all but Glorot init', initializer: 'uniform' },
  { ...CORRECT, name: 'correct derivative alone, 2,000 epochs', epochs: 2000 },
  { ...ARTICLE, name: "article's update alone, 2,000 epochs", epochs: 2000 },
]);

/**
 * Standardises each column to mean 0 and standard deviation 1 (population std).
 * A constant column is only centred.
 *
 * @example
 * ```ts
 * standardizeColumns([[1, 10], [3, 30]]); // [[-1, -1], [1, 1]]
 * ```
 */
export function standardizeColumns(inputs: Matrix): number[][] {
  checkMatrix('inputs', inputs);
  // The same numbers as fitScaler's standardisation, stable near the float64 limit.
  return applyScaler(fitScaler(inputs, { method: 'standardize' }), inputs);
}

/** Checks a recipe's fields; a typo in a choice would otherwise train something else silently. */
function checkRecipe(recipe: StallRecipe): void {
  checkOptions('recipe', recipe, 'STALL_RECIPES[0]');
  checkChoice('recipe.variant', recipe.variant, ['faithful', 'correct']);
  checkBoolean('recipe.scaleInputs', recipe.scaleInputs);
  checkBoolean('recipe.bias', recipe.bias);
  checkChoice('recipe.initializer', recipe.initializer, ['uniform', 'glorotUniform']);
  checkSize('recipe.epochs', recipe.epochs, LIMITS.epochs, 'the epoch limit');
  checkPositive('recipe.learningRate', recipe.learningRate);
  if (recipe.variant === 'faithful' && (recipe.bias || recipe.initializer !== 'uniform')) {
    throw new InputError('recipe', `Expected a "faithful" recipe without biases and with the "uniform" initializer (the article's network) but found bias ${recipe.bias}, initializer ${JSON.stringify(recipe.initializer)}.`);
  }
}

/**
 * Trains the 2-4-1 network with one recipe and one seed.
 *
 * @returns The error (mean squared error) of every epoch, or `NaN` from the epoch it diverged.
 * @example
 * ```ts
 * runStallRecipe(STALL_RECIPES[0], INPUTS, TARGETS, 1).at(-1); // ≈ 29.3
 * ```
 */
export function runStallRecipe(
  recipe: StallRecipe,
  inputs: Matrix,
  targets: Vector,
  seed: number,
  options?: { onEpoch?: (record: EpochRecord) => void },
): number[] {
  checkRecipe(recipe);
  const given = checkFunction<(record: EpochRecord) => void>('onEpoch', checkOptions('options', options).onEpoch);
  checkMatrix('inputs', inputs);
  const X = recipe.scaleInputs ? standardizeColumns(inputs) : inputs;
  const onEpoch = given === undefined ? {} : { onEpoch: given };
  if (recipe.variant === 'faithful') {
    return trainArticleNetwork(X, targets, { seed, epochs: recipe.epochs, learningRate: recipe.learningRate, ...onEpoch }).errors;
  }
  const network = createNetwork([X[0]!.length, 4, 1], { seed, bias: recipe.bias, initializer: recipe.initializer });
  try {
    // halfSse is the article's ½·Σ(ŷ − y)², so the learning rate means the same as there.
    return trainNetwork(network, X, targets, { learningRate: recipe.learningRate, epochs: recipe.epochs, objective: 'halfSse', ...onEpoch }).history.map((h) => h.loss);
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    const losses = (error.state as { history: { loss: number }[] }).history.map((h) => h.loss);
    return [...losses, ...new Array<number>(recipe.epochs - losses.length).fill(NaN)];
  }
}

/** Final errors of one recipe over many seeds. */
export interface StallResult {
  recipe: StallRecipe;
  /** Final error per seed (NaN where the run diverged). */
  finalErrors: number[];
  /** Summary of the finite final errors. */
  summary: Summary;
  /** How many seeds diverged. */
  diverged: number;
}

/**
 * Runs every recipe over seeds `1..seeds` and summarises the final errors. `onEpoch`
 * sees every epoch of every run, in order (e.g. `trainingProgress({ runs }).update`).
 *
 * @example
 * ```ts
 * compareStallRecipes(INPUTS, TARGETS, { seeds: 20 }).map((r) => [r.recipe.name, r.summary.median]);
 * ```
 */
export function compareStallRecipes(
  inputs: Matrix,
  targets: Vector,
  given?: { seeds?: number; recipes?: readonly StallRecipe[]; onEpoch?: (record: EpochRecord) => void },
): StallResult[] {
  const options = checkOptions('options', given);
  const seeds = checkPositiveInteger('seeds', options.seeds ?? 20);
  const recipes = options.recipes ?? STALL_RECIPES;
  checkArray('recipes', recipes, 'an array of recipes');
  recipes.forEach(checkRecipe);
  const fn = checkFunction<(record: EpochRecord) => void>('onEpoch', options.onEpoch);
  const onEpoch = fn === undefined ? {} : { onEpoch: fn };
  return recipes.map((recipe) => {
    const finalErrors = Array.from({ length: seeds }, (_, i) => runStallRecipe(recipe, inputs, targets, i + 1, onEpoch).at(-1)!);
    const finite = finalErrors.filter(Number.isFinite);
    return {
      recipe,
      finalErrors,
      summary: finite.length > 0 ? summarize(finite) : { min: NaN, median: NaN, max: NaN, mean: NaN },
      diverged: seeds - finite.length,
    };
  });
}
