/**
 * Shared by the Jupyter lane (`npm run test:jupyter`): a throwaway Jupyter whose
 * kernels, data, config and runtime folders live in a temporary folder (the user's
 * own kernels are never read or touched), a workspace holding copies of the
 * notebooks beside links to the project's `dist/` and `node_modules/`, headless
 * Chromium, and the rules for "this output is an error" and "this chart rendered".
 * The lane installs nothing: Debian's Jupyter must be there (see `.ci/run`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { signalGroup } from '../../tools/vscode/code-server.js';

/** The project folder. */
export const PROJECT = resolve(import.meta.dirname, '../..');
/** Debian's Jupyter (package jupyter-core), or `$JUPYTER`. */
export const JUPYTER = process.env['JUPYTER'] ?? '/usr/bin/jupyter';
/** The Python that Debian's Jupyter runs on; not the `python3` on PATH, which may be another one. */
export const JUPYTER_PYTHON = process.env['JUPYTER_PYTHON'] ?? '/usr/bin/python3';
/** Build artefacts of the lane (screenshots); gitignored. */
export const ARTIFACTS = join(PROJECT, 'artifacts');
/** The tslab launcher the kernelspec must run: the project's own, by absolute path. */
export const TSLAB_ARGV0 = join(PROJECT, 'node_modules', '.bin', 'tslab');
/** The kernel-install command as `npm run kernel:install` runs it (the lane builds first). */
export const KERNEL_INSTALL = join(PROJECT, 'dist-tools', 'jupyter', 'kernel-install.js');
/** The class of every chart container, and the attribute of the plotly.js bundle's script (src/charts/chart-html.ts). */
export const CHART_CLASS = 'backprop-ts-chart';
export const BUNDLE_ATTRIBUTE = 'data-backprop-ts-plotly';

/** A notebook the lane runs. */
export interface LaneNotebook {
  /** Path inside the workspace, e.g. `notebooks/01-generalized-gradient-descent.ipynb`. */
  path: string;
  /** `pass`: must run clean; `fail`: a fixture whose second code cell throws. */
  expect: 'pass' | 'fail';
  /** For fixtures: how many charts it must show. */
  charts?: number;
  /** Its code cells' ids, in order. */
  codeCellIds: string[];
}

const FIXTURES = join(PROJECT, 'test', 'jupyter', 'fixtures');

function codeCellIds(file: string): string[] {
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; id: string }[] };
  return notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.id);
}

/** Every notebook in `notebooks/` (new ones included), then the lane's fixtures. */
export function laneNotebooks(): LaneNotebook[] {
  const project = readdirSync(join(PROJECT, 'notebooks')).filter((n) => n.endsWith('.ipynb')).sort();
  return [
    ...project.map((name) => ({ path: `notebooks/${name}`, expect: 'pass' as const, codeCellIds: codeCellIds(join(PROJECT, 'notebooks', name)) })),
    { path: 'fixtures/charts.ipynb', expect: 'pass', charts: 2, codeCellIds: codeCellIds(join(FIXTURES, 'charts.ipynb')) },
    { path: 'fixtures/error.ipynb', expect: 'fail', codeCellIds: codeCellIds(join(FIXTURES, 'error.ipynb')) },
  ];
}

/** A Jupyter confined to a temporary folder, with this project's tslab registered in it. */
export interface TempJupyter {
  root: string;
  /** Environment for every Jupyter process: all its paths point into `root`. */
  env: NodeJS.ProcessEnv;
  /** Holds `notebooks/` and `fixtures/` (copies) and links `dist`, `node_modules` and `data` to the project's. */
  workspace: string;
  /** The folder holding the registered kernel.json. */
  kernelDir: string;
  remove(): Promise<void>;
}

/** Fails with the packages to install when Debian's Jupyter is missing: the lane never skips itself. */
export function requireJupyter(): void {
  if (!existsSync(JUPYTER) || !existsSync(JUPYTER_PYTHON)) {
    throw new Error(
      `The Jupyter lane needs ${JUPYTER} (for ${JUPYTER_PYTHON}): apt-get install jupyter-nbconvert python3-nbclient jupyter-notebook`,
    );
  }
}

/**
 * Makes a temporary Jupyter and registers the kernel with the project's own
 * `kernel:install` command (`--prefix` into the temporary folder).
 */
