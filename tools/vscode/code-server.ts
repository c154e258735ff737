/**
 * code-server (VS Code for the web) for the VS Code render test of the Jupyter lane
 * (test/jupyter/vscode.test.ts): where `install-code-server.sh` put it, and a server
 * on 127.0.0.1 that shows a folder, with no password, no telemetry, no update check
 * and no workspace-trust prompt. See tools/vscode/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findFreePorts } from '../notebook-runner/connection.js';

/** The code-server release the project tests with (VS Code 1.100; later ones need Node 22). */
export const CODE_SERVER_VERSION = '4.100.3';

/** The command that installs it, for error messages. */
export const INSTALL_COMMAND = 'bash tools/vscode/install-code-server.sh';

/**
 * Where the install script puts code-server: `$BACKPROP_CODE_SERVER_PREFIX`, else under `~/.cache`.
 *
 * @example
 * ```ts
 * codeServerPrefix({}); // "/home/me/.cache/backprop-ts/code-server-4.100.3"
 * ```
 */
export function codeServerPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return env['BACKPROP_CODE_SERVER_PREFIX'] ?? join(homedir(), '.cache', 'backprop-ts', `code-server-${CODE_SERVER_VERSION}`);
}

/**
 * The code-server executable, checked to be the pinned version.
 *
 * @throws {Error} Naming the install command when it is missing or another version.
 * @example
 * ```ts
 * spawn(codeServerBinary(), ['--help']);
 * ```
 */
export function codeServerBinary(prefix: string = codeServerPrefix()): string {
  const binary = join(prefix, 'node_modules', '.bin', 'code-server');
  if (!existsSync(binary)) throw new Error(`code-server is not installed in ${prefix}: run \`${INSTALL_COMMAND}\` (npm registry and Debian packages only).`);
  // XDG_CONFIG_HOME: code-server writes a config file there the first time it runs.
  const env = { ...process.env, XDG_CONFIG_HOME: join(prefix, 'config') };
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000, env }).stdout.trim().split(/\s+/)[0];
  if (version !== CODE_SERVER_VERSION) throw new Error(`${binary} is code-server ${version ?? '(unknown)'}, expected ${CODE_SERVER_VERSION}: run \`${INSTALL_COMMAND}\`.`);
  return binary;
}

/** A running code-server. */
export interface CodeServer {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  /** The URL that opens `folder` in the workbench. */
  folderUrl: string;
  /** Everything it printed. */
  log(): string;
  /** Stops it and every process it started, and waits until they have exited. */
  stop(): Promise<void>;
}

/** Options for {@link startCodeServer}. */
export interface CodeServerOptions {
  /** The folder to show. */
  folder: string;
  /** Holds its config, settings, extensions, logs and data; created if missing. */
  stateDir: string;
  /** Default: the installed one ({@link codeServerBinary}). */
  binary?: string;
  /** Time to answer its health check. Default 60 s. */
  startupTimeoutMs?: number;
}

/** Whether any process of the group is left. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends a signal to the process group a process we started leads (detached children
 * and Jupyter's kernels do), or to the process alone when it leads none; a process
 * that is gone is ignored.
 *
 * @example
 * ```ts
 * signalGroup(child.pid, 'SIGKILL');
 * ```
 */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return;
    } catch {
      // no such group (then try the process), or already gone
    }
  }
}

/** SIGTERM to the whole process group, SIGKILL after 10 s; resolves once no process of it is left. */
async function stopGroup(pid: number | undefined): Promise<void> {
  if (pid === undefined || !groupAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  const killAt = Date.now() + 10_000;
  while (groupAlive(pid)) {
    if (Date.now() > killAt) signalGroup(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts code-server on a free port of 127.0.0.1 and waits until it answers.
 *
 * @example
 * ```ts
 * const server = await startCodeServer({ folder: workspace, stateDir: join(tmp, 'code-server') });
 * await page.goto(server.folderUrl);
 * await server.stop();
 * ```
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const binary = options.binary ?? codeServerBinary();
  const [port] = await findFreePorts(1);
  mkdirSync(options.stateDir, { recursive: true });
  // Its own config file: otherwise it writes one under ~/.config.
  const config = join(options.stateDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    '--config', config,
    '--user-data-dir', join(options.stateDir, 'user-data'),
    '--extensions-dir', join(options.stateDir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    options.folder,
  ];
  // XDG folders: code-server writes its config, logs and heartbeat there. Its own process
  // group (detached), so that stop() ends the extension host and the other children too.
  const env = { ...process.env, XDG_CONFIG_HOME: join(options.stateDir, 'config'), XDG_DATA_HOME: join(options.stateDir, 'data') };
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  let output = '';
  let spawnError: Error | undefined;
  child.on('error', (error) => void (spawnError = error));
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    url,
    folderUrl: `${url}/?folder=${encodeURIComponent(options.folder)}`,
    log: () => output,
    stop: () => stopGroup(child.pid),
  };
  const deadline = Date.now() + (options.startupTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (spawnError !== undefined) throw new Error(`code-server could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      await server.stop();
      throw new Error(`code-server exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await server.stop();
  throw new Error(`code-server did not answer on ${url} within ${options.startupTimeoutMs ?? 60_000} ms:\n${output}`);
}
