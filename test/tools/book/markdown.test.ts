import { describe, expect, it } from 'vitest';
import { attachmentDataUrl, firstHeading, headingAnchors, highlightTypeScript, inlineText, parseMarkdown, renderMarkdown } from '../../../tools/book/markdown.js';
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

  // A 1×1 PNG, as JupyterLab stores an image pasted into a markdown cell.
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>').toString('base64');

  it('renderMarkdown shows a cell\'s attachment (attachment:NAME) as its image, as Jupyter does', () => {
    const html = renderMarkdown('![a pasted plot](attachment:image.png) and ![drawing](attachment:my%20drawing.svg)', undefined, {
      'image.png': { 'image/png': PNG },
      'my drawing.svg': { 'image/svg+xml': [SVG.slice(0, 10), SVG.slice(10)] },
    });
    expect(html).toContain(`<img src="data:image/png;base64,${PNG}" alt="a pasted plot" />`);
    expect(html).toContain(`<img src="data:image/svg+xml;base64,${SVG}" alt="drawing" />`);
    expect(activeParts(parseElements(html))).toEqual([]);
  });

  it('renderMarkdown shows an attachment named by raw HTML too (<img src="attachment:…">), as JupyterLab does', () => {
    const html = renderMarkdown('<img src="attachment:image.png" alt="pasted" width="40">', undefined, { 'image.png': { 'image/png': PNG } });
    expect(html).toBe(`<img src="data:image/png;base64,${PNG}" alt="pasted" width="40" />`);
    expect(renderMarkdown('<img src="attachment:missing.png" alt="gone">', undefined, {})).toBe('<img alt="gone" />');
  });

  it.each([
    ['a name the cell lacks', 'attachment:other.png', { 'image.png': { 'image/png': PNG } }],
    ['a type that is no image', 'attachment:page.html', { 'page.html': { 'text/html': Buffer.from('<script>1</script>').toString('base64') } }],
    ['data that is not base64', 'attachment:image.png', { 'image.png': { 'image/png': 'x"onerror="alert(1)' } }],
    ['a name from Object.prototype', 'attachment:constructor', {}],
    ['a name that is bad percent-encoding', 'attachment:%E0%A4%A', { '%E0%A4%A': { 'image/png': PNG } }],
  ])('renderMarkdown shows the alt text, and no src, for %s', (_what, src, attachments) => {
    expect(attachmentDataUrl(src, attachments)).toBeUndefined();
    const html = renderMarkdown(`![what it shows](${src})`, undefined, attachments);
    expect(html).toBe('<p><img alt="what it shows" /></p>\n');
  });

  it('renderMarkdown without attachments leaves attachment: links to the sanitizer, which drops them', () => {
    expect(renderMarkdown('![x](attachment:image.png)')).toBe('<p><img alt="x" /></p>\n');
  });

  it('renderMarkdown shows a rejected markdown link as its text', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
  });

  it('renderMarkdown highlights TypeScript fences and escapes other code', () => {
    expect(renderMarkdown('```ts\nconst x = 1;\n```')).toContain('<span class="hljs-keyword">const</span>');
    expect(renderMarkdown('```\n<script>alert(1)</script>\n```')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('renderMarkdown with heading anchors', () => {
  it('renderMarkdown gives each heading of a page an anchor, unique across its cells, and collects them', () => {
    const anchors = headingAnchors();
    expect(renderMarkdown('# 1. Gradient descent\n\n## Training', anchors)).toBe('<h1 id="1-gradient-descent">1. Gradient descent</h1>\n<h2 id="training">Training</h2>\n');
    expect(renderMarkdown('## Training `again`, with $\\alpha$', anchors)).toContain('<h2 id="training-again-with-alpha">');
    expect(renderMarkdown('## Training', anchors)).toBe('<h2 id="training-1">Training</h2>\n');
    expect(anchors.headings).toEqual([
      { level: 1, text: '1. Gradient descent', id: '1-gradient-descent' },
      { level: 2, text: 'Training', id: 'training' },
      { level: 2, text: 'Training again, with \\alpha', id: 'training-again-with-alpha' },
      { level: 2, text: 'Training', id: 'training-1' },
    ]);
  });

  it('renderMarkdown leaves headings without anchors when not asked, and never keeps an id from raw HTML', () => {
    expect(renderMarkdown('## Training')).toBe('<h2>Training</h2>\n');
    const anchors = headingAnchors();
    const html = renderMarkdown('<h2 id="book-search">raw</h2>\n\n<span id="x">y</span>\n\n## Book search', anchors);
    expect(html).toContain('<h2>raw</h2>');
    expect(html).toContain('<span>y</span>');
    expect(html).toContain('<h2 id="section-book-search">Book search</h2>');
    expect(anchors.headings.map((h) => h.id)).toEqual(['section-book-search']);
  });

  it('parseMarkdown gives the same anchors as renderMarkdown', () => {
    const anchors = headingAnchors();
    parseMarkdown('## A\n\n## A', anchors);
    expect(anchors.headings.map((h) => h.id)).toEqual(['a', 'a-1']);
  });
});

describe('inlineText', () => {
  it('inlineText keeps text, code and math, and turns math with the function given', () => {
    const inline = parseMarkdown('Step *size* `lr` and $\\alpha$, ![a plot](x.png)\nnext<b>!</b>')[1]!;
    expect(inlineText(inline.children)).toBe('Step size lr and \\alpha, a plot next!');
    expect(inlineText(inline.children, () => 'α')).toBe('Step size lr and α, a plot next!');
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
