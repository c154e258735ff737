// The notebooks through Debian's real Jupyter: `kernel:install` registers the
// project's tslab in a temporary Jupyter, `jupyter nbconvert --execute --to html`
// runs every notebook on it (each cell's reply and outputs recorded by
// record-replies.py), and every exported page opens in headless Chromium with
// nothing allowed off file://: no console error, and every chart rendered.
// A fixture with two charts proves the chart check counts; one with a failing cell
// proves that a failure fails.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS, BUNDLE_ATTRIBUTE, CHART_CLASS, ERROR_TEXT, JUPYTER, PROJECT, TSLAB_ARGV0, createTempJupyter, killGroup,
  laneNotebooks, launchChromium, processesUnder, resolvedKernel, runNbconvert, seconds, watchContext, type LaneNotebook, type TempJupyter,
} from './helpers.js';
import { KERNEL_LAUNCHER } from '../../tools/jupyter/kernelspec.js';

/**
 * Offline export with no option at all: kernel:install made its template (backprop-ts,
 * with plotly.js, MathJax 3 and require.js inlined) the default in the temporary
 * Jupyter's jupyter_config.json, as it does for a user, so the command is README's.
 */
const OFFLINE_HTML_OPTIONS: string[] = [];

const RECORD_REPLIES = join(PROJECT, 'test', 'jupyter', 'record-replies.py');
const CELL_TIMEOUT_S = 120;
const SCREENSHOTS = join(ARTIFACTS, 'jupyter-nbconvert');

interface OutputSummary { output_type: string; name: string | null; stderr: string | null; traceback: string | null; chart: boolean; bundle: boolean }
interface Reply { cell_index: number; cell_id: string; status: string; execution_count: number | null; outputs: OutputSummary[] }
interface Converted { notebook: LaneNotebook; code: number | null; stderr: string; ms: number; replies: Reply[]; html: string }

const htmlName = (path: string) => path.replace(/\.ipynb$/, '.html');
/** Error outputs and stderr that shows a failure, as text. */
const errorsIn = (replies: Reply[]) =>
  replies.flatMap((r) => r.outputs.filter((o) => o.output_type === 'error' || (o.stderr !== null && ERROR_TEXT.test(o.stderr))).map((o) => o.traceback ?? o.stderr ?? ''));

