// Every notebook through a learner's everyday loop in real JupyterLab (4.6, from the
// virtualenv that tools/jupyter/install-jupyterlab.sh makes), in headless Chromium,
// done the way a person does it: menus, the keyboard in the cell editor, a reload of
// the tab, the export dialog. For each notebook in notebooks/ (new ones included):
//   1. open it, Run → Run All Cells: every code cell numbered, no output an error, every chart drawn;
//   2. reload the tab (the kernel lives on), Run All again: every chart drawn again;
//   3. each "Try it" exercise: the edit typed into the cell, Run → Run Selected Cell and
//      All Below, each expectation checked against the named cell's output, the edit undone;
//   4. Kernel → Restart Kernel and Run All Cells…: every chart drawn;
//   5. File → Save Notebook, File → Close Tab, the kernel shut down from the Running panel
//      (no kernel process left), the notebook reopened: every saved chart drawn, trusted,
//      and in a copy JupyterLab never trusted; the saved file, without plotly.js, under
//      1 MB. (Opening a notebook starts a fresh kernel, as JupyterLab always does; it runs
//      nothing, the counts stay the saved ones, so the charts come from the file alone.)
//   6. File → Save and Export Notebook As → HTML with the dialog's defaults, and README's
//      `jupyter nbconvert --to html --execute`: each page opened offline (every request
//      off file:// aborted), every chart drawn, the math typeset, no console error;
//   7. the tab closed and its kernels shut down from the Running panel: no kernel process left.
// JupyterLab's own page must ask nothing off 127.0.0.1 and log no error. Screenshots
// go to artifacts/jupyterlab/, the time of every step to artifacts/jupyterlab/timings.json.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputText, readExercises, type Exercise } from '../../tools/exercises/exercises.js';
import { readNotebook, type Notebook } from '../../tools/notebook-runner/index.js';
import {
  ARTIFACTS, ERROR_TEXT, PROJECT, createTempJupyter, killGroup, launchChromium, processesUnder, run, runNbconvert, seconds, watchContext, type TempJupyter,
} from './helpers.js';
import {
  acceptDialog, cellSource, clickMenu, installKernelFor, kernelProcesses, labProbe, notebookState, requireJupyterLab, runAndWait, startLab, stopLab, typeEdit,
  waitForCharts, waitForNotebook, type JupyterLabVenv, type LabServer, type NotebookState,
} from './jupyterlab.js';

const SCREENSHOTS = join(ARTIFACTS, 'jupyterlab');
/** Longest Run All of one notebook (chapter 9 times every backend). */
const RUN_MS = 900_000;
const STEP_MS = 120_000;
const PLOTLY = 'application/vnd.plotly.v1+json';
const MB = 1_000_000;

/**
 * JupyterLab 4.6's debugger listens to every execution, also of kernels that cannot
 * debug, and then throws this (an unhandled rejection of its `displayModules`, in
 * jlab_core) after each cell a kernel without a debugger runs, tslab as any other.
 * Nothing of ours is involved, so exactly this page error is let through.
 */
const isJupyterLabDebuggerNoise = (problem: string) => problem === 'page error: No active debugger session';
/**
 * JupyterLab calls its server's REST API all the time (it saves the workspace a moment
 * after the layout changes, polls kernelspecs, sessions and the user): reloading or
 * closing the tab, which the loop does, cuts the calls still in flight, and Chromium
 * reports them as aborted. They are the page's own, to its own origin; a call the
 * server answers with an error is not aborted and still counts.
 */
const isRestCallCutByNavigation = (problem: string) => /^request failed: http:\/\/127\.0\.0\.1:\d+\/(lab\/)?api\/\S+ \(net::ERR_ABORTED\)$/.test(problem);
/** A download ends its request as "aborted" in Chromium's eyes: the export's own request is no problem. */
const isExportDownload = (problem: string) => /^request failed: \S+\/nbconvert\/html\/\S+[?&]download=true\S* \(net::ERR_ABORTED\)$/.test(problem);

interface LabNotebook {
  /** Path in the workspace, `notebooks/<name>`. */
  path: string;
  name: string;
  slug: string;
  codeCells: number;
  exercises: Exercise[];
  /** Math spans in the markdown outside code: `$$…$$` and `$…$`. */
  math: number;
}

