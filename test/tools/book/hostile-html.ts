// Markdown that tries to run script in a book page, the markdown that must still render,
// and the rule that says whether parsed HTML holds anything active. Shared by the unit
// tests (sanitize-html's parser) and the book lane (Chromium's parser).
import sanitizeHtml from 'sanitize-html';

/** Markdown cells that try to run script: the OWASP filter-evasion classics and mutation XSS. */
export const HOSTILE_MARKDOWN: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '<IMG SRC=x ONERROR="alert(1)">',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<img src="x" srcset="javascript:alert(1)">',
  '<img src="javascript:alert(1)">',
  '<img src="data:text/html,<script>alert(1)</script>">',
  '<a href="JaVaScRiPt:alert(1)">case</a>',
  '<a href="&#106;avascript:alert(1)">decimal entity</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex entities</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">padded entities</a>',
  '<a href="jav&#x09;ascript:alert(1)">tab</a>',
  '<a href="jav\nascript:alert(1)">newline</a>',
  '<a href=" &#14; javascript:alert(1)">leading control</a>',
  '<a href="javascript&colon;alert(1)">named colon</a>',
  '<a href="vbscript:msgbox(1)">vbscript</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="x" onclick="alert(1)" onmouseover=alert(1)>handlers</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">svg link</text></a></svg>',
  '<svg><animate attributeName="href" values="javascript:alert(1)" /><set attributeName="onmouseover" to="alert(1)" /></svg>',
  '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x xmlns=http://www.w3.org/2000/svg><image href=1 onerror=alert(1) /></svg>#x" /></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<math><mtext><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mtext></math>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
  '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
  '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<xmp><b title="</xmp><img src=x onerror=alert(1)>">',
  '<template><img src=x onerror=alert(1)></template>',
  '<form action="javascript:alert(1)"><input type="submit"><button formaction="javascript:alert(1)">go</button><textarea>x</textarea><select><option>o</option></select></form>',
  '<details open ontoggle=alert(1)><summary>toggle</summary>x</details>',
  '<body onload=alert(1)>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<style>@import "javascript:alert(1)"; body { display: none }</style>',
  '<div style="background:url(javascript:alert(1))">url</div>',
  '<div style="width: expression(alert(1))">expression</div>',
  '<div style="behavior: url(x.htc); -moz-binding: url(x.xml#x)">binding</div>',
  '<span style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</span>',
  '<div style="color: re\\64">escape</div>',
  '[markdown link](javascript:alert(1))',
  '[markdown link](JAVASCRIPT:alert(1))',
  '[markdown link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![markdown image](javascript:alert(1))',
  '[reference][r]\n\n[r]: javascript:alert(1)',
  '<javascript:alert(1)>',
  'autolink javascript:alert(1) and www.example.com/?q=<script>alert(1)</script>',
  '$\\href{javascript:alert(1)}{x}$ and $\\url{javascript:alert(1)}$ and $\\htmlData{onclick=alert(1)}{x}$',
];

