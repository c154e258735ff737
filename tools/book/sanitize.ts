/**
 * The allow-list that markdown's HTML passes through before it reaches a book page,
 * as Jupyter sanitizes markdown cells: formatting, tables, lists, details, images and
 * links render, headings keep the anchors the book gave them; nothing that can run
 * (scripts, frames, objects, forms, `on*` attributes, `javascript:` and other
 * script-capable URLs, CSS beyond KaTeX's own) survives, nor any other id.
 * KaTeX's output (spans with classes and inline lengths, its SVG paths and its MathML)
 * passes unchanged.
 */
import sanitizeHtml from 'sanitize-html';

// Markdown and the raw HTML a notebook author writes: Jupyter's markdown set, minus forms and media.
const HTML_TAGS = [
  'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
  'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];
// What KaTeX writes as MathML. Not `mglyph` (only `\includegraphics` with `trust`, which is off)
// nor `annotation-xml` or `maction`, whose contents browsers may treat as HTML or script.
const MATHML_TAGS = [
  'math', 'semantics', 'annotation', 'mrow', 'mi', 'mo', 'mn', 'ms', 'mtext', 'mspace', 'msup', 'msub', 'msubsup',
  'mfrac', 'msqrt', 'mroot', 'mover', 'munder', 'munderover', 'mtable', 'mtr', 'mtd', 'mstyle', 'mpadded',
  'mphantom', 'menclose',
];
const MATHML_ATTRIBUTES = [
  'xmlns', 'display', 'encoding', 'mathvariant', 'mathcolor', 'mathbackground', 'mathsize', 'stretchy', 'fence',
  'separator', 'lspace', 'rspace', 'minsize', 'maxsize', 'largeop', 'movablelimits', 'symmetric', 'accent',
  'accentunder', 'width', 'height', 'depth', 'voffset', 'valign', 'linethickness', 'displaystyle', 'scriptlevel',
  'columnalign', 'columnspacing', 'columnlines', 'rowalign', 'rowspacing', 'rowlines', 'frame', 'framespacing',
  'notation', 'linebreak',
];
// KaTeX draws radicals, stretchy arrows and \cancel as an <svg> of <path> or <line>.
const SVG_TAGS = ['svg', 'path', 'line'];

/** Every tag a sanitized page may contain. */
export const ALLOWED_TAGS: readonly string[] = [...HTML_TAGS, ...MATHML_TAGS, ...SVG_TAGS];

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const TABLE_CELL = ['align', 'valign', 'colspan', 'rowspan', 'scope', 'headers', 'abbr'];
const allowedAttributes: Record<string, string[]> = {
  '*': ['class', 'title', 'lang', 'dir', 'style', 'aria-hidden', 'aria-label', 'role'],
  a: ['href', 'name'],
  img: ['src', 'alt', 'width', 'height'],
  ol: ['start', 'reversed', 'type'],
  ul: ['type'],
  li: ['value'],
  details: ['open'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  table: ['align', 'border', 'width'],
  td: TABLE_CELL,
  th: TABLE_CELL,
  tr: ['align', 'valign'],
  div: ['align'],
  p: ['align'],
  // A heading's id is the anchor the book gave it; any other id is dropped (see transformTags).
  ...Object.fromEntries(HEADINGS.map((h) => [h, ['align', 'id']])),
  ...Object.fromEntries(MATHML_TAGS.map((tag) => [tag, MATHML_ATTRIBUTES])),
  svg: ['xmlns', 'width', 'height', 'viewbox', 'preserveaspectratio'],
  path: ['d'],
  line: ['x1', 'y1', 'x2', 'y2', 'stroke-width'],
};

// CSS values: lengths, colours and keywords only, so no url(), expression() or escapes get through.
const LENGTH = String.raw`[-+]?(\d+\.?\d*|\.\d+)(em|ex|px|pt|rem|%)?`;
const COLOR = String.raw`#[0-9a-f]{3,8}|[a-z]+|rgba?\(\s*[\d.%]+\s*(,\s*[\d.%]+\s*){2,3}\)`;
const BORDER_STYLE = 'none|hidden|solid|dashed|dotted|double';
const whole = (pattern: string) => new RegExp(`^(${pattern})$`, 'i');
const tokens = (pattern: string, max: number) => new RegExp(`^(${pattern})(\\s+(${pattern})){0,${max - 1}}$`, 'i');
const length = [whole(LENGTH)];
const lengths = [tokens(LENGTH, 4)];
const color = [whole(COLOR)];
/** Inline CSS a sanitized page may keep: what KaTeX sets, table alignment and colour. */
export const ALLOWED_STYLES: Record<string, RegExp[]> = {
  ...Object.fromEntries(['height', 'width', 'min-width', 'max-width', 'top', 'bottom', 'left', 'right',
    'margin-left', 'margin-right', 'margin-top', 'margin-bottom', 'padding-left', 'padding-right',
    'border-width', 'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width']
    .map((property) => [property, length])),
  'vertical-align': [whole(`${LENGTH}|baseline|middle|top|bottom|sub|super|text-top|text-bottom`)],
  margin: lengths,
  padding: lengths,
  'text-shadow': [tokens(`${LENGTH}|${COLOR}`, 4)],
  color,
  'background-color': color,
  'border-color': color,
  border: [tokens(`${LENGTH}|${BORDER_STYLE}|${COLOR}`, 3)],
  'border-style': [whole(BORDER_STYLE)],
  'border-right-style': [whole(BORDER_STYLE)],
  position: [whole('relative|static')], // KaTeX's \raisebox and limits; never fixed or absolute
  'text-align': [whole('left|right|center|justify')],
  'font-weight': [whole('normal|bold|bolder|lighter|[1-9]00')],
  'font-style': [whole('normal|italic|oblique')],
};

const IMAGE_DATA_URL = /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;

const OPTIONS = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes,
  allowedStyles: { '*': ALLOWED_STYLES },
  allowedSchemes: ['http', 'https', 'mailto'],
  // An image may be a data URL, but only of an image type (a browser runs no script from an <img>).
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { img: image(undefined) },
} satisfies sanitizeHtml.IOptions;

/** An `<img>`: its src resolved by `resolve` where it gives one, then kept only if it is no data URL or one of an image type. */
function image(resolve: ((src: string) => string | undefined) | undefined): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const { src: given, ...rest } = attribs;
    const src = given === undefined ? undefined : (resolve?.(given) ?? given);
    return { tagName, attribs: src !== undefined && (!/^\s*data:/i.test(src) || IMAGE_DATA_URL.test(src.trim())) ? { ...attribs, src } : rest };
  };
}

