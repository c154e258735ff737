/**
 * JupyterLab for the Jupyter lane (test/jupyter/jupyterlab.test.ts): the virtualenv
 * that tools/jupyter/install-jupyterlab.sh makes, a JupyterLab server on 127.0.0.1
 * with a random token, and the few things the test does to the page. Everything a
 * learner does goes through the menus, the keyboard and the mouse; what the page
 * shows is read from `window.jupyterapp` (`--expose-app-in-browser`) by
 * {@link labProbe}, which never changes anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { KERNEL_INSTALL, processesUnder, type TempJupyter } from './helpers.js';
import { startJupyterServer, stopJupyterServer, type JupyterServer } from './server.js';

/** The virtualenv holding JupyterLab: `$JUPYTERLAB_VENV`, default `~/.cache/backprop-ts/jupyterlab`. */
export const JUPYTERLAB_VENV = process.env['JUPYTERLAB_VENV'] ?? join(homedir(), '.cache', 'backprop-ts', 'jupyterlab');
/** The command that makes {@link JUPYTERLAB_VENV}. */
export const JUPYTERLAB_INSTALL = 'bash tools/jupyter/install-jupyterlab.sh';

/** The virtualenv's programs. */
export interface JupyterLabVenv {
  python: string;
  jupyter: string;
  version: string;
}

/** Fails, naming the install command, when the virtualenv or its JupyterLab is missing: the lane never skips itself. */
export function requireJupyterLab(): JupyterLabVenv {
  const python = join(JUPYTERLAB_VENV, 'bin', 'python');
  const jupyter = join(JUPYTERLAB_VENV, 'bin', 'jupyter');
  const found = existsSync(python) && existsSync(jupyter) ? spawnSync(python, ['-c', 'import jupyterlab; print(jupyterlab.__version__)'], { encoding: 'utf8', timeout: 60_000 }) : undefined;
  if (found?.status !== 0) {
    throw new Error(
      `The JupyterLab test needs JupyterLab in the virtualenv ${JUPYTERLAB_VENV} (set JUPYTERLAB_VENV to use another one), ` +
        `which ${found === undefined ? 'does not exist' : `has no JupyterLab (${found.stderr.trim().split('\n').at(-1) ?? ''})`}. ` +
        `Install it with: ${JUPYTERLAB_INSTALL}`,
    );
  }
  return { python, jupyter, version: found.stdout.trim() };
}

/**
 * Registers the kernel for the virtualenv's Python in the temporary Jupyter's prefix,
 * as README tells a learner to (`kernel:install --python <venv python>`), and fails
 * if that Jupyter would not find the kernel or not read the export template's config.
 */
export function installKernelFor(jupyter: TempJupyter, venv: JupyterLabVenv): string {
  const prefix = join(jupyter.kernelDir, '..', '..', '..', '..'); // kernelDir is <prefix>/share/jupyter/kernels/tslab
  const install = spawnSync(process.execPath, [KERNEL_INSTALL, '--python', venv.python, '--prefix', prefix], { env: jupyter.env, encoding: 'utf8', timeout: 60_000 });
  if (install.status !== 0 || install.stderr.includes('warning')) {
    throw new Error(`kernel:install --python ${venv.python} failed (${String(install.status)}):\n${install.stdout}${install.stderr}`);
  }
  return install.stdout;
}

/** The JupyterLab server we started. */
export type LabServer = JupyterServer;

/**
 * Starts `jupyter lab` on 127.0.0.1, a free port and a random token, serving the
 * workspace. It fetches nothing from the internet (no news, no update check, no PyPI
 * extension manager), and exposes `window.jupyterapp` for {@link labProbe}.
 */
