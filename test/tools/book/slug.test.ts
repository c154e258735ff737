import { describe, expect, it } from 'vitest';
import { createSlugger, slugify } from '../../../tools/book/slug.js';

describe('slugify', () => {
  it('slugify lower-cases and joins words with single hyphens', () => {
    expect(slugify("Cause 0: with the article's tanh, training ends in NaN")).toBe('cause-0-with-the-article-s-tanh-training-ends-in-nan');
    expect(slugify('  sinh / cosh -- overflows!  ')).toBe('sinh-cosh-overflows');
  });
  it('slugify drops accents and keeps letters of any script', () => {
    expect(slugify('Ünïcödé ∑ 日本')).toBe('unicode-日本');
  });
  it('slugify gives "section" for text without letters or digits', () => {
    expect(slugify('∑ → ∞')).toBe('section');
    expect(slugify('')).toBe('section');
  });
});

describe('createSlugger', () => {
  it('createSlugger numbers repeated headings', () => {
    const slug = createSlugger();
    expect(['Training', 'Training', 'training', 'Training 1'].map(slug)).toEqual(['training', 'training-1', 'training-2', 'training-1-1']);
  });
  it('createSlugger never gives an id that starts with book-, which the page uses', () => {
    const slug = createSlugger();
    expect(['Book search', 'Book', 'Bookkeeping', 'Section book search'].map(slug)).toEqual(['section-book-search', 'section-book', 'bookkeeping', 'section-book-search-1']);
  });
  it('createSlugger starts afresh for each page', () => {
    expect(createSlugger()('A')).toBe('a');
    expect(createSlugger()('A')).toBe('a');
  });
});
