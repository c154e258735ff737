/**
 * Anchors for headings: `## The error surface` becomes `id="the-error-surface"`, unique
 * on its page, so the sidebar and search results can link to a section.
 */

/**
 * The anchor of a heading's text: lower case, accents dropped, every run of other
 * characters than letters and digits one `-`.
 *
 * @example slugify("Cause 0: the article's tanh"); // 'cause-0-the-article-s-tanh'
 */
export function slugify(text: string): string {
  const slug = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return slug === '' ? 'section' : slug;
}

/**
 * A function giving each heading of one page its own anchor: the second "Training" is
 * `training-1`. Anchors never start with `book-`: the page's own elements (skip link
 * target, sidebar, search) have ids that do.
 *
 * @example
 * const slug = createSlugger();
 * slug('Training'); // 'training'
 * slug('Training'); // 'training-1'
 */
export function createSlugger(): (text: string) => string {
  const taken = new Set<string>();
  return (text) => {
    let base = slugify(text);
    if (/^book(-|$)/.test(base)) base = `section-${base}`;
    let slug = base;
    for (let n = 1; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  };
}