describe('Debian Jupyter: nbconvert --execute --to html with the registered tslab kernel', () => {
  const notebooks = laneNotebooks();
  const converted = new Map<string, Converted>();
  let jupyter: TempJupyter;
  let browser: Browser;
  let outDir: string;

  beforeAll(async () => {
    jupyter = await createTempJupyter('nbconvert');
    outDir = join(jupyter.root, 'html');
    rmSync(SCREENSHOTS, { recursive: true, force: true }); // no stale pictures of renamed notebooks
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (jupyter === undefined) return;
    for (const pid of processesUnder(jupyter.root)) killGroup(pid, 'SIGKILL');
    await jupyter.remove();
  });

  it("resolves the kernel 'tslab' to the temporary kernelspec, which runs the project's tslab", () => {
    const kernel = resolvedKernel(jupyter);
    expect(kernel.resourceDir).toBe(jupyter.kernelDir);
    expect(kernel.argv).toEqual([process.execPath, KERNEL_LAUNCHER, '--tslab', TSLAB_ARGV0, 'kernel', '--config-path', '{connection_file}']);
  });

  it.each(notebooks.map((n) => [n.path, n] as const))('executes %s', async (_path, notebook) => {
    const log = join(jupyter.root, `${notebook.path.replace(/\W/g, '_')}.replies.jsonl`);
    const args = [
      'nbconvert', '--config', RECORD_REPLIES, '--execute', '--to', 'html', ...OFFLINE_HTML_OPTIONS,
      `--ExecutePreprocessor.timeout=${CELL_TIMEOUT_S}`, '--ExecutePreprocessor.startup_timeout=60',
      '--output-dir', join(outDir, notebook.path.split('/')[0] ?? ''), notebook.path,
    ];
    const result = await runNbconvert(JUPYTER, args, {
      env: { ...jupyter.env, BACKPROP_TS_REPLY_LOG: log },
      cwd: jupyter.workspace,
      timeoutMs: (notebook.codeCellIds.length * CELL_TIMEOUT_S + 90) * 1000,
    }, () => rmSync(log, { force: true }));
    let replies: Reply[] = [];
    try {
      replies = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Reply);
    } catch {
      // no cell ran: the failure is in result.stderr
    }
    const html = join(outDir, htmlName(notebook.path));
    converted.set(notebook.path, { notebook, code: result.code, stderr: result.stderr, ms: result.ms, replies, html });
    console.info(`nbconvert ${notebook.path}: exit ${String(result.code)} in ${seconds(result.ms)}`);

    if (notebook.expect === 'fail') {
      // The second code cell throws: nbconvert stops there and exits non-zero, naming the error.
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('deliberate failure from the fixture');
      expect(replies.map((r) => [r.cell_id, r.status])).toEqual([[notebook.codeCellIds[0], 'ok'], [notebook.codeCellIds[1], 'error']]);
      expect(errorsIn(replies).join('\n')).toMatch(/Error: deliberate failure from the fixture\n\s+at /);
      return;
    }
    expect(result.code, `nbconvert failed:\n${result.stderr}`).toBe(0);
    // Every code cell answered ok, numbered 1, 2, 3... in order (a fresh kernel).
    expect(replies.map((r) => r.cell_id)).toEqual(notebook.codeCellIds);
    expect(replies.map((r) => r.status)).toEqual(notebook.codeCellIds.map(() => 'ok'));
    expect(replies.map((r) => r.execution_count)).toEqual(notebook.codeCellIds.map((_, i) => i + 1));
    expect(errorsIn(replies)).toEqual([]);
    const charts = replies.flatMap((r) => r.outputs).filter((o) => o.chart).length;
    const bundles = replies.flatMap((r) => r.outputs).filter((o) => o.bundle).length;
    if (notebook.charts !== undefined) expect(charts).toBe(notebook.charts);
    expect(bundles, 'plotly.js once per notebook with charts').toBe(charts > 0 ? 1 : 0);
  }, 600_000);

  it.each(notebooks.filter((n) => n.expect === 'pass').map((n) => [htmlName(n.path), n] as const))(
    '%s opens offline: nothing off file://, no console error, every chart rendered',
    async (_name, notebook) => {
      const done = converted.get(notebook.path);
      expect(done?.code, 'the notebook was exported').toBe(0);
      if (done === undefined) return;
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      try {
        const problems: string[] = [];
        await watchContext(context, (url) => url.startsWith('file://'), problems);
        const page = await context.newPage();
        await page.goto(pathToFileURL(done.html).href, { waitUntil: 'load', timeout: 60_000 });

        const expected = done.replies.flatMap((r) => r.outputs).filter((o) => o.chart).length;
        const containers = page.locator(`.${CHART_CLASS}`);
        expect(await containers.count()).toBe(expected);
        // The template inlines plotly.js once in the head and drops the kernel's bundle output.
        expect(await page.locator(`script[${BUNDLE_ATTRIBUTE}]`).count()).toBe(0);
        expect(await page.evaluate(() => typeof (window as { Plotly?: unknown }).Plotly)).toBe(expected > 0 ? 'object' : 'undefined');
        if (expected > 0) {
          await page.waitForFunction(
            (cls) => Array.from(document.querySelectorAll(`.${cls}`)).every((el) => el.querySelector('svg.main-svg') !== null),
            CHART_CLASS,
            { timeout: 30_000 },
          );
        }
        expect(await page.locator(`.${CHART_CLASS}:has(svg.main-svg)`).count()).toBe(expected);
        // MathJax 3 (inlined by the template) typesets after load; let it finish so that its requests and errors are seen too.
        await page.waitForFunction(() => (window as { MathJax?: { startup?: { promise?: unknown } } }).MathJax?.startup?.promise !== undefined, undefined, { timeout: 30_000 });
        await page.evaluate(() => (window as unknown as { MathJax: { startup: { promise: Promise<unknown> } } }).MathJax.startup.promise);
        const source = JSON.parse(readFileSync(join(jupyter.workspace, notebook.path), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
        const hasMath = source.cells.some((c) => c.cell_type === 'markdown' && [c.source].flat().join('').includes('$'));
        if (hasMath) {
          expect(await page.locator('mjx-container').count(), 'formulas typeset').toBeGreaterThan(0);
          const markdown = (await page.locator('.jp-MarkdownOutput').allInnerTexts()).join('\n');
          expect(markdown, 'no formula left as raw TeX').not.toMatch(/\$\$|\$[^$\s][^$]*\\[a-z]+[^$]*\$/);
        }
        const stderr = await page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts();
        expect(stderr.filter((text) => ERROR_TEXT.test(text))).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${notebook.path.replace(/\//g, '--').replace(/\.ipynb$/, '')}.png`), fullPage: true });
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
    90_000,
  );
});
