import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { Notebook } from '../../../tools/notebook-runner/index.js';
import { renderPage } from '../../../tools/book/page.js';
import { buildSearchIndex, chapterSections, SEARCH_INDEX_GLOBAL, searchIndexScript, texText, type SearchIndex } from '../../../tools/book/search-index.js';
import { parseElements } from './hostile-html.js';

const markdown = (id: string, source: string) => ({ cell_type: 'markdown' as const, id, metadata: {}, source });
const code = (id: string, source: string) => ({ cell_type: 'code' as const, id, metadata: {}, source, execution_count: 1, outputs: [{ output_type: 'stream' as const, name: 'stdout' as const, text: 'an output is not indexed\n' }] });
const notebook = (cells: Notebook['cells']): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });

const chapter = notebook([
  markdown('a', 'An intro before any heading.'),
  markdown('b', '# 1. Gradient descent\n\nThe rule $w \\leftarrow w - \\alpha g$ with a *learning rate*.\n\n## Training\n\nTrain it.\n\n#### A detail\n\nDeep text.'),
  code('c', 'const learningRate = 0.01;\nconsole.log(learningRate)'),
  markdown('d', '## Training\n\nAgain.\n\n```ts\nfenced()\n```\n\n### Step size\n\nSmall.'),
  { cell_type: 'raw', id: 'e', metadata: {}, source: 'raw text is not indexed' },
]);

describe('chapterSections', () => {
  const sections = chapterSections(chapter, 'The title');

  it('chapterSections cuts a chapter at its headings of levels 1 to 3', () => {
    expect(sections.map((s) => [s.id, s.heading])).toEqual([
      ['', 'The title'], ['1-gradient-descent', '1. Gradient descent'], ['training', 'Training'], ['training-1', 'Training'], ['step-size', 'Step size'],
    ]);
  });

  it('chapterSections keeps prose as plain text, with deeper headings, and code apart', () => {
    expect(sections[0]!.text).toBe('An intro before any heading.');
    expect(sections[1]!.text).toBe('The rule w ← w - α g with a learning rate.');
    expect(sections[2]).toEqual({ id: 'training', heading: 'Training', text: 'Train it. A detail Deep text.', code: 'const learningRate = 0.01; console.log(learningRate)' });
    expect(sections[3]!.code).toBe('fenced()');
    expect(JSON.stringify(sections)).not.toMatch(/output is not indexed|raw text/);
  });

  it("chapterSections gives the anchors that the chapter's page gives its headings", () => {
    const page = renderPage(chapter, [{ file: 'x.html', title: 'The title' }], 0);
    const ids = parseElements(page).filter((e) => /^h[1-6]$/.test(e.tag) && e.attributes['id'] !== undefined).map((e) => e.attributes['id']);
    expect(ids).toEqual(['1-gradient-descent', 'training', 'a-detail', 'training-1', 'step-size']);
    expect(sections.map((s) => s.id).filter((id) => id !== '').every((id) => ids.includes(id))).toBe(true);
  });

  it('chapterSections of a notebook without markdown is one section named after the chapter', () => {
    expect(chapterSections(notebook([code('a', 'x  =\n 1')]), 'T')).toEqual([{ id: '', heading: 'T', text: '', code: 'x = 1' }]);
    expect(chapterSections(notebook([]), 'T')).toEqual([]);
  });
});

describe('buildSearchIndex', () => {
  it('buildSearchIndex lists the chapters in order and numbers each section with its chapter', () => {
    const index = buildSearchIndex([
      { file: 'one.html', title: 'One', notebook: notebook([markdown('a', '# One\n\nFirst.')]) },
      { file: 'two.html', title: 'Two', notebook: notebook([markdown('a', '# Two\n\n## Part\n\nSecond.')]) },
    ]);
    expect(index).toEqual({
      chapters: [{ file: 'one.html', title: 'One' }, { file: 'two.html', title: 'Two' }],
      sections: [
        { chapter: 0, id: 'one', heading: 'One', text: 'First.', code: '' },
        { chapter: 1, id: 'two', heading: 'Two', text: '', code: '' },
        { chapter: 1, id: 'part', heading: 'Part', text: 'Second.', code: '' },
      ],
    });
  });
});

describe('searchIndexScript', () => {
  it('searchIndexScript sets the global to the index, and no string in it can end a script element', () => {
    const index: SearchIndex = { chapters: [{ file: 'a.html', title: '</script><script>alert(1)</script>' }], sections: [{ chapter: 0, id: '', heading: 'x\u2028y', text: '<!-- -->', code: '' }] };
    const script = searchIndexScript(index);
    expect(script).not.toMatch(/<\/script|<!--|\u2028/i);
    const window: Record<string, unknown> = {};
    runInNewContext(script, { window });
    expect(window[SEARCH_INDEX_GLOBAL]).toEqual(index);
  });
});

describe('texText', () => {
  it('texText reads Greek letters and common symbols, and drops other commands and markup', () => {
    expect(texText('w_i \\leftarrow w_i - \\alpha\\, g_i')).toBe('wi ← wi - α gi');
    expect(texText('\\frac{\\partial E}{\\partial W} \\approx \\Delta')).toBe('∂ E ∂ W ≈ Δ');
    expect(texText('\\hat{y}^2 \\unknowncommand')).toBe('y 2');
  });
});
