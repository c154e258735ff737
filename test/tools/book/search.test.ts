import { describe, expect, it } from 'vitest';
import { createSearch, type SearchHit } from '../../../tools/book/search.js';
import type { SearchIndex } from '../../../tools/book/search-index.js';
import { BOOK_SCRIPT } from '../../../tools/book/script.js';

const index: SearchIndex = {
  chapters: [{ file: '01-gradient.html', title: '1. Gradient descent' }, { file: '03 back#prop.html', title: '3. Backpropagation' }],
  sections: [
    { chapter: 0, id: '1-gradient-descent', heading: '1. Gradient descent', text: 'A weighted sum trained one example at a time.', code: '' },
    { chapter: 0, id: 'training', heading: 'Training', text: `The settings: initial weights, learning rate 0.0002 and 100 epochs. ${'Filler words here. '.repeat(20)}A smaller learning rate is slower.`, code: 'const LEARNING_RATE = 0.0002;' },
    { chapter: 1, id: 'the-gradient', heading: 'The gradient, by hand', text: 'Backpropagation finds the slope for every weight; the learning rate scales the step.', code: 'gradientDescentLoop(inputs)' },
    { chapter: 1, id: 'café', heading: 'Café à la carte', text: 'Naïve Bayes is not this course.', code: '' },
  ],
};
const search = createSearch(index);
const where = (hits: SearchHit[]) => hits.map((h) => h.href);
const marked = (hit: SearchHit) => hit.snippet.filter((p) => p.match).map((p) => p.text);

describe('createSearch', () => {
  it('search finds a term across chapters, linking to each section by its anchor', () => {
    expect(where(search('learning rate'))).toEqual(['./01-gradient.html#training', './03%20back%23prop.html#the-gradient']);
  });

  it('search needs every word of the query to start a word of the section, in any letter case', () => {
    expect(where(search('LEARN'))).toEqual(['./01-gradient.html#training', './03%20back%23prop.html#the-gradient']);
    expect(where(search('earning'))).toEqual([]);
    expect(where(search('learning bayes'))).toEqual([]);
    expect(where(search('slope weight'))).toEqual(['./03%20back%23prop.html#the-gradient']);
  });

  it('search splits camelCase names into words, and searches code', () => {
    for (const query of ['loop', 'descentLoop', 'gradientdescentloop']) expect(where(search(query)), query).toEqual(['./03%20back%23prop.html#the-gradient']);
    expect(where(search('entloop'))).toEqual([]);
    expect(where(search('learning_rate'))).toEqual(['./01-gradient.html#training', './03%20back%23prop.html#the-gradient']);
  });

  it('search ignores accents', () => {
    expect(where(search('cafe naive'))).toEqual(['./03%20back%23prop.html#caf%C3%A9']);
    expect(where(search('NAÏVE'))).toEqual(['./03%20back%23prop.html#caf%C3%A9']);
  });

  it('search ranks a match in a heading above one in prose, prose above code, and earlier chapters first among equals', () => {
    const ranked = createSearch({
      chapters: [{ file: 'a.html', title: 'A' }, { file: 'b.html', title: 'B' }],
      sections: [
        { chapter: 0, id: 'code', heading: 'Code', text: '', code: 'tanh(x)' },
        { chapter: 0, id: 'prose', heading: 'Prose', text: 'tanh squashes', code: '' },
        { chapter: 1, id: 'prose-2', heading: 'Prose again', text: 'tanh squashes', code: '' },
        { chapter: 1, id: 'heading', heading: 'The tanh', text: '', code: '' },
      ],
    });
    expect(ranked('tanh').map((h) => h.heading)).toEqual(['The tanh', 'Prose', 'Prose again', 'Code']);
    expect(where(search('weight'))).toEqual(['./01-gradient.html#1-gradient-descent', './01-gradient.html#training', './03%20back%23prop.html#the-gradient']);
  });

  it('search gives a snippet around the first match, marking every word of the query in it', () => {
    const [training] = search('smaller slower');
    expect(training!.snippet[0]).toEqual({ text: '… ', match: false });
    expect(marked(training!)).toEqual(['smaller', 'slower']);
    expect(training!.snippet.map((p) => p.text).join('').length).toBeLessThanOrEqual(200);
    const [top] = search('weighted');
    expect(top!.snippet.map((p) => p.text).join('')).toBe('A weighted sum trained one example at a time.');
    expect(marked(top!)).toEqual(['weighted']);
  });

  it('search shows code in the snippet when only the code matches', () => {
    const [hit] = search('gradientDescentLoop');
    expect(hit).toMatchObject({ heading: 'The gradient, by hand', code: true });
    expect(hit!.snippet).toEqual([{ text: 'gradientDescentLoop', match: true }, { text: '(inputs)', match: false }]);
  });

  it('search gives nothing for a query without letters or digits, and at most the limit', () => {
    expect(search('  -- ')).toEqual([]);
    expect(search('')).toEqual([]);
    expect(search('a', 1)).toHaveLength(1);
  });

  it('createSearch is self-contained: its source alone, as the page runs it, finds the same sections', () => {
    const fromSource = new Function(`return ${createSearch.toString()}`)() as typeof createSearch;
    for (const query of ['learning rate', 'loop', 'cafe', 'gradient']) expect(fromSource(index)(query)).toEqual(search(query));
    expect(BOOK_SCRIPT).toContain(createSearch.toString());
  });
});
