/**
 * Markdown cells and code to HTML: markdown-it with KaTeX math ($…$ and $$…$$),
 * and highlight.js for TypeScript code. Raw HTML in markdown renders, as in Jupyter,
 * after the whole result passes the book's sanitizer (`sanitize.ts`). Headings of a
 * page's cells get anchors (`slug.ts`) that the sidebar and the search link to.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import MarkdownIt from 'markdown-it';
import { escapeHtml } from 'backprop-ts/internal';
import { sanitizeMarkdownHtml } from './sanitize.js';
import { createSlugger } from './slug.js';

hljs.registerLanguage('typescript', typescript);

/** Highlights TypeScript source as HTML (spans with `hljs-*` classes). */
export function highlightTypeScript(code: string): string {
  return hljs.highlight(code, { language: 'typescript', ignoreIllegals: true }).value;
}

const markdown = new MarkdownIt({
  html: true,
  linkify: true,
  typographer: false,
  highlight: (code, language) =>
    language === 'ts' || language === 'typescript' ? highlightTypeScript(code) : escapeHtml(code),
});
// The plugin is CommonJS with `exports.default`; require() reaches it without interop guesswork.
const require = createRequire(import.meta.url);
const katex = (require('@vscode/markdown-it-katex') as typeof import('@vscode/markdown-it-katex')).default;
markdown.use(katex, { throwOnError: false });

/** One markdown token (markdown-it's `Token`). */
export type MarkdownToken = ReturnType<typeof markdown.parse>[number];

/** A heading of a page, in the order the page shows them. */
export interface Heading {
  /** 1 for `#`, 2 for `##`, … */
  level: number;
  /** Its text, without markup (inline code and math as their source). */
  text: string;
  /** Its anchor on the page, unique there. */
  id: string;
}

/**
 * The headings of one page: pass the same one to every markdown cell of a page, in order,
 * and each heading gets an anchor unique on the page, collected in `headings`.
 */
export interface HeadingAnchors {
  slug: (text: string) => string;
  headings: Heading[];
}

/** Starts collecting the headings of a new page. */
export function headingAnchors(): HeadingAnchors {
  return { slug: createSlugger(), headings: [] };
}

/**
 * The plain text of an inline token's children: text, inline code, inline math (as its
 * TeX, or as `math` makes it), line breaks as spaces, images as their alt text; raw HTML left out.
 */
export function inlineText(children: readonly MarkdownToken[] | null, math: (tex: string) => string = (tex) => tex): string {
  let text = '';
  for (const child of children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'math_inline') text += math(child.content);
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
    else if (child.type === 'image') text += inlineText(child.children, math);
  }
  return text;
}

// Anchors reach the sanitizer as `id="<ANCHOR_MARK><slug>"`: it keeps only ids with this
// mark, which is random per process, so raw HTML in a notebook can never set an id.
const ANCHOR_MARK = `a${randomUUID().replace(/-/g, '')}-`;

markdown.core.ruler.push('book_heading_anchors', (state) => {
  const anchors = (state.env as { anchors?: HeadingAnchors } | undefined)?.anchors;
  if (anchors === undefined) return;
  state.tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const text = inlineText(state.tokens[i + 1]?.children ?? null).trim();
    const id = anchors.slug(text);
    token.attrSet('id', `${ANCHOR_MARK}${id}`);
    anchors.headings.push({ level: Number(token.tag.slice(1)), text, id });
  });
});

/**
 * A markdown cell's attachments, as nbformat stores them: file name → MIME type → base64
 * (what JupyterLab writes when an image is pasted or dropped into a markdown cell).
 */
export type CellAttachments = Readonly<Record<string, unknown>>;

/** The image types an attachment may have in the book: those the sanitizer lets through as data URLs. */
const ATTACHMENT_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml'];

/**
 * The data URL for `attachment:NAME`, from the cell's attachments, or `undefined` when
 * the cell has no such attachment or no image of a type the book shows.
 */
export function attachmentDataUrl(src: string, attachments: CellAttachments | undefined): string | undefined {
  if (attachments === undefined || !src.startsWith('attachment:')) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(src.slice('attachment:'.length));
  } catch {
    return undefined;
  }
  const bundle = Object.hasOwn(attachments, name) ? attachments[name] : undefined;
  if (typeof bundle !== 'object' || bundle === null) return undefined;
  for (const type of ATTACHMENT_IMAGE_TYPES) {
    const data = (bundle as Record<string, unknown>)[type];
    const base64 = Array.isArray(data) ? data.join('') : data;
    if (typeof base64 === 'string' && /^[A-Za-z0-9+/=\s]*$/.test(base64)) return `data:${type};base64,${base64.replace(/\s+/g, '')}`;
  }
  return undefined;
}

/**
 * Parses markdown into markdown-it's tokens, giving headings anchors when `anchors` is
 * given (see {@link renderMarkdown}).
 */
export function parseMarkdown(source: string, anchors?: HeadingAnchors): MarkdownToken[] {
  return markdown.parse(source, anchors === undefined ? {} : { anchors });
}

/**
 * Renders a markdown cell (with math and raw HTML) to sanitized HTML.
 *
 * @param anchors The page's headings so far (see {@link headingAnchors}): its headings get
 *   anchors (`<h2 id="training">`) and are added to it. Without it, headings have no id.
 * @param attachments The cell's attachments: `![alt](attachment:name.png)` shows that image
 *   (PNG, JPEG, GIF, WebP or SVG, as a data URL); a name the cell lacks shows the alt text.
 * @example
 * const anchors = headingAnchors();
 * renderMarkdown('## Training', anchors); // '<h2 id="training">Training</h2>\n'
 * anchors.headings; // [{ level: 2, text: 'Training', id: 'training' }]
 */
export function renderMarkdown(source: string, anchors?: HeadingAnchors, attachments?: CellAttachments): string {
  const env = anchors === undefined ? {} : { anchors };
  // `![alt](attachment:name.png)` and raw `<img src="attachment:…">` alike: the sanitizer's image rule resolves both.
  const imageSource = attachments === undefined ? undefined : (src: string) => attachmentDataUrl(src, attachments);
  return sanitizeMarkdownHtml(markdown.render(source, env), { anchorMark: ANCHOR_MARK, ...(imageSource === undefined ? {} : { imageSource }) });
}

/** The text of the first `# heading` of some markdown, or `undefined`. */
export function firstHeading(source: string): string | undefined {
  const match = /^#\s+(.+)$/m.exec(source);
  return match?.[1]?.trim();
}
