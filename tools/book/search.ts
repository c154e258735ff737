/**
 * Search through the book's index (`search-index.ts`), as the page runs it: every word
 * of the query must start a word of a section (its heading, prose or code; letter case
 * and accents ignored, `gradientDescentLoop` has words `gradient`, `descent`, `loop`);
 * headings weigh most, then prose, then code. {@link createSearch} uses nothing outside
 * its own body, so the page's script carries its source (`createSearch.toString()`,
 * see `script.ts`) and these tests test the code the browser runs.
 */
import type { SearchIndex } from './search-index.js';

/** A piece of a snippet: the query's words are the pieces with `match`. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One section that matches a query. */
export interface SearchHit {
  /** Link to the section from a page of the book: `./page.html#anchor`. */
  href: string;
  chapterTitle: string;
  /** The section's heading (the chapter's title for its first section). */
  heading: string;
  /** About 180 characters of prose (or of code, when only the code matches) around the first match. */
  snippet: SnippetPart[];
  /** Whether the snippet is code. */
  code: boolean;
  score: number;
}

/**
 * Prepares an index for searching and returns the search: `search(query, limit)` gives
 * the best `limit` (default 12) sections, best first, sections of earlier chapters first
 * among equals; none for a query without letters or digits.
 *
 * @example
 * const search = createSearch(index);
 * search('learning rate')[0]; // { href: './01-….html#training', heading: 'Training', snippet: [...], … }
 */
export function createSearch(index: SearchIndex): (query: string, limit?: number) => SearchHit[] {
  // Everything below stays inside this function: the page runs its source as it is.
  const WORD = /[\p{L}\p{N}]/u;
  const ASCII = /^[\x00-\x7f]*$/;
  interface Folded { original: string; text: string; map: number[] | null }
  /** Lower case without accents, and where each folded character came from (null: same place). */
  const fold = (original: string): Folded => {
    if (ASCII.test(original)) return { original, text: original.toLowerCase(), map: null };
    let text = '';
    const map: number[] = [];
    let at = 0;
    for (const character of original) {
      const folded = character.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      for (let k = 0; k < folded.length; k++) map.push(at);
      text += folded;
      at += character.length;
    }
    map.push(at);
    return { original, text, map };
  };
  const toOriginal = (f: Folded, i: number) => (f.map === null ? i : f.map[i]!);
  /** Whether a word starts at folded position i: after a non-word character, or at a camelCase hump. */
  const wordStart = (f: Folded, i: number) => {
    if (i === 0) return true;
    if (!WORD.test(f.text[i - 1]!)) return true;
    const o = toOriginal(f, i);
    const before = f.original[o - 1] ?? '';
    const here = f.original[o] ?? '';
    return before !== before.toUpperCase() && here !== here.toLowerCase() && here === here.toUpperCase();
  };
  /** Folded positions where `term` starts a word, at most `max`. */
  const find = (f: Folded, term: string, max: number) => {
    const found: number[] = [];
    for (let i = f.text.indexOf(term); i !== -1 && found.length < max; i = f.text.indexOf(term, i + 1)) {
      if (wordStart(f, i)) found.push(i);
    }
    return found;
  };
  const sections = index.sections.map((s, order) => {
    const chapter = index.chapters[s.chapter]!;
    const href = `./${encodeURIComponent(chapter.file)}${s.id === '' ? '' : `#${encodeURIComponent(s.id)}`}`;
    return { order, href, chapterTitle: chapter.title, heading: fold(s.heading), text: fold(s.text), code: fold(s.code) };
  });
  const SNIPPET = 180;
  const snippetOf = (f: Folded, terms: readonly string[]): SnippetPart[] => {
    const firsts = terms.map((t) => find(f, t, 1)[0]).filter((i): i is number => i !== undefined);
    const anchor = firsts.length === 0 ? 0 : toOriginal(f, Math.min(...firsts));
    let start = Math.max(0, anchor - 60);
    if (start > 0) start = f.original.indexOf(' ', start) + 1 || start;
    if (start > anchor) start = anchor;
    let end = Math.min(f.original.length, start + SNIPPET);
    if (end < f.original.length) end = f.original.lastIndexOf(' ', end) > anchor ? f.original.lastIndexOf(' ', end) : end;
    // The matches inside the window, in original positions, merged where they overlap.
    const ranges = terms.flatMap((t) => find(f, t, 1000).map((i) => [toOriginal(f, i), toOriginal(f, i + t.length)] as const))
      .filter(([a, b]) => a >= start && b <= end).sort((x, y) => x[0] - y[0]);
    const parts: SnippetPart[] = [];
    let at = start;
    for (const [a, b] of ranges) {
      if (b <= at) continue;
      const from = Math.max(a, at);
      if (from > at) parts.push({ text: f.original.slice(at, from), match: false });
      parts.push({ text: f.original.slice(from, b), match: true });
      at = b;
    }
    if (end > at) parts.push({ text: f.original.slice(at, end), match: false });
    if (start > 0) parts.unshift({ text: '… ', match: false });
    if (end < f.original.length) parts.push({ text: ' …', match: false });
    return parts;
  };
  return (query, limit = 12) => {
    const folded = fold(query).text;
    const terms = [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t !== ''))];
    if (terms.length === 0) return [];
    const phrase = terms.join(' ');
    const hits: (SearchHit & { order: number })[] = [];
    for (const s of sections) {
      let score = 0;
      let inText = 0;
      let inCode = 0;
      let missing = false;
      for (const term of terms) {
        const h = find(s.heading, term, 5).length;
        const t = find(s.text, term, 5).length;
        const c = find(s.code, term, 5).length;
        if (h + t + c === 0) {
          missing = true;
          break;
        }
        inText += t;
        inCode += c;
        score += 10 * h + t + 0.5 * c;
      }
      if (missing) continue;
      if (terms.length > 1) {
        if (s.heading.text.includes(phrase)) score += 10;
        if (s.text.text.includes(phrase)) score += 3;
      }
      const code = inText === 0 && inCode > 0;
      hits.push({
        order: s.order,
        href: s.href,
        chapterTitle: s.chapterTitle,
        heading: s.heading.original,
        snippet: snippetOf(code ? s.code : s.text, terms),
        code,
        score,
      });
    }
    hits.sort((a, b) => b.score - a.score || a.order - b.order);
    return hits.slice(0, limit).map(({ order: _, ...hit }) => hit);
  };
}
