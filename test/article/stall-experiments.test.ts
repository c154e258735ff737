import { beforeAll, describe, expect, it } from 'vitest';
import { INPUTS, TARGETS } from '../../src/article/data.js';
import { ABLATION_RECIPES, STALL_RECIPES, compareStallRecipes, runStallRecipe, standardizeColumns } from '../../src/article/stall-experiments.js';
import { useBackend } from '../support/helpers.js';
import { inputErrorOf } from '../support/input-error.js';

beforeAll(() => useBackend('wasm'));

describe('standardizeColumns', () => {
  it('standardizeColumns gives every column mean 0 and standard deviation 1', () => {
    const scaled = standardizeColumns(INPUTS);
    for (const c of [0, 1]) {
      const column = scaled.map((row) => row[c]!);
      const mean = column.reduce((s, x) => s + x, 0) / 4;
      expect(mean).toBeCloseTo(0, 12);
      expect(Math.sqrt(column.reduce((s, x) => s + (x - mean) ** 2, 0) / 4)).toBeCloseTo(1, 12);
    }
    expect(standardizeColumns([[1, 5], [3, 5]])).toEqual([[-1, 0], [1, 0]]);
  });
});

describe('compareStallRecipes', () => {
  let results: ReturnType<typeof compareStallRecipes>;
  beforeAll(() => {
    results = compareStallRecipes(INPUTS, TARGETS, { seeds: 20 });
  });
  const byName = (prefix: string) => results.find((r) => r.recipe.name.startsWith(prefix))!;

  it("the article's recipe stalls between 29.2 and 29.4 for every seed", () => {
    const article = byName('article');
    expect(article.summary.min).toBeGreaterThanOrEqual(29.2);
    expect(article.summary.max).toBeLessThanOrEqual(29.4);
    expect(article.diverged).toBe(0);
  });

  it('the correct derivative alone spreads widely over seeds (about 16 to 59, median about 28.5)', () => {
    const correct = byName('correct derivative').summary;
    expect(correct.min).toBeLessThan(20);
    expect(correct.max).toBeGreaterThan(50);
    expect(correct.median).toBeGreaterThan(27);
    expect(correct.median).toBeLessThan(30);
  });

  it('scaled inputs alone are worse after 20 epochs (about 122): the output cannot climb to the targets yet', () => {
    const scaled = byName('+ scaled inputs').summary;
    expect(scaled.min).toBeGreaterThan(115);
    expect(scaled.max).toBeLessThan(130);
  });

  it('biases and Glorot initialisation each bring some seeds below the article plateau', () => {
    for (const name of ['+ biases', '+ Glorot init']) expect(byName(name).summary.min).toBeLessThan(25);
  });

  it('more epochs alone converge to the variance of the targets, 29.1875: a constant prediction', () => {
    expect(byName('+ 2,000 epochs').summary.median).toBeCloseTo(29.1875, 2);
  });

  it('scaled inputs, biases, Glorot init and more epochs together fit the four days', () => {
    const all = byName('all of the above');
    expect(all.summary.max).toBeLessThan(0.01);
  });

  it('compareStallRecipes reports one result per recipe with one final error per seed', () => {
    expect(results.map((r) => r.recipe)).toEqual([...STALL_RECIPES]);
    for (const r of results) expect(r.finalErrors).toHaveLength(20);
  });
});

describe('the ablation (ABLATION_RECIPES)', () => {
  let medians: Map<string, number>;
  beforeAll(() => {
    medians = new Map(compareStallRecipes(INPUTS, TARGETS, { seeds: 20, recipes: ABLATION_RECIPES }).map((r) => [r.recipe.name, r.summary.median]));
  });

  it('with every fix the network fits the four days to float64 rounding (median error below 1e-25)', () => {
    expect(medians.get('all fixes, 2,000 epochs')!).toBeLessThan(1e-25);
  });

  it('Glorot initialisation makes no difference: without it the error is as small', () => {
    expect(medians.get('all but Glorot init')!).toBeLessThan(1e-25);
  });

  it('scaled inputs and biases are both needed: without scaling the median stays at the plateau (29.19), without biases it is about 72', () => {
    expect(medians.get('all but scaled inputs')!).toBeCloseTo(29.19, 1);
    expect(medians.get('all but biases')!).toBeGreaterThan(60);
    expect(medians.get('all but biases')!).toBeLessThan(85);
  });

  it("the correct derivative or the article's update alone, trained as long, end at the variance of the targets", () => {
    expect(medians.get('correct derivative alone, 2,000 epochs')!).toBeCloseTo(29.19, 1);
    expect(medians.get("article's update alone, 2,000 epochs")!).toBeCloseTo(29.19, 1);
  });
});

describe('runStallRecipe', () => {
  it('runStallRecipe returns one error per epoch and NaN after a divergence', () => {
    const errors = runStallRecipe({ ...STALL_RECIPES[1]!, learningRate: 1, epochs: 300 }, INPUTS, TARGETS, 1);
    expect(errors).toHaveLength(300);
    expect(errors.at(-1)).toBeNaN();
    expect(Number.isFinite(errors[0])).toBe(true);
  });

  it('runStallRecipe rejects a non-positive number of seeds in compareStallRecipes', () => {
    expect(() => compareStallRecipes(INPUTS, TARGETS, { seeds: 0 })).toThrow(/seeds/);
  });
});

describe('stall recipe arguments', () => {
  it('runStallRecipe rejects a recipe with variant "wrong" instead of running it', () => {
    const e = inputErrorOf(() => runStallRecipe({ ...STALL_RECIPES[1]!, variant: 'wrong' as never }, INPUTS, TARGETS, 1));
    expect(e.argument).toBe('recipe.variant');
    expect(inputErrorOf(() => runStallRecipe({ ...STALL_RECIPES[1]!, epochs: 1e308 }, INPUTS, TARGETS, 1)).argument).toBe('recipe.epochs');
    expect(inputErrorOf(() => runStallRecipe({ ...STALL_RECIPES[1]!, bias: 'yes' as never }, INPUTS, TARGETS, 1)).argument).toBe('recipe.bias');
    expect(inputErrorOf(() => runStallRecipe({ ...STALL_RECIPES[0]!, bias: true }, INPUTS, TARGETS, 1)).argument).toBe('recipe');
  });

  it('runStallRecipe and compareStallRecipes check onEpoch and recipes up front', () => {
    expect(inputErrorOf(() => runStallRecipe(STALL_RECIPES[0]!, INPUTS, TARGETS, 1, { onEpoch: 'log' as never })).argument).toBe('onEpoch');
    expect(inputErrorOf(() => compareStallRecipes(INPUTS, TARGETS, { seeds: 1, recipes: [null as never] })).argument).toBe('recipe');
  });

  it('standardizeColumns stays finite for values near the float64 limit', () => {
    expect(standardizeColumns([[1e308], [-1e308]])).toEqual([[1], [-1]]);
  });
});
