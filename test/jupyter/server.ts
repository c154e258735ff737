/**
 * A Jupyter server for the Jupyter lane's browser tests, started and stopped the same
 * way for the classic notebook (test/jupyter/notebook-ui.test.ts) and JupyterLab
 * (test/jupyter/jupyterlab.ts): on 127.0.0.1, a free port it may not leave, a random
 * token, in its own process group so that a failure can kill it and what it spawned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { findFreePorts } from '../../tools/notebook-runner/connection.js';
import { killGroup, seconds, type TempJupyter } from './helpers.js';

/** A server we started, and how to talk to its REST API. */
export interface JupyterServer {
  process: ChildProcess;
  base: string;
  token: string;
  /** Everything it printed, with the token blanked out. */
  log(): string;
  api(method: string, path: string): Promise<Response>;
  /** A page URL for `path` (`lab/...`, `notebooks/...`), with the token. */
  url(path: string): string;
}

/** How to start one: the executable, its subcommand and the flags naming the token and root folder. */
export interface ServerCommand {
  /** For messages: `jupyter notebook`, `jupyter lab`. */
  name: string;
  executable: string;
  /** The arguments before the common ones (`['lab']`, `['notebook']`). */
  subcommand: string[];
  /** Flags that set the token and serve `workspace`, for this server's configuration names. */
  tokenAndRoot(token: string, workspace: string): string[];
  /** Any further flags. */
  extra?: string[];
  startMs: number;
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server and waits until `/api/status` answers; kills it and throws with its log otherwise. */
export async function startJupyterServer(jupyter: TempJupyter, command: ServerCommand): Promise<JupyterServer> {
  const [port] = await findFreePorts(1); // the server is told not to try others
  const token = randomBytes(24).toString('hex');
  const args = [
    ...command.subcommand, '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
    ...command.tokenAndRoot(token, jupyter.workspace), ...(command.extra ?? []),
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ];
  const child = spawn(command.executable, args, { env: jupyter.env, cwd: jupyter.workspace, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const server: JupyterServer = {
    process: child,
    base,
    token,
    log: () => output.replaceAll(token, '<token>'),
    api: (method, path) => fetch(`${base}${path}`, { method, headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(30_000) }),
    url: (path) => `${base}/${path}${path.includes('?') ? '&' : '?'}token=${token}`,
  };
  const deadline = Date.now() + command.startMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command.name} exited with ${child.exitCode}:\n${server.log()}`);
    try {
      if ((await server.api('GET', '/api/status')).ok) return server;
    } catch {
      // not listening yet
    }
    await delay(250);
  }
  killGroup(child.pid, 'SIGKILL');
  throw new Error(`${command.name} did not answer within ${seconds(command.startMs)}:\n${server.log()}`);
}

/** Shuts down every session and kernel through the API (the server waits for each kernel to exit). */
export async function stopKernels(server: JupyterServer): Promise<void> {
  const sessions = (await (await server.api('GET', '/api/sessions')).json()) as { id: string }[];
  for (const session of sessions) await server.api('DELETE', `/api/sessions/${session.id}`);
  const kernels = (await (await server.api('GET', '/api/kernels')).json()) as { id: string }[];
  for (const kernel of kernels) await server.api('DELETE', `/api/kernels/${kernel.id}`);
}

/**
 * Stops the server: every session and kernel through the API (the server waits for
 * each kernel to exit), then /api/shutdown, then SIGTERM and SIGKILL to its group if it
 * lingers past `graceMs`.
 */
export async function stopJupyterServer(server: JupyterServer, graceMs = 15_000): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (server.process.exitCode !== null || server.process.signalCode !== null) resolve();
    else server.process.once('exit', () => resolve());
  });
  try {
    await stopKernels(server);
    await server.api('POST', '/api/shutdown');
  } catch {
    // the signals below still stop it
  }
  const gone = (ms: number) => Promise.race([exited.then(() => true), delay(ms).then(() => false)]);
  if (await gone(graceMs)) return;
  killGroup(server.process.pid, 'SIGTERM');
  if (!(await gone(5_000))) killGroup(server.process.pid, 'SIGKILL');
}
