// The notebooks in Debian's classic Jupyter Notebook, driven like a person would:
// a server on 127.0.0.1 with a random token and a temporary kernel path, serving a
// temporary copy of the notebooks (so nothing the UI saves reaches the committed
// ones); each notebook opened in headless Chromium, Cell → Run All clicked, then
// every code cell must have an execution count, no output may be an error, and
// every chart must be rendered. A screenshot per notebook goes to
// artifacts/jupyter-ui/. The server and its kernels are stopped even on failure.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS, CHART_CLASS, ERROR_TEXT, JUPYTER, createTempJupyter, killGroup, laneNotebooks, launchChromium,
  processesUnder, seconds, watchContext, type LaneNotebook, type TempJupyter,
} from './helpers.js';
import { startJupyterServer, stopJupyterServer, stopKernels, type JupyterServer } from './server.js';

const SCREENSHOTS = join(ARTIFACTS, 'jupyter-ui');
const SERVER_START_MS = 60_000;
const KERNEL_READY_MS = 60_000;
const RUN_ALL_MS = 240_000;

/** The classic notebook server, on a free port with a random token, serving the workspace. */
const startServer = (jupyter: TempJupyter) =>
  startJupyterServer(jupyter, {
    name: 'jupyter notebook',
    executable: JUPYTER,
    subcommand: ['notebook'],
    tokenAndRoot: (token, workspace) => [`--NotebookApp.token=${token}`, `--NotebookApp.notebook_dir=${workspace}`],
    startMs: SERVER_START_MS,
  });

/**
 * The classic notebook typesets markdown math with MathJax 2's HTML-CSS output, which
 * declares `@font-face { font-family: MathJax_Blank; src: url('about:blank') }` (see
 * /usr/share/javascript/mathjax/jax/output/HTML-CSS/jax.js). Chromium refuses that
 * font with a console error and a failed request for `about:blank`: nothing leaves
 * the machine, and nothing of ours is involved, so these three messages are let through.
 */
const isMathJaxBlankFont = (problem: string) =>
  problem === 'request failed: about:blank (net::ERR_FAILED)' ||
  /^console error: (Access to font at 'about:blank' from origin .* blocked by CORS policy|Failed to load resource: net::ERR_FAILED \(about:blank\))/.test(problem);

/** What the page's notebook model and DOM say after Run All. */
interface RunState {
  counts: (number | string | null)[];
  chartOutputs: number;
  bundleOutputs: number;
  containers: number;
  rendered: number;
  errorOutputs: string[];
  stderr: string[];
}

declare const Jupyter: {
  notebook: {
    kernel: { is_connected(): boolean; info_reply: { protocol_version?: string } } | null;
    get_cells(): { cell_type: string; input_prompt_number?: number | string | null; output_area?: { toJSON(): { data?: Record<string, unknown> }[] } }[];
  };
};

async function runAllCells(page: Page): Promise<RunState> {
  await page.waitForFunction(
    () => {
      const kernel = typeof Jupyter === 'undefined' ? null : Jupyter.notebook?.kernel;
      return kernel !== null && kernel !== undefined && kernel.is_connected() && kernel.info_reply.protocol_version !== undefined &&
        document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
    },
    undefined,
    { timeout: KERNEL_READY_MS },
  );
  // The menu, as a person would: Cell → Run All.
  await page.click('#celllink');
  await page.click('#run_all_cells > a');
  // Run All marks every code cell as running at once; each reply clears its mark.
  await page.waitForFunction(
    () => document.querySelectorAll('.code_cell.running').length === 0 && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null,
    undefined,
    { timeout: RUN_ALL_MS, polling: 250 },
  );
  // Chart scripts draw as their output arrives; give a slow page a moment before counting.
  await page
    .waitForFunction((cls) => Array.from(document.querySelectorAll(`.${cls}`)).every((el) => el.querySelector('svg.main-svg') !== null), CHART_CLASS, { timeout: 30_000 })
    .catch(() => undefined); // the counts below show which chart is missing
  return page.evaluate((chartClass) => {
    const code = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
    const html = code.flatMap((c) => c.output_area?.toJSON() ?? []).map((o) => String(o.data?.['text/html'] ?? ''));
    const containers = Array.from(document.querySelectorAll(`.${chartClass}`));
    return {
      counts: code.map((c) => c.input_prompt_number ?? null),
      chartOutputs: html.filter((h) => h.includes(`<div class="${chartClass}"`)).length,
      bundleOutputs: html.filter((h) => h.includes('data-backprop-ts-plotly')).length,
      containers: containers.length,
      rendered: containers.filter((el) => el.querySelector('svg.main-svg') !== null).length,
      errorOutputs: Array.from(document.querySelectorAll('.output_error')).map((el) => (el as HTMLElement).innerText),
      stderr: Array.from(document.querySelectorAll('.output_stderr')).map((el) => (el as HTMLElement).innerText),
    };
  }, CHART_CLASS);
}

