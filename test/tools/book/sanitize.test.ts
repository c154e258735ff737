import katex from 'katex';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { ALLOWED_TAGS, sanitizeMarkdownHtml } from '../../../tools/book/sanitize.js';
import { parseElements } from './hostile-html.js';

/** HTML re-serialized by the same parser with nothing removed, inline styles written one way. */
function canonical(html: string): string {
  const serialized = sanitizeHtml(html, { allowedTags: false, allowedAttributes: false, allowVulnerableTags: true, parseStyleAttributes: false });
  return serialized.replace(/style="([^"]*)"/g, (_, css: string) =>
    `style="${css.split(';').map((d) => d.replace(/\s*:\s*/, ':').trim()).filter(Boolean).join(';')}"`);
}

// TeX that exercises every kind of markup KaTeX writes: vlists, struts, SVG radicals and
// arrows, \cancel lines, colours, boxes, arrays, MathML tables and accents, an error.
const TEX = String.raw`x^2 + \frac{a}{b}
\sqrt{x} + \sqrt[3]{y}
\binom{n}{k}
\overrightarrow{AB} \widehat{xyz} \utilde{AB} \overgroup{AB}
\color{red}{x} \colorbox{yellow}{z} \fcolorbox{red}{blue}{w}
\boxed{x} \cancel{x} \xcancel{z}
\begin{pmatrix}1&2\\3&4\end{pmatrix}
\begin{aligned}a&=b\\c&=d\end{aligned}
\begin{cases}1&x\\2&y\end{cases}
\begin{array}{c|c}1&2\\\hline3&4\end{array}
\underbrace{abc}_{n} \xrightarrow[u]{o} \xLongrightarrow{h}
\not= \phantom{x} \rule{1em}{2em} \text{t} \mathbb{R} \mathcal{L} \hbar
\left(\frac{a}{b}\right) \Bigg] \vec{v} \overline{ab}
\sum_{i=1}^n \int_0^1 \oiint \lim_{x\to0} \operatorname{tr}
\raisebox{0.25em}{x} \tag{1}
|\tanh z| < 1
\undefinedcmd`.split('\n');

describe('sanitizeMarkdownHtml', () => {
  it.each(TEX)('sanitizeMarkdownHtml keeps KaTeX\'s output of %s unchanged', (tex) => {
    for (const displayMode of [false, true]) {
      const html = katex.renderToString(tex, { throwOnError: false, displayMode, strict: 'ignore' });
      expect(canonical(sanitizeMarkdownHtml(html))).toBe(canonical(html));
    }
  });

  it('sanitizeMarkdownHtml keeps only allowed tags', () => {
    const html = sanitizeMarkdownHtml('<b>b</b><custom-element>c</custom-element><marquee>m</marquee><svg><circle r="1"/></svg>');
    expect(parseElements(html).map((e) => e.tag).filter((tag) => !ALLOWED_TAGS.includes(tag))).toEqual([]);
    expect(html).toContain('<b>b</b>c');
  });

  it('sanitizeMarkdownHtml drops script with its content and keeps the text of unknown tags', () => {
    expect(sanitizeMarkdownHtml('<script>alert(1)</script><style>p{}</style><blink>text</blink>')).toBe('text');
  });

  it('sanitizeMarkdownHtml keeps image data URLs of image types only', () => {
    expect(sanitizeMarkdownHtml('<img src="data:image/gif;base64,R0lGOD==">')).toBe('<img src="data:image/gif;base64,R0lGOD==" />');
    expect(sanitizeMarkdownHtml('<img src="data:text/html,x">')).toBe('<img />');
    expect(sanitizeMarkdownHtml('<img src=" DATA:image/svg+xml;base64,PHN2Zy8+">')).toContain('src=');
  });

  it('sanitizeMarkdownHtml keeps KaTeX\'s and alignment styles but no other CSS', () => {
    expect(sanitizeMarkdownHtml('<span style="height:0.8em;vertical-align:-0.19em;margin-right:0.05em;position:relative;top:-3em">x</span>'))
      .toBe('<span style="height:0.8em;vertical-align:-0.19em;margin-right:0.05em;position:relative;top:-3em">x</span>');
    expect(sanitizeMarkdownHtml('<td style="text-align:center">x</td>')).toContain('style="text-align:center"');
    for (const css of ['background-image:url(x.png)', 'position:fixed', 'position:absolute', 'color:expression(alert(1))',
      'width:calc(100% - 1px)', 'font-family:x', 'color:re\\64', 'display:none', 'z-index:9999', 'color:rgb(0,0,0) url(x)']) {
      expect(sanitizeMarkdownHtml(`<span style="${css}">x</span>`), css).toBe('<span>x</span>');
    }
  });

  it('sanitizeMarkdownHtml drops protocol-relative and script URLs but keeps relative ones', () => {
    expect(sanitizeMarkdownHtml('<a href="//evil.example/x">x</a>')).toBe('<a>x</a>');
    expect(sanitizeMarkdownHtml('<a href="notes/a.html?x=1#y">x</a>')).toBe('<a href="notes/a.html?x=1#y">x</a>');
    expect(sanitizeMarkdownHtml('<a href="tel:123">x</a><a href="ftp://x">y</a>')).toBe('<a>x</a><a>y</a>');
  });

  it('sanitizeMarkdownHtml keeps a heading id only when it carries the anchor mark, without the mark', () => {
    const html = '<h2 id="MARK-training">a</h2><h3 id="training">b</h3><h2 id="MARK-">c</h2><div id="MARK-x">d</div><a id="MARK-y" name="n">e</a>';
    expect(sanitizeMarkdownHtml(html, { anchorMark: 'MARK-' })).toBe('<h2 id="training">a</h2><h3>b</h3><h2>c</h2><div>d</div><a name="n">e</a>');
    expect(sanitizeMarkdownHtml(html)).toBe('<h2>a</h2><h3>b</h3><h2>c</h2><div>d</div><a name="n">e</a>');
    expect(sanitizeMarkdownHtml(html, { anchorMark: '' })).toBe('<h2>a</h2><h3>b</h3><h2>c</h2><div>d</div><a name="n">e</a>');
  });
});