/** Markdown whose HTML must render, and a piece of what it renders to. */
export const SAFE_MARKDOWN: readonly (readonly [markdown: string, renders: string])[] = [
  ['a <b>bold</b> word', '<b>bold</b>'],
  ['<i>italic</i>, <em>em</em>, <strong>strong</strong>, <code>code</code>', '<strong>strong</strong>'],
  ['H<sub>2</sub>O and x<sup>2</sup>', 'H<sub>2</sub>O'],
  ['<details><summary>More</summary>\n\nHidden *text*.\n\n</details>', '<details><summary>More</summary>'],
  ['<table><tr><th>a</th><td>1</td></tr></table>', '<table><tr><th>a</th><td>1</td></tr></table>'],
  ['| a | b |\n|--:|:-:|\n| 1 | 2 |', '<th style="text-align:right">a</th>'],
  ['<ol start="3"><li>three</li></ol>', '<ol start="3"><li>three</li></ol>'],
  ['<blockquote>quoted</blockquote>', '<blockquote>quoted</blockquote>'],
  ['line<br>break and <hr>', 'line<br />break'],
  ['<span class="note" style="color: #c00">red</span>', '<span class="note" style="color:#c00">red</span>'],
  ['<div class="alert alert-info">Note</div>', '<div class="alert alert-info">Note</div>'],
  ['<a href="https://example.com/a?b=1#c" title="t">web</a>', '<a href="https://example.com/a?b=1#c" title="t">web</a>'],
  ['<a href="mailto:someone@example.com">mail</a>', '<a href="mailto:someone@example.com">mail</a>'],
  ['<a href="02-next.html#top">relative</a> and <a href="#section">anchor</a>', '<a href="02-next.html#top">relative</a>'],
  ['[link](https://example.com) and https://example.org', '<a href="https://example.org">https://example.org</a>'],
  ['<img src="figure.png" alt="a figure" width="200">', '<img src="figure.png" alt="a figure" width="200" />'],
  ['![png](data:image/png;base64,iVBORw0KGgo=)', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="png" />'],
  ['<kbd>Ctrl</kbd>+<kbd>C</kbd>, <del>old</del> <ins>new</ins>, <mark>marked</mark>', '<kbd>Ctrl</kbd>'],
  ['Generic `Array<number>` in code', '<code>Array&lt;number&gt;</code>'],
  ['a < b and c > d', 'a &lt; b and c &gt; d'],
];

/** One parsed element: its tag name (lower case) and attributes (names lower case, values decoded). */
export interface ParsedElement {
  tag: string;
  attributes: Record<string, string>;
}

// Elements that run, load or submit something, or whose content a browser may parse as HTML.
const ACTIVE_TAGS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'form', 'input', 'button', 'textarea',
  'select', 'option', 'style', 'link', 'meta', 'base', 'template', 'noscript', 'xmp', 'noembed', 'noframes',
  'plaintext', 'audio', 'video', 'source', 'track', 'mglyph', 'annotation-xml', 'maction', 'foreignobject',
  'animate', 'set', 'animatemotion', 'animatetransform', 'use', 'image', 'handler', 'listener',
]);
// Attributes holding a URL that a browser loads or follows.
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'poster', 'background', 'ping', 'codebase', 'dynsrc', 'lowsrc']);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;

/** The scheme a browser reads from a URL attribute, as its URL parser would (after dropping controls and whitespace). */
function schemeOf(value: string): string | undefined {
  const cleaned = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1]?.toLowerCase();
}

/** Every element of some HTML as sanitize-html's parser (htmlparser2) sees it. */
export function parseElements(html: string): ParsedElement[] {
  const elements: ParsedElement[] = [];
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => {
      elements.push({ tag: frame.tag, attributes: { ...frame.attribs } });
      return false;
    },
  });
  return elements;
}

/** Everything active in parsed HTML, described; empty when nothing could run. */
export function activeParts(elements: readonly ParsedElement[]): string[] {
  const found: string[] = [];
  for (const { tag, attributes } of elements) {
    if (ACTIVE_TAGS.has(tag)) found.push(`<${tag}>`);
    for (const [name, value] of Object.entries(attributes)) {
      const where = `<${tag} ${name}=${JSON.stringify(value)}>`;
      if (name.startsWith('on') || name === 'srcdoc' || name === 'srcset' || name === 'formaction' || name === 'http-equiv') {
        found.push(where);
      } else if (URL_ATTRIBUTES.has(name)) {
        const scheme = schemeOf(value);
        const safe = scheme === undefined || SAFE_SCHEMES.has(scheme) || (tag === 'img' && name === 'src' && IMAGE_DATA.test(value.trim()));
        if (!safe) found.push(where);
      } else if (name === 'style' && /url\(|expression|javascript|behavior|binding|@import|\\|position\s*:\s*(fixed|absolute|sticky)/i.test(value)) {
        found.push(where);
      }
    }
  }
  return found;
}
