/**
 * The book's search index, built when the book is: every chapter cut into sections at
 * its `#`, `##` and `###` headings, each with its heading, anchor, prose (markdown as
 * plain text) and code. Written as `assets/search-index.js`, a script that sets a
 * global, so that search works from `file://`, where pages cannot fetch JSON.
 */
import type { Notebook } from '../notebook-runner/index.js';
import { headingAnchors, inlineText, parseMarkdown, type MarkdownToken } from './markdown.js';

/** One section of a chapter: from one heading of level 1 to 3 to the next. */
export interface SearchSection {
  /** The chapter's position in {@link SearchIndex.chapters}. */
  chapter: number;
  /** The heading's anchor on the page; `''` for text before the first heading. */
  id: string;
  /** The heading's text; the chapter's title for text before the first heading. */
  heading: string;
  /** The prose, as plain text (inline math as {@link texText} reads it; no outputs). */
  text: string;
  /** The code: code cells and fenced code, whitespace collapsed. */
  code: string;
}

/** Everything search looks through. */
export interface SearchIndex {
  chapters: { file: string; title: string }[];
  sections: SearchSection[];
}

/** A chapter to index: its page file, title and executed notebook. */
export interface IndexedChapter {
  file: string;
  title: string;
  notebook: Notebook;
}

/** The global that `assets/search-index.js` sets. */
export const SEARCH_INDEX_GLOBAL = '__backpropTsSearchIndex';

/** Headings deeper than this belong to the section above them. */
const SECTION_DEPTH = 3;

const source = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);

// TeX commands that read as one character in a snippet; other commands are dropped.
const GREEK = 'alpha α beta β gamma γ delta δ epsilon ε zeta ζ eta η theta θ iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π rho ρ sigma σ tau τ phi φ chi χ psi ψ omega ω';
const TEX_SYMBOLS: Record<string, string> = {
  ...Object.fromEntries(GREEK.split(' ').flatMap((word, i, words) => {
    if (i % 2 === 1) return [];
    const letter = words[i + 1]!;
    return [[word, letter], [word[0]!.toUpperCase() + word.slice(1), letter.toUpperCase()]];
  })),
  varepsilon: 'ε', cdot: '·', times: '×', partial: '∂', sum: 'Σ', prod: 'Π', sqrt: '√', infty: '∞', leftarrow: '←',
  rightarrow: '→', to: '→', approx: '≈', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', pm: '±', nabla: '∇',
};

/**
 * TeX as plain words for the index: `\alpha` becomes α, `\frac{a}{b}` becomes `a b`;
 * other commands, braces, `^`, `_` and spacing commands are dropped.
 *
 * @example texText('w_i \\leftarrow w_i - \\alpha\\, g_i'); // 'wi ← wi - α gi'
 */
export function texText(tex: string): string {
  return tex
    .replace(/\\([a-zA-Z]+)/g, (_, name: string) => ` ${TEX_SYMBOLS[name] ?? ''} `)
    .replace(/\\[^a-zA-Z]/g, ' ')
    .replace(/[{}]/g, ' ')
    .replace(/[_^]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * A notebook's sections, with the anchors its page gives their headings (both number the
 * headings of the markdown cells in order, with {@link headingAnchors}).
 *
 * @example
 * chapterSections(notebook, 'Intro'); // [{ id: 'intro', heading: 'Intro', text: '…', code: '…' }, …]
 */
export function chapterSections(notebook: Notebook, title: string): Omit<SearchSection, 'chapter'>[] {
  const anchors = headingAnchors();
  const sections: { id: string; heading: string; text: string[]; code: string[] }[] = [];
  let current: (typeof sections)[number] | undefined;
  const section = () => {
    if (current === undefined) sections.push((current = { id: '', heading: title, text: [], code: [] }));
    return current;
  };
  for (const cell of notebook.cells) {
    if (cell.cell_type === 'code') {
      section().code.push(source(cell.source));
      continue;
    }
    if (cell.cell_type !== 'markdown') continue;
    // The cell's headings, in order, as the anchors gave them ids.
    const headings = anchors.headings.length;
    const tokens: MarkdownToken[] = parseMarkdown(source(cell.source), anchors);
    const cellHeadings = anchors.headings.slice(headings);
    for (const [i, token] of tokens.entries()) {
      if (token.type === 'heading_open') {
        const heading = cellHeadings.shift()!;
        if (heading.level <= SECTION_DEPTH) sections.push((current = { id: heading.id, heading: heading.text, text: [], code: [] }));
        else section().text.push(heading.text);
      } else if (token.type === 'inline' && tokens[i - 1]?.type !== 'heading_open') {
        section().text.push(inlineText(token.children, texText));
      } else if (token.type === 'fence' || token.type === 'code_block') {
        section().code.push(token.content);
      }
    }
  }
  return sections.map((s) => ({ id: s.id, heading: s.heading, text: collapse(s.text.join(' ')), code: collapse(s.code.join('\n')) }));
}

/** The search index of a book's chapters, in reading order. */
export function buildSearchIndex(chapters: readonly IndexedChapter[]): SearchIndex {
  return {
    chapters: chapters.map(({ file, title }) => ({ file, title })),
    sections: chapters.flatMap((c, chapter) => chapterSections(c.notebook, c.title).map((s) => ({ chapter, ...s }))),
  };
}

/**
 * The text of `assets/search-index.js`: one statement that sets {@link SEARCH_INDEX_GLOBAL}.
 * `<` and line separators are escaped, so the JSON is safe in any script context.
 */
export function searchIndexScript(index: SearchIndex): string {
  const json = JSON.stringify(index).replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `window.${SEARCH_INDEX_GLOBAL} = ${json};\n`;
}