describe('Debian Jupyter Notebook UI: Cell → Run All in headless Chromium', () => {
  const notebooks = laneNotebooks();
  let jupyter: TempJupyter;
  let server: JupyterServer | undefined;
  let browser: Browser;
  const killLeftovers = () => {
    if (server !== undefined) killGroup(server.process.pid, 'SIGKILL');
    if (jupyter !== undefined) for (const pid of processesUnder(jupyter.root)) killGroup(pid, 'SIGKILL');
  };

  beforeAll(async () => {
    process.once('exit', killLeftovers); // even if the worker dies before afterAll
    rmSync(SCREENSHOTS, { recursive: true, force: true }); // no stale pictures of renamed notebooks
    mkdirSync(SCREENSHOTS, { recursive: true });
    jupyter = await createTempJupyter('notebook-ui');
    [server, browser] = await Promise.all([startServer(jupyter), launchChromium()]);
  }, SERVER_START_MS + 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server !== undefined) await stopJupyterServer(server, 10_000);
    killLeftovers();
    process.off('exit', killLeftovers);
    await jupyter?.remove();
  }, 60_000);

  it.each(notebooks.map((n) => [n.path, n] as const))('%s: Run All, counts, no error output, charts rendered', async (_path, notebook: LaneNotebook) => {
    if (server === undefined) throw new Error('no server');
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    const origin = `${server.base}/`;
    await watchContext(context, (url) => url.startsWith(origin), problems);
    const started = Date.now();
    try {
      const page = await context.newPage();
      await page.goto(`${server.base}/notebooks/${notebook.path}?token=${server.token}`, { waitUntil: 'load', timeout: 60_000 });
      const state = await runAllCells(page).catch(async (error: unknown) => {
        await screenshot(page, notebook).catch(() => undefined);
        const log = server?.log().split('\n').slice(-40).join('\n') ?? '';
        throw new Error(`${(error as Error).message}\n--- notebook server log (last lines) ---\n${log}`);
      });
      console.info(`UI ${notebook.path}: ran in ${seconds(Date.now() - started)}`);
      await screenshot(page, notebook);
      const failures = [...state.errorOutputs, ...state.stderr.filter((text) => ERROR_TEXT.test(text))];

      if (notebook.expect === 'fail') {
        // Cell 1 ran; cell 2 threw and shows it; cell 3 was never run.
        expect(state.counts.slice(0, 2)).toEqual([1, 2]);
        expect(typeof state.counts[2]).not.toBe('number');
        expect(failures.join('\n')).toMatch(/Error: deliberate failure from the fixture\n\s+at /);
      } else {
        expect(state.counts, 'every code cell numbered 1, 2, 3... in order').toEqual(notebook.codeCellIds.map((_, i) => i + 1));
        expect(failures).toEqual([]);
        if (notebook.charts !== undefined) expect(state.chartOutputs).toBe(notebook.charts);
        expect(state.bundleOutputs, 'plotly.js once per notebook with charts').toBe(state.chartOutputs > 0 ? 1 : 0);
        expect(state.containers).toBe(state.chartOutputs);
        expect(state.rendered).toBe(state.containers);
      }
      expect(problems.filter((p) => !isMathJaxBlankFont(p))).toEqual([]);
    } finally {
      await context.close();
      await stopKernels(server);
    }
  }, KERNEL_READY_MS + RUN_ALL_MS + 60_000);
});

/** The whole notebook: the classic UI scrolls inside #site, so let it grow to its content first. */
async function screenshot(page: Page, notebook: LaneNotebook): Promise<void> {
  await page.addStyleTag({ content: '#site { height: auto !important; overflow: visible !important; } html, body { height: auto !important; overflow: visible !important; }' });
  await page.screenshot({ path: join(SCREENSHOTS, `${notebook.path.replace(/\//g, '--').replace(/\.ipynb$/, '')}.png`), fullPage: true });
}
