// The rule that test/notebooks/prose-numbers.test.ts (book lane) applies to every
// notebook, on sentences written for the purpose: which numbers count, and what backs them.
import { describe, expect, it } from 'vitest';
import { backs, evidenceIn, statedNumbers } from '../support/prose-numbers.js';

const written = (markdown: string) => statedNumbers(markdown).map((c) => c.written);
const backed = (markdown: string, printed: string) => statedNumbers(markdown).map((c) => backs(evidenceIn(printed), c));

describe('statedNumbers(markdown)', () => {
  it('statedNumbers reads decimals, large integers, percentages, powers of ten, dates and ranges', () => {
    expect(written('the error is 0.75 after 2,000 epochs, 42 % lower, about $10^{-4}$, 3.4×10³⁸ and 4.08 million on 19 January 2022')).toEqual([
      '0.75', '2,000', '42 %', '10^{-4}', '3.4×10³⁸', '4.08 million', '19 January 2022',
    ]);
    expect(written('it ends between 29.2 and 29.4, and 25 to 40 % better')).toEqual(['29.2 and 29.4', '25 to 40 %']);
  });

  it('statedNumbers leaves out structural integers below 100, names, sizes and URLs', () => {
    expect(written('Notebook 5, epoch 20, 4 days, 2 inputs, a 2-4-1 network, float32, W1, 1024², see https://example.org/x-19')).toEqual([]);
    expect(written('(4×2 times 2×1) and 128 × 784')).toEqual([]);
    expect(written('75× faster, 3 times slower')).toEqual(['75', '3']);
  });
});

describe('backs(evidence, claim)', () => {
  it('backs a number by one that rounds to it at its last digit, one unit either way when hedged', () => {
    expect(backed('0.76 and 29.3', '0.761027 29.316')).toEqual([true, true]);
    expect(backed('0.76', '0.7651')).toEqual([false]);
    expect(backed('about 0.76', '0.7651')).toEqual([true]);
    expect(backed('about 100 µs', '130 µs')).toEqual([false]);
  });

  it('backs a percentage by p % or p/100, a unit only by the same unit, a power of ten only by scientific notation', () => {
    expect(backed('95 % and 70 %', '0.9533 and 70 %')).toEqual([true, true]);
    expect(backed('7 %', '7 days')).toEqual([false]);
    expect(backed('19 times', '19 rows')).toEqual([false]);
    expect(backed('19 times', '×19')).toEqual([true]);
    expect(backed('order $10^{-1}$', '0.126 9.15e-1')).toEqual([false]);
    expect(backed('order $10^{-1}$', '1.2e-1')).toEqual([true]);
  });

  it('backs a range only when both ends are backed, and a date by its ISO form', () => {
    expect(backed('25 to 40 %', '0.25 0.33')).toEqual([false]);
    expect(backed('25 to 40 %', '0.25 0.4')).toEqual([true]);
    expect(backed('23 May 2022', '2022-05-23: 201')).toEqual([true]);
    expect(backed('23 May 2022', '2022-05-24: 201')).toEqual([false]);
  });
});