export async function createTempJupyter(label: string): Promise<TempJupyter> {
  requireJupyter();
  const root = await mkdtemp(join(tmpdir(), `backprop-ts-${label}-`));
  const prefix = join(root, 'prefix');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // JUPYTER_PATH comes first in Jupyter's search; JUPYTER_DATA_DIR replaces ~/.local/share/jupyter.
    JUPYTER_PATH: join(prefix, 'share', 'jupyter'),
    // kernel:install makes its HTML export template the default in <prefix>/etc/jupyter/jupyter_config.json.
    JUPYTER_CONFIG_PATH: join(prefix, 'etc', 'jupyter'),
    JUPYTER_DATA_DIR: join(root, 'data'),
    JUPYTER_CONFIG_DIR: join(root, 'config'),
    JUPYTER_RUNTIME_DIR: join(root, 'runtime'),
    IPYTHONDIR: join(root, 'ipython'),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
  const install = spawnSync(process.execPath, [KERNEL_INSTALL, '--python', JUPYTER_PYTHON, '--prefix', prefix], { env, encoding: 'utf8', timeout: 60_000 });
  if (install.status !== 0) throw new Error(`kernel:install failed (${String(install.status)}):\n${install.stdout}${install.stderr}`);
  if (install.stderr.includes('warning')) throw new Error(`kernel:install warned:\n${install.stderr}`);

  const workspace = join(root, 'workspace');
  await mkdir(join(workspace, 'notebooks'), { recursive: true });
  await mkdir(join(workspace, 'fixtures'));
  for (const name of readdirSync(join(PROJECT, 'notebooks'))) {
    if (name.endsWith('.ipynb')) await copyFile(join(PROJECT, 'notebooks', name), join(workspace, 'notebooks', name));
  }
  for (const name of readdirSync(FIXTURES)) await copyFile(join(FIXTURES, name), join(workspace, 'fixtures', name));
  // Notebooks import '../dist/index.js'; tslab finds itself through node_modules; data/ is the shipped data set.
  for (const name of ['dist', 'node_modules', 'data']) {
    if (existsSync(join(PROJECT, name))) await symlink(join(PROJECT, name), join(workspace, name), 'dir');
  }
  return {
    root,
    env,
    workspace,
    kernelDir: join(prefix, 'share', 'jupyter', 'kernels', 'tslab'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Where this Jupyter resolves the kernel `tslab`, and the argv it would start. */
export function resolvedKernel(jupyter: TempJupyter): { resourceDir: string; argv: string[] } {
  const program =
    'import json; from jupyter_client.kernelspec import KernelSpecManager as M; s = M().get_kernel_spec("tslab"); ' +
    'print(json.dumps({"resourceDir": s.resource_dir, "argv": s.argv}))';
  const result = spawnSync(JUPYTER_PYTHON, ['-c', program], { env: jupyter.env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`kernelspec lookup failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { resourceDir: string; argv: string[] };
}

/** The result of a child process run to its end. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command to its end with a time limit; on timeout its process group gets
 * SIGKILL (kernels it started live in their own sessions: see {@link processesUnder}).
 */
export function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number }): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started });
    };
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs} ms]`;
      killGroup(child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      settled = true;
      reject(error);
    });
    // 'close' waits for the pipes, which an orphaned kernel may still hold: after 'exit', wait 2 s at most.
    child.on('exit', (code, signal) => void setTimeout(() => finish(code, signal), 2_000).unref());
    child.on('close', finish);
  });
}

/**
 * Runs `jupyter nbconvert --execute …` (by {@link run}) and, when the run failed only
 * because another process took one of the kernel's ports between Jupyter choosing it
 * and the kernel binding it, runs it once more. The kernel then says so on stderr and
 * exits (tools/kernel/bind-failure.ts); JupyterLab starts it again on new ports by
 * itself, nbclient has no such restarter. `beforeRetry` resets what the first run wrote.
 */
export async function runNbconvert(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number },
  beforeRetry: () => void = () => {},
): Promise<Finished> {
  const first = await run(command, args, options);
  if (first.code === 0 || !PORT_TAKEN.test(first.stderr)) return first;
  beforeRetry();
  const second = await run(command, args, options);
  return { ...second, stderr: `[first run: a kernel port was taken, so it ran again]\n${first.stderr}\n[second run]\n${second.stderr}` };
}

/** The kernel launcher's line for a port of its connection file that another process took. */
const PORT_TAKEN = /^tslab-kernel: could not listen on \S+ \(EADDRINUSE\b.*a port of the connection file/m;

/** Sends a signal to a process we started and its process group: the tools' own `signalGroup`. */
export const killGroup = signalGroup;

/**
 * Processes whose command line mentions `root`: kernels that Jupyter started with a
 * connection file in our temporary runtime folder. Jupyter starts each kernel in its
 * own session, so killing the server's process group does not reach them.
 */
export function processesUnder(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(root)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** A stream text that shows a failure: a stack frame, an `…Error:` name, or a TypeScript diagnostic (`1:7 - …`). */
export const ERROR_TEXT = /^\s+at .+:\d+:\d+\)?$|\b[A-Z]\w*Error\b|^\d+:\d+ - /m;

/** Headless Chromium as the book test launches it. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

/**
 * Routes every request of `context`: those `allowed` go through, the others are
 * aborted and written to `problems`; console errors and page errors are written there too.
 */
export async function watchContext(context: BrowserContext, allowed: (url: string) => boolean, problems: string[]): Promise<void> {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    problems.push(`request blocked: ${url}`);
    return route.abort();
  });
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
  context.on('requestfailed', (request) => {
    if (!problems.includes(`request blocked: ${request.url()}`)) problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
}

/** Seconds, for messages. */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
