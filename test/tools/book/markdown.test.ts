import { describe, expect, it } from 'vitest';
import { firstHeading, highlightTypeScript, renderMarkdown } from '../../../tools/book/markdown.js';
import { ALLOWED_TAGS } from '../../../tools/book/sanitize.js';
import { activeParts, HOSTILE_MARKDOWN, parseElements, SAFE_MARKDOWN } from './hostile-html.js';

describe('renderMarkdown', () => {
  it('renderMarkdown renders math with KaTeX', () => {
    const html = renderMarkdown('Inline $x^2$ and\n\n$$\\frac{a}{b}$$');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML">');
  });

  it.each(SAFE_MARKDOWN)('renderMarkdown renders the HTML of %j as Jupyter does', (markdown, renders) => {
    const html = renderMarkdown(markdown);
    expect(html).toContain(renders);
    expect(activeParts(parseElements(html))).toEqual([]);
  });

  it.each(HOSTILE_MARKDOWN)('renderMarkdown leaves nothing active of %j', (markdown) => {
    const html = renderMarkdown(markdown);
    const elements = parseElements(html);
    expect(activeParts(elements)).toEqual([]);
    expect(elements.map((e) => e.tag).filter((tag) => !ALLOWED_TAGS.includes(tag))).toEqual([]);
    expect(html).not.toContain('<script');
  });

  it('renderMarkdown shows a rejected markdown link as its text', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
  });

  it('renderMarkdown highlights TypeScript fences and escapes other code', () => {
    expect(renderMarkdown('```ts\nconst x = 1;\n```')).toContain('<span class="hljs-keyword">const</span>');
    expect(renderMarkdown('```\n<script>alert(1)</script>\n```')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('highlightTypeScript', () => {
  it('highlightTypeScript marks keywords', () => {
    expect(highlightTypeScript('const x = 1;')).toContain('<span class="hljs-keyword">const</span>');
  });
});

describe('firstHeading', () => {
  it('firstHeading finds the level-1 heading', () => {
    expect(firstHeading('intro\n# Title here\n## Sub')).toBe('Title here');
    expect(firstHeading('no heading')).toBeUndefined();
  });
});
