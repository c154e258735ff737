/**
 * HTML escaping, the one rule set for everything the project writes into a page:
 * chart outputs and progress displays in notebooks (`notebook/`, `charts/`), and the
 * HTML book (`tools/book`). Plumbing: exported from `backprop-ts/internal`.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Options for {@link escapeHtml}. */
export interface EscapeHtmlOptions {
  /** Also write every non-ASCII character as a `&#…;` reference, so the HTML is pure ASCII. Default `false`. */
  ascii?: boolean;
}

/**
 * Escapes text for HTML content or a quoted attribute value: `& < > " '`.
 *
 * @param text Any text.
 * @param options Whether to write non-ASCII characters as character references.
 * @returns The escaped text.
 * @example
 * ```ts
 * escapeHtml('<b>1 − x</b>'); // '&lt;b&gt;1 − x&lt;/b&gt;'
 * escapeHtml('1 − x', { ascii: true }); // '1 &#8722; x'
 * ```
 */
export function escapeHtml(text: string, options: EscapeHtmlOptions = {}): string {
  const pattern = options.ascii ? /[&<>"']|[^\x00-\x7e]/gu : /[&<>"']/g;
  return text.replace(pattern, (c) => ESCAPES[c] ?? `&#${c.codePointAt(0)};`);
}
