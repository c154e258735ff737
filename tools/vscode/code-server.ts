/**
 * code-server (VS Code for the web) for the VS Code render test of the Jupyter lane
 * (test/jupyter/vscode.test.ts): where `install-code-server.sh` put it, and a server
 * on 127.0.0.1 that shows a folder, with no password, no telemetry, no update check
 * and no workspace-trust prompt. See tools/vscode/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The code-server release the project tests with (VS Code 1.100; later ones need Node 22). */
export const CODE_SERVER_VERSION = '4.100.3';

/** The command that installs it, for error messages. */
export const INSTALL_COMMAND = 'bash tools/vscode/install-code-server.sh';

/** Where the install script puts code-server: `$BACKPROP_CODE_SERVER_PREFIX`, else under `~/.cache`. */
export function codeServerPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return env['BACKPROP_CODE_SERVER_PREFIX'] ?? join(homedir(), '.cache', 'backprop-ts', `code-server-${CODE_SERVER_VERSION}`);
}

/**
 * The code-server executable, checked to be the pinned version.
 *
 * @throws {Error} Naming the install command when it is missing or another version.
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
  /** Stops it (and waits until it has exited). */
  stop(): Promise<void>;
}

/** Options for {@link startCodeServer}. */
export interface CodeServerOptions {
  /** The folder to show. */
  folder: string;
  /** Holds its settings, extensions and logs; created if missing. */
  stateDir: string;
  /** Default: the installed one ({@link codeServerBinary}). */
  binary?: string;
  /** Time to answer its health check. Default 60 s. */
  startupTimeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
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
  const port = await freePort();
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
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: join(options.stateDir, 'config') } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    url,
    folderUrl: `${url}/?folder=${encodeURIComponent(options.folder)}`,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  const deadline = Date.now() + (options.startupTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
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
