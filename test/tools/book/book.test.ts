// The notebook harness and the book check. Builds the HTML book, which executes
// every notebook in notebooks/ through the real tslab kernel (our runner, no
// nbconvert), then checks that each notebook ran without error and printed the
// article's numbers, and opens every page in headless Chromium with the network
// cut off. A new notebook is picked up automatically; the numbers below are the
// article's (../shared/ARTICLE.md), written out by hand.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBook, type BookResult } from '../../../tools/book/build.js';
import { renderPage, type Chapter } from '../../../tools/book/page.js';
import { parseNotebook, type Notebook, type Output } from '../../../tools/notebook-runner/index.js';
import { ARTICLE_NETWORK_ERRORS } from '../../../src/article/reproduction.js';
import { activeParts, HOSTILE_MARKDOWN, SAFE_MARKDOWN, type ParsedElement } from './hostile-html.js';
import { navigationChecks } from './navigation.js';

const DIR = 'notebooks';
const notebooks = readdirSync(DIR).filter((n) => n.endsWith('.ipynb')).sort();

/** All text a notebook showed: streams, text/plain and text/html of every output. */
function outputText(notebook: Notebook): string {
  const parts: string[] = [];
  const add = (o: Output) => {
    if (o.output_type === 'stream') parts.push(String(o.text));
    else if (o.output_type === 'error') parts.push(`${o.ename}: ${o.evalue}`);
    else for (const mime of ['text/plain', 'text/html']) if (mime in o.data) parts.push(String(o.data[mime]));
  };
  for (const cell of notebook.cells) if (cell.cell_type === 'code') cell.outputs.forEach(add);
  return parts.join('\n');
}

const numbersIn = (text: string) => (text.match(/-?\d+\.\d+(e-?\d+)?/g) ?? []).map(Number);
const closeTo = (value: number, relative: number) => (x: number) => Math.abs(x - value) <= relative * Math.abs(value);

