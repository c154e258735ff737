/**
 * The sidebar on every page: the chapters in reading order, the current one marked
 * (`aria-current="page"`) with its own headings nested below it, as mdBook and
 * Jupyter Book show them.
 */
import { escapeHtml } from 'backprop-ts/internal';
import type { Heading } from './markdown.js';

/** A chapter in the sidebar: its page file and title. */
export interface TocChapter {
  file: string;
  title: string;
}

/** A heading with the headings below it. */
export interface TocEntry extends Heading {
  children: TocEntry[];
}

/** Headings deeper than this stay out of the sidebar. */
export const TOC_DEPTH = 3;

/**
 * Nests a page's headings: each under the nearest heading before it of a lower level.
 * Headings deeper than `depth` are left out.
 *
 * @example
 * nestHeadings([{ level: 2, text: 'A', id: 'a' }, { level: 3, text: 'B', id: 'b' }]);
 * // [{ level: 2, text: 'A', id: 'a', children: [{ level: 3, text: 'B', id: 'b', children: [] }] }]
 */
export function nestHeadings(headings: readonly Heading[], depth = TOC_DEPTH): TocEntry[] {
  const top: TocEntry[] = [];
  const open: TocEntry[] = []; // the last entry of each level still open, outermost first
  for (const heading of headings) {
    if (heading.level > depth) continue;
    const entry: TocEntry = { ...heading, children: [] };
    while (open.length > 0 && open.at(-1)!.level >= heading.level) open.pop();
    (open.at(-1)?.children ?? top).push(entry);
    open.push(entry);
  }
  return top;
}

/**
 * The headings a page's sidebar lists under its chapter: all but the first `#` heading,
 * which gives the chapter its title (the chapter's own link stands for it).
 */
export function sidebarHeadings(headings: readonly Heading[]): Heading[] {
  const titleAt = headings.findIndex((h) => h.level === 1);
  return headings.filter((_, i) => i !== titleAt);
}

/** The href of a heading on its own page. */
export const anchorHref = (id: string) => `#${encodeURIComponent(id)}`;

function renderEntries(entries: readonly TocEntry[]): string {
  if (entries.length === 0) return '';
  const items = entries.map((e) => `<li><a href="${escapeHtml(anchorHref(e.id))}">${escapeHtml(e.text)}</a>${renderEntries(e.children)}</li>`);
  return `<ol>${items.join('')}</ol>`;
}

/**
 * The sidebar's table of contents.
 *
 * @param chapters Every chapter, in reading order.
 * @param current The chapter of this page, or `undefined` on the index page.
 * @param headings This page's headings (see {@link sidebarHeadings}), nested under the current chapter.
 * @param href The link to a chapter's page (`pageHref`).
 */
export function renderToc(chapters: readonly TocChapter[], current: number | undefined, headings: readonly Heading[], href: (file: string) => string): string {
  const items = chapters.map((chapter, i) => {
    const link = `<a href="${escapeHtml(href(chapter.file))}"${i === current ? ' aria-current="page"' : ''}>${escapeHtml(chapter.title)}</a>`;
    if (i !== current) return `<li>${link}</li>`;
    const sections = renderEntries(nestHeadings(headings));
    return `<li class="toc-current">${link}${sections.replace(/^<ol>/, '<ol class="toc-sections">')}</li>`;
  });
  const contents = `<a href="index.html"${current === undefined ? ' aria-current="page"' : ''}>Contents</a>`;
  return `<nav id="book-sidebar" class="book-sidebar" aria-label="Table of contents">
<p class="toc-home">${contents}</p>
<ol class="toc">
${items.join('\n')}
</ol>
</nav>`;
}
