// The book lane's checks of navigation, in headless Chromium from file:// with the network
// cut off: at a phone's width (375 px) no page is wider than the screen and charts fit;
// the search box finds a term across chapters with the keyboard; every link of the
// sidebar lands on a page and, for a section, on its heading. book.test.ts runs them on
// the whole built book.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';

/** What the checks need: the browser and the built book. */
export interface NavigationBook {
  browser: Browser;
  outDir: string;
  /** The chapter pages, in reading order (file names). */
  chapters: string[];
}

/** A phone's viewport (an iPhone SE/mini class width). */
export const PHONE = { width: 375, height: 740 };

/** A context whose requests must all stay on file://; anything else, console errors and page errors land in `problems`. */
async function offline(browser: Browser, viewport: { width: number; height: number }, problems: string[]): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file://')) return route.continue();
    problems.push(`request off file://: ${url}`);
    return route.abort();
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });
  return context;
}

/** Waits until every chart on the page is drawn. */
async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.backprop-ts-chart')).every((el) => el.querySelector('svg.main-svg') !== null), undefined, { timeout: 30_000 });
}

/**
 * How much wider than the viewport the page is, and which elements make it so: the
 * outermost elements whose hiding brings the page back to the viewport's width.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; viewport: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const viewport = root.clientWidth;
    const scrollWidth = root.scrollWidth;
    const culprits: string[] = [];
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const walk = (parent: Element, path: string) => {
      for (const child of Array.from(parent.children)) {
        if (!(child instanceof HTMLElement) && !(child instanceof SVGElement)) continue;
        const style = child.style;
        const display = style.display;
        style.display = 'none';
        const fits = root.scrollWidth <= viewport;
        style.display = display;
        if (!fits) continue;
        const here = `${path} > ${describe(child)}`;
        const before = culprits.length;
        if (child.children.length > 0) walk(child, here);
        if (culprits.length === before) culprits.push(`${here} (right edge at ${Math.round(child.getBoundingClientRect().right)} px)`);
      }
    };
    if (scrollWidth > viewport) walk(document.body, 'body');
    return { scrollWidth, viewport, culprits };
  });
}

/** Registers the navigation checks (call inside a describe whose beforeAll sets up `book`). */
export function navigationChecks(book: () => NavigationBook): void {
  const url = (file: string) => pathToFileURL(join(book().outDir, file)).href;

  it('at 375 px wide, no page is wider than the screen: code, tables, math and outputs scroll in their own box, charts fit', async () => {
    const { browser, chapters } = book();
    const problems: string[] = [];
    const context = await offline(browser, PHONE, problems);
    const page = await context.newPage();
    const wide: string[] = [];
    for (const file of ['index.html', ...chapters]) {
      await page.goto(url(file), { waitUntil: 'load' });
      await chartsDrawn(page);
      const found = await overflow(page);
      if (found.scrollWidth > found.viewport) wide.push(`${file} is ${found.scrollWidth} px wide at ${found.viewport} px: ${found.culprits.join('; ')}`);
      // Charts take the column's width: never wider, and not a sliver of it either.
      const charts = await page.evaluate(() => Array.from(document.querySelectorAll('.backprop-ts-chart svg.main-svg'), (svg) => [svg.getBoundingClientRect().width, svg.closest('.output-area')!.getBoundingClientRect().width]));
      for (const [chart, column] of charts) {
        if (!(chart! <= column! + 1 && chart! >= column! * 0.9)) wide.push(`${file}: a chart ${Math.round(chart!)} px wide in a column of ${Math.round(column!)} px`);
      }
    }
    expect(wide).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);

  it('charts follow the width of the window when it shrinks to a phone\'s', async () => {
    const { browser, chapters } = book();
    const problems: string[] = [];
    const context = await offline(browser, { width: 1280, height: 900 }, problems);
    const page = await context.newPage();
    await page.goto(url(chapters[0]!), { waitUntil: 'load' });
    await chartsDrawn(page);
    const widest = () => page.evaluate(() => Math.max(...Array.from(document.querySelectorAll('.backprop-ts-chart svg.main-svg'), (svg) => svg.getBoundingClientRect().width)));
    expect(await widest()).toBeGreaterThan(PHONE.width);
    await page.setViewportSize(PHONE);
    await expect.poll(widest, { timeout: 10_000 }).toBeLessThanOrEqual(PHONE.width);
    expect((await overflow(page)).culprits).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('search finds a term across chapters from file://, by keyboard: / focuses, arrows move, Enter opens, Esc closes', async () => {
    const { browser, chapters } = book();
    const problems: string[] = [];
    for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
      const context = await offline(browser, viewport, problems);
      const page = await context.newPage();
      await page.goto(url(chapters.at(-1)!), { waitUntil: 'load' });
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('book-search');
      await page.keyboard.type('learning rate');
      const hits = page.locator('#book-search-results [role="option"]');
      await expect.poll(() => hits.count(), { timeout: 10_000 }).toBeGreaterThan(1);
      const hrefs = await hits.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      const found = new Set(hrefs.map((href) => fileURLToPath(href.replace(/#.*/, ''))));
      expect(found.size, hrefs.join('\n')).toBeGreaterThan(1); // sections of more than one chapter
      expect(await page.locator('#book-search-results mark').first().textContent()).toMatch(/^(learning|rate)$/i);
      // The first hit is selected; ↓ selects the second, ↑ the first again.
      const selected = () => page.evaluate(() => document.getElementById('book-search')!.getAttribute('aria-activedescendant'));
      expect(await selected()).toBe('book-search-option-0');
      await page.keyboard.press('ArrowDown');
      expect(await selected()).toBe('book-search-option-1');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowDown');
      // Esc closes the results; typing again brings them back; Enter opens the selected section.
      await page.keyboard.press('Escape');
      expect(await page.locator('#book-search-results').isHidden()).toBe(true);
      await page.keyboard.press('End');
      await page.keyboard.type(' ');
      await expect.poll(() => hits.count()).toBeGreaterThan(1);
      await page.keyboard.press('ArrowDown');
      const target = hrefs[1]!;
      await Promise.all([page.waitForURL(target), page.keyboard.press('Enter')]);
      const id = decodeURIComponent(new URL(target).hash.slice(1));
      expect(await page.evaluate((anchor) => document.getElementById(anchor)?.localName, id)).toMatch(/^h[1-3]$/);
      // s also focuses the box, but not while typing in a field.
      await page.keyboard.press('s');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('book-search');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      expect(await page.evaluate(() => document.activeElement?.id ?? '')).not.toBe('book-search');
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('every link of every sidebar lands on a page of the book, and every section link on its heading', async () => {
    const { browser, chapters } = book();
    const problems: string[] = [];
    const context = await offline(browser, { width: 1280, height: 900 }, problems);
    const page = await context.newPage();
    const broken: string[] = [];
    for (const file of ['index.html', ...chapters]) {
      await page.goto(url(file), { waitUntil: 'load' });
      const links = await page.evaluate(() => Array.from(document.querySelectorAll('#book-sidebar a'), (a) => ({
        href: (a as HTMLAnchorElement).href,
        current: a.getAttribute('aria-current'),
        lands: (a as HTMLAnchorElement).hash === '' || document.getElementById(decodeURIComponent((a as HTMLAnchorElement).hash.slice(1))) !== null,
      })));
      const pages = links.filter((l) => !l.href.includes('#')).map((l) => fileURLToPath(l.href));
      expect(pages, file).toEqual([join(book().outDir, 'index.html'), ...chapters.map((c) => join(book().outDir, c))]);
      for (const link of links) {
        if (!existsSync(fileURLToPath(link.href.replace(/#.*/, ''))) || !link.lands) broken.push(`${file}: ${link.href}`);
      }
      // The sidebar marks this page, and nothing else, as the current one.
      expect(links.filter((l) => l.current === 'page').map((l) => fileURLToPath(l.href)), file).toEqual([join(book().outDir, file)]);
      if (file !== 'index.html') expect(links.filter((l) => l.href.includes('#')).length, `${file} lists its sections`).toBeGreaterThan(0);
    }
    expect(broken).toEqual([]);
    // On a phone the sidebar is a menu: the button opens it, a chapter link in it opens that chapter.
    const phone = await offline(browser, PHONE, problems);
    const small = await phone.newPage();
    await small.goto(url(chapters[0]!), { waitUntil: 'load' });
    const next = small.locator(`#book-sidebar a[href="./${encodeURIComponent(chapters[1] ?? chapters[0]!)}"]`);
    expect(await next.isVisible()).toBe(false);
    await small.click('#book-menu');
    expect(await small.getAttribute('#book-menu', 'aria-expanded')).toBe('true');
    await Promise.all([small.waitForURL(url(chapters[1] ?? chapters[0]!)), next.click()]);
    await small.keyboard.press('Tab'); // the skip link comes first
    expect(await small.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await small.keyboard.press('Enter');
    expect(await small.evaluate(() => document.activeElement?.id)).toBe('book-content');
    expect(problems).toEqual([]);
    await context.close();
    await phone.close();
  }, 180_000);
}