export const startLab = (jupyter: TempJupyter, venv: JupyterLabVenv, startMs = 90_000): Promise<LabServer> =>
  startJupyterServer(jupyter, {
    name: 'jupyter lab',
    executable: venv.jupyter,
    subcommand: ['lab'],
    tokenAndRoot: (token, workspace) => [`--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${workspace}`],
    extra: ['--expose-app-in-browser', '--LabApp.news_url=None', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate', '--LabApp.extension_manager=readonly'],
    startMs,
  });

/** Kernel processes of this Jupyter: their connection files live in its runtime folder. */
export const kernelProcesses = (jupyter: TempJupyter) => processesUnder(join(jupyter.root, 'runtime'));

/** Stops the server: its sessions and kernels through the API, then /api/shutdown, then signals if it lingers. */
export const stopLab = (server: LabServer) => stopJupyterServer(server);

// ---------------------------------------------------------------------------------
// Reading the page

/** One code cell as the notebook model and the page show it. */
export interface CodeCellState {
  id: string;
  /** Index among all cells (the `data-windowed-list-index` of its node). */
  index: number;
  count: number | null;
  running: boolean;
  /** Outputs carrying `application/vnd.plotly.v1+json`. */
  charts: number;
  /** Of those, the ones drawn: a `.js-plotly-plot` holding a `.main-svg` in the output's node. */
  drawn: number;
  /** Outputs carrying plotly.js itself (metadata "backprop-ts".role = "plotly-bundle"). */
  bundles: number;
  /** `error` outputs, as `ename: evalue`. */
  errors: string[];
  /** stderr stream texts. */
  stderr: string[];
  /** Whether JupyterLab trusts the cell (its HTML outputs may run scripts). */
  trusted: boolean;
}

/** What {@link labProbe} reports about an open notebook. */
export interface NotebookState {
  path: string;
  ready: boolean;
  dirty: boolean;
  kernel: { id: string; status: string; connection: string } | null;
  cells: CodeCellState[];
}

/** A code cell's output, without its bulky mime types: what {@link outputText} reads. */
export interface PlainOutput {
  output_type: string;
  name?: string;
  text?: string;
  ename?: string;
  evalue?: string;
  data?: { 'text/plain'?: string };
}

/** The probe's functions, at `window.__backpropLab` in every page of the context. */
export interface LabProbe {
  state(path: string): NotebookState | null;
  source(path: string, cellId: string): string | null;
  outputs(path: string, cellIds: string[]): Record<string, PlainOutput[]>;
  nodeId(path: string): string | null;
  /** Chart outputs drawn so far, and chart outputs in the model. */
  charts(path: string): { charts: number; drawn: number };
}

/**
 * Installed with `context.addInitScript(labProbe)`: read-only helpers over
 * `window.jupyterapp`, so that each wait and check is one short call. Runs in the
 * page: no imports, no closures over Node values.
 */
export function labProbe(): void {
  const PLOTLY = 'application/vnd.plotly.v1+json';
  interface OutputModel { type: string; data: Record<string, unknown>; metadata: Record<string, unknown>; toJSON(): Record<string, unknown> }
  interface CellModel {
    id: string;
    type: string;
    executionCount?: number | null;
    executionState?: string;
    trusted: boolean;
    sharedModel: { getSource(): string };
    outputs?: { length: number; get(i: number): OutputModel };
  }
  interface Panel {
    id: string;
    node: HTMLElement;
    context: { path: string; isReady: boolean; model: { dirty: boolean; cells: { length: number; get(i: number): CellModel } } };
    content: { widgets: readonly { node: HTMLElement; model: CellModel }[] };
    sessionContext: { session: { kernel: { id: string; status: string; connectionStatus: string } | null } | null };
  }
  const app = () => (window as unknown as { jupyterapp?: { shell: { widgets(area: string): Iterable<unknown> } } }).jupyterapp;
  const panel = (path: string): Panel | undefined => {
    const shell = app()?.shell;
    if (shell === undefined) return undefined;
    for (const widget of shell.widgets('main')) {
      const candidate = widget as Partial<Panel>;
      if (candidate.context?.path === path && candidate.content?.widgets !== undefined) return candidate as Panel;
    }
    return undefined;
  };
  const cellsOf = (p: Panel) => Array.from({ length: p.context.model.cells.length }, (_, i) => p.context.model.cells.get(i));
  const outputsOf = (cell: CellModel) => Array.from({ length: cell.outputs?.length ?? 0 }, (_, i) => cell.outputs!.get(i));
  const role = (output: OutputModel) => (output.metadata?.['backprop-ts'] as { role?: string } | undefined)?.role;
  const drawnIn = (node: Element) =>
    Array.from(node.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${PLOTLY}"]`)).filter(
      (el) => (el.classList.contains('js-plotly-plot') || el.querySelector('.js-plotly-plot') !== null) && el.querySelector('.main-svg') !== null,
    ).length;
  const text = (value: unknown) => (Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '');

  const probe: LabProbe = {
    state(path) {
      const p = panel(path);
      if (p === undefined) return null;
      const models = cellsOf(p);
      const ready = p.context.isReady && p.content.widgets.length === models.length;
      const kernel = p.sessionContext.session?.kernel ?? null;
      const cells: CodeCellState[] = [];
      models.forEach((cell, index) => {
        if (cell.type !== 'code') return;
        const outputs = outputsOf(cell);
        const node = p.content.widgets[index]?.node;
        cells.push({
          id: cell.id,
          index,
          count: cell.executionCount ?? null,
          running: cell.executionState === 'running',
          charts: outputs.filter((o) => PLOTLY in (o.data ?? {})).length,
          drawn: node === undefined ? 0 : drawnIn(node),
          bundles: outputs.filter((o) => role(o) === 'plotly-bundle').length,
          errors: outputs.filter((o) => o.type === 'error').map((o) => { const j = o.toJSON(); return `${text(j['ename'])}: ${text(j['evalue'])}`; }),
          stderr: outputs.filter((o) => o.type === 'stream' && o.toJSON()['name'] === 'stderr').map((o) => text(o.toJSON()['text'])),
          trusted: cell.trusted,
        });
      });
      return {
        path,
        ready,
        dirty: p.context.model.dirty,
        kernel: kernel === null ? null : { id: kernel.id, status: kernel.status, connection: kernel.connectionStatus },
        cells,
      };
    },
    source(path, cellId) {
      const p = panel(path);
      const cell = p === undefined ? undefined : cellsOf(p).find((c) => c.id === cellId);
      return cell === undefined ? null : cell.sharedModel.getSource();
    },
    outputs(path, cellIds) {
      const p = panel(path);
      const result: Record<string, PlainOutput[]> = {};
      if (p === undefined) return result;
      for (const cell of cellsOf(p)) {
        if (!cellIds.includes(cell.id)) continue;
        result[cell.id] = outputsOf(cell).map((o) => {
          const j = o.toJSON();
          const data = j['data'] as Record<string, unknown> | undefined;
          return {
            output_type: String(j['output_type']),
            ...(j['name'] === undefined ? {} : { name: String(j['name']) }),
            ...(j['text'] === undefined ? {} : { text: text(j['text']) }),
            ...(j['ename'] === undefined ? {} : { ename: String(j['ename']), evalue: String(j['evalue']) }),
            ...(data === undefined ? {} : { data: data['text/plain'] === undefined ? {} : { 'text/plain': text(data['text/plain']) } }),
          };
        });
      }
      return result;
    },
    nodeId(path) {
      return panel(path)?.id ?? null;
    },
    charts(path) {
      const p = panel(path);
      if (p === undefined) return { charts: 0, drawn: 0 };
      const charts = cellsOf(p).filter((c) => c.type === 'code').reduce((n, c) => n + outputsOf(c).filter((o) => PLOTLY in (o.data ?? {})).length, 0);
      return { charts, drawn: drawnIn(p.node) };
    },
  };
  window.__backpropLab = probe;
}

declare global {
  interface Window {
    /** Installed by {@link labProbe}. */
    __backpropLab?: LabProbe;
  }
}

/** The state of the notebook at `path`, or null when it is not open. */
export const notebookState = (page: Page, path: string) => page.evaluate((p) => window.__backpropLab!.state(p), path);

/** The source of a cell. */
export const cellSource = (page: Page, path: string, cellId: string) => page.evaluate(([p, id]) => window.__backpropLab!.source(p, id), [path, cellId] as const);

// ---------------------------------------------------------------------------------
// Doing what a learner does

/** Opens a top-level menu (File, Run, Kernel…) and clicks an item, by its command id or its label. */
export async function clickMenu(page: Page, menu: string, item: { command?: string; label?: RegExp }, submenuItem?: RegExp): Promise<void> {
  await page.locator('#jp-MainMenu .lm-MenuBar-item', { hasText: new RegExp(`^${menu}$`) }).click();
  const open = page.locator('.lm-Menu:visible').last();
  const entry = item.command !== undefined ? open.locator(`.lm-Menu-item[data-command="${item.command}"]`) : open.locator('.lm-Menu-item', { hasText: item.label! });
  if (submenuItem === undefined) {
    await entry.first().click();
    return;
  }
  await entry.first().hover();
  const submenu = page.locator('.lm-Menu:visible').last().locator('.lm-Menu-item', { hasText: submenuItem });
  await submenu.first().click();
}

/** The accept button (Restart, Ok, Shut Down All…) of the dialog that is open, after checking its title. */
export async function acceptDialog(page: Page, title: RegExp): Promise<Locator> {
  const dialog = page.locator('.jp-Dialog');
  await dialog.waitFor({ timeout: 30_000 });
  const header = await dialog.locator('.jp-Dialog-header').innerText();
  if (!title.test(header)) throw new Error(`expected a dialog titled ${String(title)} but found "${header}"`);
  return dialog.locator('.jp-Dialog-button.jp-mod-accept');
}

/** The node of the cell at `index` in the notebook at `path`. */
export async function cellNode(page: Page, path: string, index: number): Promise<Locator> {
  const id = await page.evaluate((p) => window.__backpropLab!.nodeId(p), path);
  if (id === null) throw new Error(`${path} is not open`);
  return page.locator(`[id="${id}"] .jp-Notebook .jp-Cell[data-windowed-list-index="${index}"]`);
}

/**
 * Replaces the one occurrence of `find` in a code cell by `replace`, by keyboard: a
 * click on the cell's prompt selects it, Enter enters edit mode, Ctrl+Home goes to
 * the start of the cell, the arrow keys walk to `find`, Shift+arrows select it, and
 * the replacement is typed. Returns the cell's source afterwards.
 */
export async function typeEdit(page: Page, path: string, cell: CodeCellState, find: string, replace: string): Promise<string> {
  const source = await cellSource(page, path, cell.id);
  if (source === null) throw new Error(`no cell ${cell.id} in ${path}`);
  const at = source.indexOf(find);
  if (at < 0 || source.indexOf(find, at + 1) >= 0) throw new Error(`expected ${JSON.stringify(find)} once in cell ${cell.id} but found ${JSON.stringify(source)}`);
  const before = source.slice(0, at);
  const line = before.split('\n').length - 1;
  const column = before.length - (before.lastIndexOf('\n') + 1);
  const node = await cellNode(page, path, cell.index);
  await node.locator('.jp-InputPrompt').click();
  await page.keyboard.press('Enter');
  await node.locator('.cm-editor.cm-focused').waitFor({ timeout: 10_000 });
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < line; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < find.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type(replace);
  return (await cellSource(page, path, cell.id)) ?? '';
}

/**
 * Does `action` (a menu click) and waits until the runs it starts are over: first
 * until a code cell at or after `from` is running or has a new count, then until no
 * code cell is running and the kernel is idle.
 */
export async function runAndWait(page: Page, path: string, action: () => Promise<void>, options: { from?: number; timeoutMs: number }): Promise<void> {
  const before = await notebookState(page, path);
  if (before === null) throw new Error(`${path} is not open`);
  const from = options.from ?? 0;
  const counts = before.cells.filter((c) => c.index >= from).map((c) => c.count);
  await action();
  await page.waitForFunction(
    ([p, f, old]) => {
      const state = window.__backpropLab!.state(p);
      const cells = state?.cells.filter((c) => c.index >= f) ?? [];
      return cells.some((c, i) => c.running || c.count !== old[i]);
    },
    [path, from, counts] as const,
    { timeout: 60_000, polling: 100 },
  );
  await page.waitForFunction(
    (p) => {
      const state = window.__backpropLab!.state(p);
      return state !== null && state.kernel?.status === 'idle' && state.cells.every((c) => !c.running);
    },
    path,
    { timeout: options.timeoutMs, polling: 500 },
  );
}

/** Waits until every chart output of the notebook is drawn, or `timeoutMs` passed (the caller's counts then show which is missing). */
export async function waitForCharts(page: Page, path: string, timeoutMs = 60_000): Promise<void> {
  await page
    .waitForFunction(
      (p) => {
        const seen = window.__backpropLab!.charts(p);
        return seen.drawn === seen.charts;
      },
      path,
      { timeout: timeoutMs, polling: 250 },
    )
    .catch(() => undefined);
}

/** Waits until the notebook is open and rendered, and, with `kernel`, its kernel connected and idle. */
export async function waitForNotebook(page: Page, path: string, options: { kernel: boolean; timeoutMs?: number }): Promise<NotebookState> {
  await page.waitForFunction(
    ([p, kernel]) => {
      const state = window.__backpropLab?.state(p);
      if (state === null || state === undefined || !state.ready) return false;
      return !kernel || (state.kernel?.status === 'idle' && state.kernel.connection === 'connected');
    },
    [path, options.kernel] as const,
    { timeout: options.timeoutMs ?? 90_000, polling: 250 },
  );
  return (await notebookState(page, path))!;
}