/** Options for {@link sanitizeMarkdownHtml}. */
export interface SanitizeOptions {
  /**
   * The mark that the book's own heading anchors carry (`<h2 id="MARKtraining">`): those
   * ids are kept without it, every other id is dropped, so that raw HTML in a notebook
   * cannot give an element an id (and take one the page's script uses). Default: none,
   * every id is dropped.
   */
  anchorMark?: string;
  /**
   * The address an `<img src>` of raw HTML stands for, or `undefined` to keep it: the
   * book resolves a cell's `attachment:name` here, as it does for markdown images.
   */
  imageSource?: (src: string) => string | undefined;
}

/** Keeps a heading's id only when it carries the book's mark, and then without the mark. */
const keepAnchor = (mark: string | undefined): sanitizeHtml.Transformer => (tagName, attribs) => {
  const { id, ...rest } = attribs;
  const ours = mark !== undefined && mark !== '' && id !== undefined && id.startsWith(mark) && id.length > mark.length;
  return { tagName, attribs: ours ? { ...rest, id: id.slice(mark.length) } : rest };
};

/**
 * Sanitizes HTML rendered from markdown against the book's allow-list.
 *
 * @param html HTML from markdown-it (raw HTML allowed) and KaTeX.
 * @param options Which heading ids are the book's own anchors.
 * @returns The same HTML without anything that could run or load script.
 * @example
 * sanitizeMarkdownHtml('<b>bold</b><img src=x onerror=alert(1)>'); // '<b>bold</b><img src="x" />'
 */
export function sanitizeMarkdownHtml(html: string, options: SanitizeOptions = {}): string {
  const anchor = keepAnchor(options.anchorMark);
  return sanitizeHtml(html, { ...OPTIONS, transformTags: { img: image(options.imageSource), ...Object.fromEntries(HEADINGS.map((h) => [h, anchor])) } });
}
