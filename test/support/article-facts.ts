// The numbers of the source article and of what we measured about it, copied from
// ../shared/ARTICLE.md (numbers only, no prose). A notebook's prose may state any of
// them without its run printing them: they are facts of the article the course
// reproduces. Used by test/notebooks/prose-numbers.test.ts.

/** One number of the article, with a few words saying which it is. */
export interface ArticleFact {
  value: number;
  what: string;
}

export const ARTICLE_FACTS: readonly ArticleFact[] = Object.freeze([
  // Section 1: the loop, in float64.
  { value: 1.0, what: 'initial weight 1' },
  { value: 0.5, what: 'initial weight 2' },
  { value: 0.0002, what: 'learning rate' },
  { value: 100, what: 'epochs' },
  { value: 2.5, what: 'loop, epoch 1, prediction 1' },
  { value: 5.505499999999999, what: 'loop, epoch 1, prediction 2' },
  { value: 9.020657099999998, what: 'loop, epoch 1, prediction 3' },
  { value: 14.59589883232, what: 'loop, epoch 1, prediction 4' },
  { value: 9.189030365235194, what: 'loop, epoch 1 error' },
  { value: 8.336661573054283, what: 'loop, epoch 2 error' },
  { value: 7.570429647636219, what: 'loop, epoch 3 error' },
  { value: 0.7492490623757035, what: 'loop, epoch 98 error' },
  { value: 0.7491779623809854, what: 'loop, epoch 99 error' },
  { value: 3.3076402607543107, what: 'loop, epoch 100, prediction 1' },
  { value: 7.29043311877873, what: 'loop, epoch 100, prediction 2' },
  { value: 11.90803160421936, what: 'loop, epoch 100, prediction 3' },
  { value: 19.198867413412678, what: 'loop, epoch 100, prediction 4' },
  { value: 0.7491098293607978, what: 'loop, epoch 100 error' },
  // Section 2: the batch version, in float32.
  { value: 2.5, what: 'batch, epoch 1, prediction 1' },
  { value: 5.5, what: 'batch, epoch 1, prediction 2' },
  { value: 9.0, what: 'batch, epoch 1, prediction 3' },
  { value: 14.5, what: 'batch, epoch 1, prediction 4' },
  { value: 9.4375, what: 'batch, epoch 1 error' },
  { value: 8.547682762145996, what: 'batch, epoch 2 error' },
  { value: 7.74901819229126, what: 'batch, epoch 3 error' },
  { value: 0.7479317784309387, what: 'batch, epoch 98 error' },
  { value: 0.7478666305541992, what: 'batch, epoch 99 error' },
  { value: 3.31, what: 'batch, epoch 100, prediction 1' },
  { value: 7.29, what: 'batch, epoch 100, prediction 2' },
  { value: 11.91, what: 'batch, epoch 100, prediction 3' },
  { value: 19.2, what: 'batch, epoch 100, prediction 4' },
  { value: 0.7478042244911194, what: 'batch, epoch 100 error' },
  { value: 0.7478040456771851, what: 'batch, epoch 100 error on wasm (measured)' },
  { value: 1e-6, what: 'float32 agreement, relative' },
  // Section 5: the 2-4-1 network.
  { value: 0.01, what: 'learning rate of the 2-4-1 network' },
  { value: 125.68846130371094, what: '2-4-1, epoch 1 error' },
  { value: 97.80104064941406, what: '2-4-1, epoch 2 error' },
  { value: 77.51105499267578, what: '2-4-1, epoch 3 error' },
  { value: 63.27639389038086, what: '2-4-1, epoch 4 error' },
  { value: 29.5538330078125, what: '2-4-1, epoch 17 error' },
  { value: 29.44598388671875, what: '2-4-1, epoch 18 error' },
  { value: 29.36988639831543, what: '2-4-1, epoch 19 error' },
  { value: 29.316192626953125, what: '2-4-1, epoch 20 error' },
  { value: 0.75, what: "the single-layer model's error the article compares with" },
  // What we measured about section 5, over 100 seeds.
  { value: 100, what: 'seeds measured' },
  { value: 89, what: 'pre-activation where sinh and cosh overflow float32' },
  { value: 82, what: 'epoch-1 error, lowest seed' },
  { value: 130, what: 'epoch-1 error, highest seed' },
  { value: 29.26, what: 'epoch-20 error, lowest seed' },
  { value: 29.32, what: 'epoch-20 error, highest seed' },
  { value: 10.75, what: 'mean of the targets' },
  { value: 116.75, what: 'sum of squared deviations of the targets' },
  { value: 29.1875, what: 'variance of the targets' },
  { value: 18, what: 'epoch-20 error with the correct derivative, lowest seed' },
  { value: 62, what: 'epoch-20 error with the correct derivative, highest seed' },
  { value: 28, what: 'epoch-20 error with the correct derivative, median' },
]);