/** Rows of an `epoch  error` table: [epoch, error]. */
const epochErrors = (text: string) =>
  [...text.matchAll(/^\s*(\d+)\s+(\d+\.\d+)\s*$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);

/** What each article notebook must print, beyond running without error. */
const EXPECTATIONS: Record<string, (text: string) => void> = {
  '01-generalized-gradient-descent.ipynb': (text) => {
    expect(text).toContain('2.5  5.505499999999999  9.020657099999998  14.59589883232');
    for (const error of ['9.189030365235194', '8.336661573054283', '7.570429647636219', '0.7492490623757035', '0.7491779623809854', '0.7491098293607978']) {
      expect(text).toContain(error);
    }
    expect(text).toContain('3.3076402607543107  7.29043311877873  11.90803160421936  19.198867413412678');
    expect(text).toContain('trainLoop and gradientDescentLoop agree on all 100 epochs, to the last digit: true');
  },
  '02-vectorization-with-tfjs.ipynb': (text) => {
    expect(text).toContain('2.50  5.50  9.00  14.50');
    expect(text).toContain('3.31  7.29  11.91  19.20');
    expect(text).toContain('trainBatch and gradientDescentVectorized agree on all 100 epochs, to the last digit: true');
    const numbers = numbersIn(text);
    for (const error of [9.4375, 8.547682762145996, 7.74901819229126, 0.7479317784309387, 0.7478666305541992, 0.7478042244911194]) {
      expect(numbers.some(closeTo(error, 1e-6)), `an epoch error within 1e-6 of ${error}`).toBe(true);
    }
  },
  '03-backpropagation.ipynb': (text) => {
    expect(text).toMatch(/-5, -2\.5\s+-5, -2\.5/); // day 1: by hand and autodiff agree
  },
  '04-deep-networks.ipynb': (text) => {
    expect(text).toMatch(/^\s*90\s+1\s+NaN\s*$/m); // sinh/cosh overflows float32 past z ≈ 89
    expect(text).toMatch(/^\s*-2\s+3\s+-6\s+9\s+9\s*$/m); // h(x) = g(f(x)) = 3 − 3x
  },
  '06-gradient-checking.ipynb': (text) => {
    expect(text).toMatch(/(\d+) of \1 checks passed/);
    expect(text).toMatch(/^faithful\s+\d\.\d+e-1\s/m); // the article's layer-1 gradient has a relative error of about 0.9
  },
  '07-why-the-error-stalls.ipynb': (text) => {
    expect(text).toContain('100 of 100 seeds diverged to NaN');
    expect(text).toContain('variance: 29.1875');
  },
  '08-real-data.ipynb': (text) => {
    expect(text).toContain("seed 1 reproduces the search's choice above: true");
    expect(text.match(/110084\.87134502924/g)?.length).toBeGreaterThanOrEqual(2); // persistence's test MAE, computed two ways
  },
  '05-training-a-deep-network.ipynb': (text) => {
    const rows = epochErrors(text);
    for (const { epoch, low, high } of ARTICLE_NETWORK_ERRORS) {
      const printed = rows.find(([e]) => e === epoch)?.[1];
      expect(printed, `epoch ${epoch}`).toBeGreaterThanOrEqual(low);
      expect(printed, `epoch ${epoch}`).toBeLessThanOrEqual(high);
    }
    expect(text).toContain('variance: 29.1875');
    expect(text).toContain('train241 and trainArticleNetwork agree on all 20 epochs, to the last digit: true');
    expect(text).toMatch(/loss became NaN at epoch \d+/);
    expect(text).toContain('tensors alive: 0');
  },
};

const CHART = 'backprop-ts-chart';
const LEAK_CHECK = "import * as tfLeakCheck from '@tensorflow/tfjs';\nconsole.log(`tensors left: ${tfLeakCheck.memory().numTensors}`);";
const outDir = mkdtempSync(join(tmpdir(), 'backprop-ts-book-'));
let book: BookResult;
beforeAll(async () => {
  // After its last cell, each notebook's kernel reports how many tensors are still alive.
  book = await buildBook({ notebooksDir: DIR, outDir, epilogue: LEAK_CHECK });
}, 600_000);

const executed = (name: string): Notebook =>
  parseNotebook(JSON.parse(readFileSync(join(outDir, 'notebooks', name), 'utf8')), name);

/** How many chart outputs a notebook has (each output holding a chart container). */
const chartOutputs = (notebook: Notebook) =>
  notebook.cells.flatMap((c) => (c.cell_type === 'code' ? c.outputs : []))
    .filter((o) => (o.output_type === 'display_data' || o.output_type === 'execute_result') && String(o.data['text/html'] ?? '').includes(CHART)).length;

describe.each(notebooks)('notebook %s', (name) => {
  it('runs every cell without error and is saved executed', () => {
    const notebook = executed(name);
    const code = notebook.cells.filter((c) => c.cell_type === 'code');
    expect(code.flatMap((c) => (c.cell_type === 'code' ? c.outputs.filter((o) => o.output_type === 'error') : []))).toEqual([]);
    expect(code.every((c) => c.cell_type === 'code' && c.execution_count !== null)).toBe(true);
  });

  it('leaves no tensors behind in its kernel', () => {
    const page = book.pages.find((p) => p.notebook.endsWith(name))!;
    const printed = (page.epilogue ?? []).map((o) => (o.output_type === 'stream' ? String(o.text) : '')).join('');
    expect(printed).toBe('tensors left: 0\n');
  });

  const expectation = EXPECTATIONS[name];
  if (expectation) {
    it("prints the article's numbers", () => expectation(outputText(executed(name))));
  }
});

describe('determinism', () => {
  // Chapter 9 prints timings, which differ from run to run like timestamps would.
  const TIMED = new Set(['09-does-vectorization-pay.ipynb']);

  it('building the book twice gives identical pages', async () => {
    // A second copy of the notebooks beside links to the built library, its
    // dependencies and the data, so that '../dist/index.js' resolves as in notebooks/.
    const root = mkdtempSync(join(tmpdir(), 'backprop-ts-again-'));
    mkdirSync(join(root, 'notebooks'));
    for (const name of notebooks.filter((n) => !TIMED.has(n))) copyFileSync(join(DIR, name), join(root, 'notebooks', name));
    for (const link of ['dist', 'node_modules', 'data']) symlinkSync(resolve(link), join(root, link));
    const again = await buildBook({ notebooksDir: join(root, 'notebooks'), outDir: join(root, 'book') });
    // Navigation (the sidebar, previous and next) differs only where chapter 9 is left out; everything else must match byte for byte.
    const content = (path: string) => readFileSync(path, 'utf8').replace(/<nav [^>]*class="book-(nav|sidebar)"[^>]*>[\s\S]*?<\/nav>/g, '<nav/>');
    for (const page of again.pages) {
      const file = basename(page.page);
      expect(content(page.page), file).toBe(content(join(outDir, file)));
    }
    expect(again.pages).toHaveLength(notebooks.length - TIMED.size);
  }, 600_000);
});

describe('the HTML book in headless Chromium, offline', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('has an index linking every page in reading order', () => {
    const index = readFileSync(book.index, 'utf8');
    const links = [...index.slice(index.indexOf('<main')).matchAll(/href="([^"]+\.html)"/g)].map((m) => m[1]);
    expect(links).toEqual(notebooks.map((n) => `./${n.replace(/\.ipynb$/, '.html')}`));
  });

  it('a page of hostile markdown, between chapters with hostile names, runs and links to nothing active', async () => {
    // Chromium's own parse of what the sanitizer let through: the true test of mutation XSS.
    const cells = [...HOSTILE_MARKDOWN, ...SAFE_MARKDOWN.map(([markdown]) => markdown), '$\\sqrt{x}$']
      .map((source, i) => ({ cell_type: 'markdown' as const, id: `m${i}`, metadata: {}, source }));
    const chapters: Chapter[] = [
      { file: 'javascript:window.x=1;x.html', title: 'javascript:window.x=1;x' },
      { file: 'hostile.html', title: 'Hostile' },
      { file: '<img src=x onerror=alert(1)>.html', title: '<img src=x onerror=alert(1)>' },
    ];
    writeFileSync(join(outDir, 'hostile.html'), renderPage({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, chapters, 1));
    const context = await browser.newContext();
    const page = await context.newPage();
    const ran: string[] = [];
    page.on('dialog', (dialog) => {
      ran.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => ran.push(`page error: ${error.message}`));
    await page.goto(pathToFileURL(join(outDir, 'hostile.html')).href, { waitUntil: 'load' });
    // What the markdown made: the page's own header, search box and sidebar are not markdown.
    const elements: ParsedElement[] = await page.evaluate(() => Array.from(document.querySelectorAll('main *'), (e) => ({
      tag: e.localName.toLowerCase(),
      attributes: Object.fromEntries(Array.from(e.attributes, (a) => [a.name.toLowerCase(), a.value])),
    })));
    expect(activeParts(elements)).toEqual([]);
    const protocols = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).protocol));
    expect(protocols.filter((p) => !['file:', 'http:', 'https:', 'mailto:'].includes(p))).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { x?: unknown }).x)).toBeUndefined();
    // What must still render: HTML from markdown, and KaTeX's SVG with its viewBox.
    expect(await page.locator('main details > summary').count()).toBeGreaterThan(0);
    expect(await page.locator('main sub').count()).toBeGreaterThan(0);
    expect(await page.locator('main table th').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.querySelector('.katex svg')?.getAttribute('viewBox'))).toMatch(/^0 0 \d+ \d+$/);
    expect(ran).toEqual([]);
    await context.close();
  }, 60_000);

  it.each(['index.html', ...notebooks.map((n) => n.replace(/\.ipynb$/, '.html'))])(
    '%s loads with no console error, no request off file://, and every chart rendered',
    async (file) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        problems.push(`request off file://: ${url}`);
        return route.abort();
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      await page.goto(pathToFileURL(join(outDir, file)).href, { waitUntil: 'load' });
      const expected = file === 'index.html' ? 0 : chartOutputs(executed(file.replace(/\.html$/, '.ipynb')));
      const containers = await page.locator(`.${CHART}`).count();
      expect(containers).toBe(expected);
      if (expected > 0) {
        // Plotly draws into each container an <svg class="main-svg">: wait until every container has one.
        await page.waitForFunction(
          () => Array.from(document.querySelectorAll('.backprop-ts-chart')).every((el) => el.querySelector('svg.main-svg') !== null),
          undefined,
          { timeout: 30_000 },
        );
      }
      expect(problems).toEqual([]);
      await context.close();
    },
    60_000,
  );

  describe('navigation', () => {
    navigationChecks(() => ({ browser, outDir, chapters: notebooks.map((n) => n.replace(/\.ipynb$/, '.html')) }));
  });
});
