/**
 * Markdown cells and code to HTML: markdown-it with KaTeX math ($…$ and $$…$$),
 * and highlight.js for TypeScript code. Raw HTML in markdown renders, as in Jupyter,
 * after the whole result passes the book's sanitizer (`sanitize.ts`).
 */
import { createRequire } from 'node:module';
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';
import MarkdownIt from 'markdown-it';
import { escapeHtml } from 'backprop-ts/internal';
import { sanitizeMarkdownHtml } from './sanitize.js';

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

/** Renders a markdown cell (with math and raw HTML) to sanitized HTML. */
export function renderMarkdown(source: string): string {
  return sanitizeMarkdownHtml(markdown.render(source));
}

/** The text of the first `# heading` of some markdown, or `undefined`. */
export function firstHeading(source: string): string | undefined {
  const match = /^#\s+(.+)$/m.exec(source);
  return match?.[1]?.trim();
}