/** How many formulas the markdown holds: `$$…$$` and `$…$` outside code. */
function mathSpans(markdown: string): number {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
  const display = prose.match(/\$\$[\s\S]+?\$\$/g)?.length ?? 0;
  const inline = prose.replace(/\$\$[\s\S]+?\$\$/g, '').match(/\$[^$\n]+\$/g)?.length ?? 0;
  return display + inline;
}

/** Every notebook in notebooks/, new ones included. */
async function labNotebooks(): Promise<LabNotebook[]> {
  const names = readdirSync(join(PROJECT, 'notebooks')).filter((name) => name.endsWith('.ipynb')).sort();
  return Promise.all(
    names.map(async (name) => {
      const notebook = await readNotebook(join(PROJECT, 'notebooks', name));
      return {
        path: `notebooks/${name}`,
        name,
        slug: name.replace(/\.ipynb$/, ''),
        codeCells: notebook.cells.filter((c) => c.cell_type === 'code').length,
        exercises: readExercises(notebook),
        math: mathSpans(notebook.cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source).join('\n\n')),
      };
    }),
  );
}

/** A notebook file as JSON. */
interface NotebookFile {
  metadata: Record<string, unknown>;
  cells: { cell_type: string; id: string; execution_count?: number | null; outputs?: { output_type: string; data?: Record<string, unknown>; metadata?: Record<string, { role?: string }> }[] }[];
}

const chartOutputsIn = (file: NotebookFile) => file.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data !== undefined && PLOTLY in o.data).length;
const isBundle = (output: NonNullable<NotebookFile['cells'][number]['outputs']>[number]) => output.metadata?.['backprop-ts']?.role === 'plotly-bundle';

/** The text of every output that is an error: `error` outputs and stderr showing a failure. */
const failuresIn = (state: NotebookState) =>
  state.cells.flatMap((c) => [...c.errors, ...c.stderr.filter((text) => ERROR_TEXT.test(text))].map((text) => `${c.id}: ${text}`));

/** Cells whose chart outputs are not all drawn, for messages: `id drawn/charts`. */
const undrawn = (state: NotebookState) => state.cells.filter((c) => c.drawn !== c.charts).map((c) => `${c.id} ${c.drawn}/${c.charts}`);

const notebooks = await labNotebooks();

/** Per notebook: milliseconds per step, and the saved notebook's size. */
const timings: Record<string, { ms: Record<string, number>; savedBytes?: number; savedBytesWithoutPlotly?: number }> = {};

