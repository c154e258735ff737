// The charts in VS Code's notebook view: executed notebooks opened in code-server (VS
// Code for the web, installed by tools/vscode/install-code-server.sh) in headless
// Chromium, as a person would (a click on the file in the Explorer, then scrolling down
// the notebook, whose outputs VS Code renders lazily). Every chart output must become a drawn Plotly chart
// inside VS Code's output webview, with no request leaving the machine: Chromium
// resolves no host name but localhost, and every request that is not to 127.0.0.1 must
// be answered by the webview's service worker. A third notebook holds the charts of
// the first one twice (a copied cell keeps the same element ids): each copy must draw
// into its own output. Screenshots go to artifacts/vscode/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeServerBinary, startCodeServer, type CodeServer } from '../../tools/vscode/code-server.js';
import { runNotebook, serializeNotebook, type Notebook, type Output } from '../../tools/notebook-runner/index.js';
import { ARTIFACTS, CHART_CLASS, PROJECT, launchChromium } from './helpers.js';

const SCREENSHOTS = join(ARTIFACTS, 'vscode');
const NOTEBOOKS = ['01-generalized-gradient-descent.ipynb', '05-training-a-deep-network.ipynb'];
const DUPLICATE = 'copied-chart-cells.ipynb';
const RENDER_MS = 120_000;

/** Whether an output is a chart, by the metadata `showChart` writes. */
const isChart = (output: Output) =>
  'metadata' in output && (output.metadata as Record<string, { role?: string }> | undefined)?.['backprop-ts']?.role === 'chart';

/** Chart outputs of an executed notebook. */
function chartOutputs(notebook: Notebook): number {
  return notebook.cells.flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : [])).filter(isChart).length;
}

/** Whether an output is the plotly.js bundle `showChart` sends once per notebook (about 5 MB). */
const isBundle = (output: Output) =>
  'metadata' in output && (output.metadata as Record<string, { role?: string }> | undefined)?.['backprop-ts']?.role === 'plotly-bundle';

/**
 * A notebook whose chart cells appear twice, outputs and element ids included. The
 * copies leave out the plotly.js bundle, which the first chart cell carries: twice, it
 * would take chapter 1 past 10 MB, where VS Code for the web asks before it opens a
 * notebook (`workbench.editorLargeFileConfirmation`), and the copies are about ids.
 */
function withCopiedChartCells(notebook: Notebook): Notebook {
  const cells = notebook.cells.flatMap((cell) =>
    cell.cell_type === 'code' && cell.outputs.some(isChart) ? [cell, { ...cell, id: `${cell.id}-copy`, outputs: cell.outputs.filter((o) => !isBundle(o)) }] : [cell],
  );
  return { ...notebook, cells };
}

/** What one frame shows: our chart divs, and those Plotly has drawn into. */
interface Census {
  charts: number;
  drawn: number;
}

async function census(page: Page): Promise<Census> {
  const total: Census = { charts: 0, drawn: 0 };
  const frames: Frame[] = page.frames().filter((f) => f !== page.mainFrame());
  for (const frame of frames) {
    try {
      const found = await frame.evaluate((chartClass) => {
        const divs = Array.from(document.querySelectorAll(`.${chartClass}`));
        return { charts: divs.length, drawn: divs.filter((d) => d.classList.contains('js-plotly-plot') && d.querySelector('svg.main-svg') !== null).length };
      }, CHART_CLASS);
      total.charts += found.charts;
      total.drawn += found.drawn;
    } catch {
      // a frame that went away or is not ours
    }
  }
  return total;
}

const isLoopback = (url: string) => {
  if (/^(data|blob|about|vscode-webview):/.test(url)) return true;
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
};

describe('charts in VS Code (code-server)', () => {
  let root = '';
  let workspace = '';
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const expected = new Map<string, number>();

  beforeAll(async () => {
    codeServerBinary(); // fails, naming the install command, when it is missing
    root = mkdtempSync(join(tmpdir(), 'backprop-ts-vscode-'));
    workspace = join(root, 'workspace'); // the executed notebooks only: VS Code shows saved outputs without a kernel
    mkdirSync(workspace);
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const name of NOTEBOOKS) {
      const executed = await runNotebook(join(PROJECT, 'notebooks', name));
      writeFileSync(join(workspace, name), serializeNotebook(executed.notebook));
      expected.set(name, chartOutputs(executed.notebook));
      if (name === NOTEBOOKS[0]) {
        const copied = withCopiedChartCells(executed.notebook);
        writeFileSync(join(workspace, DUPLICATE), serializeNotebook(copied));
        expected.set(DUPLICATE, chartOutputs(copied));
      }
    }
    server = await startCodeServer({ folder: workspace, stateDir: join(root, 'code-server') });
    browser = await launchChromium(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1']);
  }, 600_000);

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
      if (root) rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    }
  });

  it('the copied notebook really holds every chart twice', () => {
    expect(expected.get(DUPLICATE)).toBe(2 * expected.get(NOTEBOOKS[0]!)!);
    expect(expected.get(NOTEBOOKS[0]!)).toBeGreaterThanOrEqual(3);
  });

  it.each([...NOTEBOOKS, DUPLICATE])('every chart of %s is drawn in VS Code, offline', async (name) => {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 1000 } });
    const foreign: string[] = [];
    const pageErrors: string[] = [];
    context.on('requestfinished', (request) => {
      if (isLoopback(request.url())) return;
      // Not awaited in the listener: a response still pending when the context closes must not throw.
      request.response().then(
        (response) => void (response?.fromServiceWorker() ? undefined : foreign.push(request.url())),
        () => foreign.push(`${request.url()} (no response)`),
      );
    });
    context.on('requestfailed', (request) => {
      if (!isLoopback(request.url())) foreign.push(`${request.url()} (${request.failure()?.errorText})`);
    });
    context.on('weberror', (error) => pageErrors.push(error.error().message));
    try {
      const page = await context.newPage();
      await page.goto(server!.folderUrl);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForSelector('.explorer-folders-view', { timeout: 60_000 });
      // A click in the first seconds after start-up can go unanswered: click again until the notebook opens.
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
      const editor = page.locator('.notebook-editor:visible').first();
      for (let attempt = 1; ; attempt++) {
        await row.click({ timeout: 30_000 });
        try {
          await editor.waitFor({ timeout: 10_000 });
          break;
        } catch (error) {
          if (attempt === 6) throw error;
        }
      }
      const box = (await editor.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // VS Code renders an output when its cell scrolls into view: scroll until every chart is drawn.
      const want = expected.get(name)!;
      let seen: Census = { charts: 0, drawn: 0 };
      const deadline = Date.now() + RENDER_MS;
      while (Date.now() < deadline) {
        seen = await census(page);
        if (seen.drawn >= want) break;
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(400);
      }
      await page.screenshot({ path: join(SCREENSHOTS, `${name.replace(/\.ipynb$/, '')}.png`) });
      expect(seen, `charts drawn in ${name}`).toEqual({ charts: want, drawn: want });
      expect(foreign, 'requests that left the machine').toEqual([]);
      expect(pageErrors.filter((m) => /plotly|backprop/i.test(m)), 'errors from chart scripts').toEqual([]);
    } finally {
      await context.close();
    }
  }, RENDER_MS + 120_000);
});
