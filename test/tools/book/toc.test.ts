import { describe, expect, it } from 'vitest';
import type { Heading } from '../../../tools/book/markdown.js';
import { pageHref } from '../../../tools/book/page.js';
import { nestHeadings, renderToc, sidebarHeadings } from '../../../tools/book/toc.js';
import { parseElements } from './hostile-html.js';

const h = (level: number, text: string): Heading => ({ level, text, id: text.toLowerCase() });
const chapters = [{ file: 'a.html', title: 'A' }, { file: 'b b.html', title: 'B <b>' }, { file: 'c.html', title: 'C' }];

describe('nestHeadings', () => {
  it('nestHeadings puts each heading under the nearest one before it of a lower level', () => {
    const tree = nestHeadings([h(2, 'One'), h(3, 'One.1'), h(3, 'One.2'), h(2, 'Two'), h(3, 'Two.1')]);
    expect(tree.map((e) => [e.text, e.children.map((c) => c.text)])).toEqual([['One', ['One.1', 'One.2']], ['Two', ['Two.1']]]);
  });
  it('nestHeadings keeps a heading that skips a level, and one that comes before any of a lower level', () => {
    const tree = nestHeadings([h(3, 'Early'), h(1, 'Title'), h(3, 'Deep'), h(2, 'Mid')]);
    expect(tree.map((e) => [e.text, e.children.map((c) => c.text)])).toEqual([['Early', []], ['Title', ['Deep', 'Mid']]]);
  });
  it('nestHeadings leaves out headings deeper than the depth', () => {
    expect(nestHeadings([h(2, 'A'), h(4, 'Deep')])).toEqual([{ ...h(2, 'A'), children: [] }]);
    expect(nestHeadings([h(2, 'A'), h(3, 'B')], 2)).toEqual([{ ...h(2, 'A'), children: [] }]);
  });
});

describe('sidebarHeadings', () => {
  it("sidebarHeadings drops the first # heading, the chapter's title, and only that one", () => {
    expect(sidebarHeadings([h(2, 'Intro'), h(1, 'Title'), h(2, 'A'), h(1, 'Other'), h(1, 'Title')]).map((x) => x.text)).toEqual(['Intro', 'A', 'Other', 'Title']);
    expect(sidebarHeadings([h(2, 'A')]).map((x) => x.text)).toEqual(['A']);
  });
});

describe('renderToc', () => {
  it('renderToc lists every chapter in order and marks the current one, with its headings nested below it', () => {
    const html = renderToc(chapters, 1, [h(2, 'One'), h(3, 'Sub'), h(2, 'Two')], pageHref);
    const links = parseElements(html).filter((e) => e.tag === 'a').map((e) => [e.attributes['href'], e.attributes['aria-current'] ?? '']);
    expect(links).toEqual([['index.html', ''], ['./a.html', ''], ['./b%20b.html', 'page'], ['#one', ''], ['#sub', ''], ['#two', ''], ['./c.html', '']]);
    expect(html).toContain('<li class="toc-current"><a href="./b%20b.html" aria-current="page">B &lt;b&gt;</a><ol class="toc-sections"><li><a href="#one">One</a><ol><li><a href="#sub">Sub</a></li></ol></li><li><a href="#two">Two</a></li></ol></li>');
    expect(html).toMatch(/^<nav id="book-sidebar" class="book-sidebar" aria-label="Table of contents">/);
  });
  it('renderToc marks Contents on the index page and lists no headings', () => {
    const html = renderToc(chapters, undefined, [h(2, 'Ignored')], pageHref);
    expect(html).toContain('<a href="index.html" aria-current="page">Contents</a>');
    expect(html).not.toContain('Ignored');
    expect(html.match(/aria-current/g)).toHaveLength(1);
  });
  it('renderToc shows a chapter without headings without an empty list, and escapes anchors', () => {
    expect(renderToc(chapters, 0, [], pageHref)).toContain('<li class="toc-current"><a href="./a.html" aria-current="page">A</a></li>');
    expect(renderToc(chapters, 0, [{ level: 2, text: '"x"', id: 'a"b日' }], pageHref)).toContain('<a href="#a%22b%E6%97%A5">&quot;x&quot;</a>');
  });
});