describe('JupyterLab: a learner\'s loop over every notebook, in headless Chromium', () => {
  let venv: JupyterLabVenv;
  let jupyter: TempJupyter;
  let server: LabServer | undefined;
  let browser: Browser;
  const killLeftovers = () => {
    if (server !== undefined) killGroup(server.process.pid, 'SIGKILL');
    if (jupyter !== undefined) for (const pid of processesUnder(jupyter.root)) killGroup(pid, 'SIGKILL');
  };

  beforeAll(async () => {
    venv = requireJupyterLab(); // fails, naming the install command, when the virtualenv is missing
    process.once('exit', killLeftovers); // even if the worker dies before afterAll
    rmSync(SCREENSHOTS, { recursive: true, force: true }); // no stale pictures of renamed notebooks
    mkdirSync(SCREENSHOTS, { recursive: true });
    jupyter = await createTempJupyter('jupyterlab');
    installKernelFor(jupyter, venv);
    [server, browser] = await Promise.all([startLab(jupyter, venv), launchChromium()]);
    console.info(`JupyterLab ${venv.version} at ${server.base}, workspace ${jupyter.workspace}`);
  }, 240_000);

  afterAll(async () => {
    writeFileSync(join(SCREENSHOTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    for (const [name, { ms }] of Object.entries(timings)) {
      const total = Object.values(ms).reduce((a, b) => a + b, 0);
      if (total > 0) console.info(`JupyterLab ${name}: ${seconds(total)} (${Object.entries(ms).map(([step, t]) => `${step} ${seconds(t)}`).join(', ')})`);
    }
    await browser?.close();
    if (server !== undefined) await stopLab(server);
    killLeftovers();
    process.off('exit', killLeftovers);
    await jupyter?.remove();
  }, 120_000);

  it('the virtualenv\'s JupyterLab sees the registered kernel and the chart renderer', async () => {
    const kernels = await run(venv.jupyter, ['kernelspec', 'list', '--json'], { env: jupyter.env, cwd: jupyter.workspace, timeoutMs: 60_000 });
    const specs = (JSON.parse(kernels.stdout) as { kernelspecs: Record<string, { resource_dir: string }> }).kernelspecs;
    expect(specs['tslab']?.resource_dir).toBe(jupyter.kernelDir);
    const extensions = await run(venv.jupyter, ['labextension', 'list'], { env: jupyter.env, cwd: jupyter.workspace, timeoutMs: 60_000 });
    expect(`${extensions.stdout}${extensions.stderr}`).toMatch(/backprop-ts-plotly-renderer v\S+ \S*enabled\S* \S*OK/);
    expect(venv.version).toMatch(/^4\.6\./);
  }, 120_000);

  describe.each(notebooks.map((n) => [n.name, n] as const))('%s', (_name, notebook) => {
    let context: BrowserContext;
    let page: Page;
    const problems: string[] = [];
    const report: (typeof timings)[string] = (timings[notebook.name] = { ms: {} });
    const times = report.ms;
    /**
     * Opens `path` in a JupyterLab workspace of its own (`label`): a reload restores
     * that workspace's tabs, and a new one starts with no tab of an earlier step.
     */
    const openUrl = (path: string, label: string) => server!.url(`lab/workspaces/lane-${notebook.slug}-${label}/tree/${path}`);
    /** A screenshot of the page, the first chart scrolled into view. */
    const shot = async (step: string) => {
      await page.locator(`.jp-NotebookPanel:visible .jp-OutputArea-output[data-mime-type="${PLOTLY}"]`).first().scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
      await page.screenshot({ path: join(SCREENSHOTS, `${notebook.slug}--${step}.png`) }).catch(() => undefined);
    };
    const timed = async <T>(step: string, body: () => Promise<T>): Promise<T> => {
      const started = Date.now();
      try {
        return await body();
      } finally {
        times[step] = Date.now() - started;
      }
    };

    /** Waits for the charts, then reads the state: every chart output drawn, no output an error. */
    async function checkedState(step: string): Promise<NotebookState> {
      await waitForCharts(page, notebook.path);
      const state = (await notebookState(page, notebook.path))!;
      await shot(step);
      expect(failuresIn(state), 'no output is an error').toEqual([]);
      expect(undrawn(state), 'cells whose charts are not all drawn (id drawn/charts)').toEqual([]);
      return state;
    }

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
      await context.addInitScript(labProbe);
      await watchContext(context, (url) => url.startsWith(`${server!.base}/`) || /^(data|blob):/.test(url), problems);
      page = await context.newPage();
      // A reload with unsaved changes asks "Leave site?": a learner says yes.
      page.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()));
    });

    afterAll(async () => {
      await context?.close();
      // Nothing of this notebook may outlive it, whatever failed: kernels through the API.
      const kernels = (await (await server!.api('GET', '/api/kernels')).json()) as { id: string }[];
      for (const kernel of kernels) await server!.api('DELETE', `/api/kernels/${kernel.id}`);
    }, 60_000);

    it('1. open, Run → Run All Cells: every cell numbered, no error output, every chart drawn', async () => {
      const state = await timed('run all', async () => {
        await page.goto(openUrl(notebook.path, 'loop'), { waitUntil: 'load', timeout: 60_000 });
        await waitForNotebook(page, notebook.path, { kernel: true });
        await runAndWait(page, notebook.path, () => clickMenu(page, 'Run', { command: 'runmenu:run-all' }), { timeoutMs: RUN_MS });
        return checkedState('1-run-all');
      });
      expect(state.cells.map((c) => c.count), 'a fresh kernel numbers the cells 1, 2, 3…').toEqual(state.cells.map((_, i) => i + 1));
      const charts = state.cells.reduce((n, c) => n + c.charts, 0);
      expect(state.cells.reduce((n, c) => n + c.bundles, 0), 'plotly.js once per kernel session with charts').toBe(charts > 0 ? 1 : 0);
      console.info(`JupyterLab ${notebook.name}: Run All in ${seconds(times['run all']!)}, ${charts} charts drawn`);
    }, RUN_MS + STEP_MS);

    it('2. reload the tab (the kernel lives on), Run All again: every chart drawn again', async () => {
      const before = (await notebookState(page, notebook.path))?.kernel?.id;
      const state = await timed('reload, run all', async () => {
        await page.reload({ waitUntil: 'load', timeout: 60_000 });
        const reloaded = await waitForNotebook(page, notebook.path, { kernel: true });
        expect(reloaded.kernel?.id, 'the reloaded tab reconnects to the same kernel').toBe(before);
        // Whatever the reloaded notebook shows (JupyterLab may have autosaved outputs) is drawn too.
        await waitForCharts(page, notebook.path);
        expect(undrawn((await notebookState(page, notebook.path))!), 'charts shown right after the reload').toEqual([]);
        await runAndWait(page, notebook.path, () => clickMenu(page, 'Run', { command: 'runmenu:run-all' }), { timeoutMs: RUN_MS });
        return checkedState('2-reload-run-all');
      });
      const counts = state.cells.map((c) => c.count);
      expect(counts.every((c, i) => typeof c === 'number' && c === counts[0]! + i), `every cell numbered again, in order: ${counts.join(' ')}`).toBe(true);
      expect(counts[0], 'the same kernel counts on').toBeGreaterThan(notebook.codeCells);
    }, RUN_MS + STEP_MS);

    const exercises = notebook.exercises.map((exercise, i) => [`${i + 1}: ${exercise.find} → ${exercise.replace}`, exercise] as const);
    if (exercises.length > 0) {
      it.each(exercises)('3. Try it %s: typed in, Run Selected Cell and All Below, output as promised, then undone and rerun', async (label, exercise) => {
        const number = label.split(':')[0]!;
        await timed(`try ${number}`, async () => {
          const cell = (await notebookState(page, notebook.path))!.cells.find((c) => c.id === exercise.cell);
          if (cell === undefined) throw new Error(`no code cell ${exercise.cell} in ${notebook.path}`);
          const original = (await cellSource(page, notebook.path, exercise.cell))!;
          let typed = false;
          try {
            const edited = await typeEdit(page, notebook.path, cell, exercise.find, exercise.replace);
            typed = true;
            expect(edited, 'the cell holds the typed edit').toBe(original.replace(exercise.find, exercise.replace));
            await runAndWait(page, notebook.path, () => clickMenu(page, 'Run', { command: 'notebook:run-all-below' }), { from: cell.index, timeoutMs: RUN_MS });
            await waitForCharts(page, notebook.path);
            await shot(`3-try-${number}`);
            const state = (await notebookState(page, notebook.path))!;
            const ids = [...new Set(exercise.expect.map((e) => e.cell))];
            const outputs = await page.evaluate(([p, wanted]) => window.__backpropLab!.outputs(p, wanted), [notebook.path, ids] as const);
            const asNotebook = { cells: ids.map((id) => ({ id, cell_type: 'code', outputs: outputs[id] ?? [] })) } as unknown as Notebook;
            // Soft: every expectation is reported, and the edit is undone below whatever failed.
            for (const expectation of exercise.expect) {
              expect.soft(outputText(asNotebook, expectation.cell), `output of ${expectation.cell}`).toMatch(new RegExp(expectation.output));
              if (expectation.error !== undefined) {
                // tslab shows a thrown error as stderr (`DivergenceError: …` and its stack), other kernels as an error output.
                const shown = state.cells.find((c) => c.id === expectation.cell);
                const failure = [...(shown?.errors ?? []), ...(shown?.stderr ?? [])].join('\n');
                expect.soft(failure, `${expectation.cell} fails with ${expectation.error}`).toMatch(new RegExp(`(^|\\s)${expectation.error}: `));
              }
            }
            if (exercise.expect.every((e) => e.error === undefined)) expect.soft(failuresIn(state), 'no output is an error').toEqual([]);
            expect.soft(undrawn(state), 'charts after the exercise').toEqual([]);
          } finally {
            // Undone the same way, and rerun from there, so that the next step starts from the notebook as shipped.
            if (typed) {
              const now = (await notebookState(page, notebook.path))!.cells.find((c) => c.id === exercise.cell)!;
              const restored = await typeEdit(page, notebook.path, now, exercise.replace, exercise.find);
              expect(restored, 'the cell is back as shipped').toBe(original);
              await runAndWait(page, notebook.path, () => clickMenu(page, 'Run', { command: 'notebook:run-all-below' }), { from: now.index, timeoutMs: RUN_MS });
            }
          }
          const after = await checkedState(`3-try-${number}-undone`);
          expect(after.cells.filter((c) => c.index >= cell.index).every((c) => typeof c.count === 'number'), 'every cell below ran again').toBe(true);
        });
      }, 2 * RUN_MS + STEP_MS);
    }

    it('4. Kernel → Restart Kernel and Run All Cells…: every chart drawn', async () => {
      const state = await timed('restart, run all', async () => {
        await runAndWait(
          page,
          notebook.path,
          async () => {
            await clickMenu(page, 'Kernel', { command: 'runmenu:restart-and-run-all' });
            await (await acceptDialog(page, /^Restart Kernel\?$/)).click();
          },
          { timeoutMs: RUN_MS },
        );
        return checkedState('4-restart-run-all');
      });
      expect(state.cells.map((c) => c.count), 'the restarted kernel numbers the cells 1, 2, 3…').toEqual(state.cells.map((_, i) => i + 1));
      const charts = state.cells.reduce((n, c) => n + c.charts, 0);
      expect(state.cells.reduce((n, c) => n + c.bundles, 0), 'plotly.js once per kernel session with charts').toBe(charts > 0 ? 1 : 0);
    }, RUN_MS + STEP_MS);

    it('5. save, close the tab, shut the kernel down, reopen: every saved chart drawn, trusted or not; under 1 MB without plotly.js', async () => {
      const file = join(jupyter.workspace, notebook.path);
      const copyPath = `notebooks/untrusted-copy-of-${notebook.name}`;
      await timed('save, close, reopen', async () => {
        const savedBefore = statSync(file).mtimeMs;
        await clickMenu(page, 'File', { command: 'docmanager:save' });
        await page.waitForFunction((p) => window.__backpropLab!.state(p)?.dirty === false, notebook.path, { timeout: 60_000 });
        expect(statSync(file).mtimeMs, 'File → Save Notebook wrote the file').toBeGreaterThan(savedBefore);
        await clickMenu(page, 'File', { command: 'application:close' });
        await page.waitForFunction((p) => window.__backpropLab!.state(p) === null, notebook.path, { timeout: 30_000 });
        await shutDownAllKernels(page);
        await expect.poll(() => kernelProcesses(jupyter), { timeout: 30_000, message: 'no kernel process once shut down' }).toEqual([]);
      });

      // The saved notebook, as JupyterLab wrote it.
      const saved = JSON.parse(readFileSync(file, 'utf8')) as NotebookFile;
      const charts = chartOutputsIn(saved);
      const withoutBundle = { ...saved, cells: saved.cells.map((c) => (c.outputs === undefined ? c : { ...c, outputs: c.outputs.filter((o) => !isBundle(o)) })) };
      const bytes = Buffer.byteLength(`${JSON.stringify(withoutBundle, null, 1)}\n`);
      report.savedBytes = statSync(file).size;
      report.savedBytesWithoutPlotly = bytes;
      console.info(`JupyterLab ${notebook.name}: saved ${(statSync(file).size / MB).toFixed(2)} MB, ${(bytes / MB).toFixed(3)} MB without the plotly.js output, ${charts} charts`);
      expect(bytes, 'the saved notebook without plotly.js').toBeLessThan(MB);
      expect(saved.cells.flatMap((c) => c.outputs ?? []).filter(isBundle).length).toBe(charts > 0 ? 1 : 0);

      // A copy JupyterLab never saw (trust is by content: one more metadata entry is enough).
      writeFileSync(join(jupyter.workspace, copyPath), `${JSON.stringify({ ...saved, metadata: { ...saved.metadata, 'backprop-ts-lane': 'a copy JupyterLab never trusted' } }, null, 1)}\n`);

      await timed('reopen untrusted copy', async () => {
        await page.goto(openUrl(copyPath, 'copy'), { waitUntil: 'load', timeout: 60_000 });
        const opened = await waitForNotebook(page, copyPath, { kernel: false });
        await waitForCharts(page, copyPath);
        const state = (await notebookState(page, copyPath))!;
        await shot('5-reopen-untrusted-copy');
        expect(opened.cells.filter((c) => c.charts > 0 || c.bundles > 0).every((c) => !c.trusted), 'JupyterLab does not trust the copy').toBe(true);
        expect(state.cells.reduce((n, c) => n + c.charts, 0)).toBe(charts);
        expect(undrawn(state), 'charts of the untrusted copy').toEqual([]);
        await clickMenu(page, 'File', { command: 'application:close' });
        await page.waitForFunction((p) => window.__backpropLab!.state(p) === null, copyPath, { timeout: 30_000 });
      });

      await timed('reopen saved', async () => {
        await page.goto(openUrl(notebook.path, 'reopen'), { waitUntil: 'load', timeout: 60_000 });
        await waitForNotebook(page, notebook.path, { kernel: false });
        await waitForCharts(page, notebook.path);
        const state = (await notebookState(page, notebook.path))!;
        await shot('5-reopen-saved');
        console.info(`JupyterLab ${notebook.name}: the reopened saved notebook is ${state.cells.every((c) => c.trusted) ? '' : 'not '}trusted`);
        expect(state.cells.reduce((n, c) => n + c.charts, 0)).toBe(charts);
        expect(undrawn(state), 'charts of the reopened notebook').toEqual([]);
        const savedCounts = saved.cells.filter((c) => c.cell_type === 'code').map((c) => c.execution_count ?? null);
        expect(state.cells.map((c) => c.count), 'nothing ran: the counts are the saved ones').toEqual(savedCounts);
      });
    }, 4 * STEP_MS);

    it('6. exported from the menu (dialog defaults) and with nbconvert --execute: offline, every chart drawn, math typeset', async () => {
      const saved = JSON.parse(readFileSync(join(jupyter.workspace, notebook.path), 'utf8')) as NotebookFile;
      const charts = chartOutputsIn(saved);
      const menuHtml = join(jupyter.root, 'exports-menu', notebook.name.replace(/\.ipynb$/, '.html'));
      await timed('export from the menu', async () => {
        await waitForNotebook(page, notebook.path, { kernel: false });
        await clickMenu(page, 'File', { label: /^Save and Export Notebook As/ }, /^HTML/);
        const ok = await acceptDialog(page, /^Export as HTML$/);
        expect(await page.locator('.jp-Dialog input[type="checkbox"]').isChecked(), '"Sanitize HTML output" is checked by default').toBe(true);
        const download = page.waitForEvent('download', { timeout: 120_000 });
        await ok.click();
        await (await download).saveAs(menuHtml);
      });
      const nbconvertHtml = join(jupyter.workspace, 'exports', notebook.name.replace(/\.ipynb$/, '.html'));
      await timed('nbconvert --execute', async () => {
        // README's command, with the virtualenv's jupyter.
        const result = await runNbconvert(venv.jupyter, ['nbconvert', '--to', 'html', '--execute', '--output-dir', 'exports', notebook.path], {
          env: jupyter.env, cwd: jupyter.workspace, timeoutMs: RUN_MS,
        });
        expect(result.code, `nbconvert failed:\n${result.stderr}`).toBe(0);
      });
      for (const [label, html] of [['menu', menuHtml], ['nbconvert', nbconvertHtml]] as const) {
        await timed(`open ${label} export`, () => checkExport(label, html, charts));
      }
    }, RUN_MS + 4 * STEP_MS);

    it('7. the tab closed, its kernels shut down from the Running panel: no kernel process left', async () => {
      await timed('close, shut down', async () => {
        await clickMenu(page, 'File', { command: 'application:close' });
        await page.waitForFunction((p) => window.__backpropLab!.state(p) === null, notebook.path, { timeout: 30_000 });
        await shutDownAllKernels(page);
      });
      await expect.poll(() => kernelProcesses(jupyter), { timeout: 30_000, message: 'no kernel process left' }).toEqual([]);
      expect((await (await server!.api('GET', '/api/kernels')).json()) as unknown[]).toEqual([]);
    }, STEP_MS);

    it('JupyterLab\'s page asked nothing off 127.0.0.1 and logged no error', () => {
      expect(problems.filter((p) => !isJupyterLabDebuggerNoise(p) && !isExportDownload(p) && !isRestCallCutByNavigation(p))).toEqual([]);
    });

    /** The Running panel (left side bar) → Kernels → Shut Down All, confirmed; the panel closed again. */
    async function shutDownAllKernels(on: Page): Promise<void> {
      const tab = on.locator('.jp-SideBar li[data-id="jp-running-sessions"]');
      await tab.click();
      const shutdownAll = on.locator('#jp-running-sessions h3[aria-label="Kernels Section"] .jp-RunningSessions-shutdownAll');
      await shutdownAll.waitFor({ timeout: 30_000 });
      if ((await shutdownAll.getAttribute('class'))?.includes('jp-mod-disabled') !== true) {
        await shutdownAll.click();
        await (await acceptDialog(on, /^Shut Down All/)).click();
        await on.locator('.jp-Dialog').waitFor({ state: 'detached', timeout: 30_000 });
      }
      await expect.poll(async () => ((await (await server!.api('GET', '/api/kernels')).json()) as unknown[]).length, { timeout: 60_000 }).toBe(0);
      await tab.click();
    }

    /** Opens an exported page with every request off file:// aborted, and checks charts, math and the console. */
    async function checkExport(label: string, html: string, charts: number): Promise<void> {
      const offline = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      try {
        const seen: string[] = [];
        await watchContext(offline, (url) => url.startsWith('file://'), seen);
        const view = await offline.newPage();
        await view.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 60_000 });
        if (charts > 0) {
          await view
            .waitForFunction((n) => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n, charts, { timeout: 60_000 })
            .catch(() => undefined);
        }
        // MathJax 3 typesets after load; its startup promise settles when the first pass is done.
        await view.waitForFunction(() => (window as { MathJax?: { startup?: { promise?: Promise<unknown> } } }).MathJax?.startup?.promise !== undefined, undefined, { timeout: 30_000 }).catch(() => undefined);
        await view.evaluate(() => (window as { MathJax?: { startup?: { promise?: Promise<unknown> } } }).MathJax?.startup?.promise);
        const page = await view.evaluate((plotly) => {
          const containers = Array.from(document.querySelectorAll('.backprop-ts-chart'));
          const markdown = Array.from(document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .jp-RenderedHTMLCommon')).map((el) => {
            const copy = el.cloneNode(true) as HTMLElement;
            copy.querySelectorAll('code, pre, mjx-container, script').forEach((n) => n.remove());
            return copy.textContent ?? '';
          });
          return {
            chartOutputs: document.querySelectorAll(`[data-mime-type="${plotly}"]`).length,
            containers: containers.length,
            drawn: containers.filter((el) => el.classList.contains('js-plotly-plot') && el.querySelector('.main-svg') !== null).length,
            notDrawn: containers.filter((el) => el.querySelector('.main-svg') === null).map((el) => (el.textContent ?? '').slice(0, 200)),
            math: document.querySelectorAll('mjx-container').length,
            rawMath: markdown.flatMap((text) => text.match(/\$\$[\s\S]*?\$\$|\$[^$\n]+\$/g) ?? []),
            stderr: Array.from(document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')).map((el) => (el as HTMLElement).innerText),
          };
        }, PLOTLY);
        await view.screenshot({ path: join(SCREENSHOTS, `${notebook.slug}--6-export-${label}.png`), fullPage: true });
        console.info(`JupyterLab ${notebook.name}: ${label} export, ${page.drawn}/${charts} charts drawn, ${page.math} formulas typeset (${notebook.math} in the markdown)`);
        expect(page.stderr.filter((text) => ERROR_TEXT.test(text)), `${label} export: no output is an error`).toEqual([]);
        expect(page.containers, `${label} export: chart outputs`).toBe(charts);
        expect(page.notDrawn, `${label} export: charts not drawn`).toEqual([]);
        expect(page.drawn, `${label} export: charts drawn`).toBe(charts);
        if (notebook.math > 0) expect(page.math, `${label} export: typeset formulas`).toBeGreaterThan(0);
        expect(page.rawMath, `${label} export: math left as TeX`).toEqual([]);
        expect(seen, `${label} export: requests off file:// and console errors`).toEqual([]);
      } finally {
        await offline.close();
      }
    }
  });

  it('at the end, no kernel process is left running', async () => {
    expect(kernelProcesses(jupyter)).toEqual([]);
    await stopLab(server!);
    expect(processesUnder(jupyter.root), 'nothing of the server is left').toEqual([]);
  }, 60_000);
});
