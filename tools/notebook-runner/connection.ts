/**
 * Kernel connection files: five free TCP ports on 127.0.0.1 and a random
 * HMAC key, written as JSON into a private temporary directory, in the format
 * Jupyter hands to a kernel with `--config-path`. The directory's name carries the
 * runner's pid (`notebook-runner-<pid>-XXXXXX`), so that folders left by a runner
 * that was killed (SIGKILL runs no clean-up) are found and removed later.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Contents of a Jupyter kernel connection file. */
export interface ConnectionInfo {
  transport: 'tcp';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name: string;
}

/** A connection file on disk; call {@link ConnectionFile.remove} when the kernel is gone. */
export interface ConnectionFile {
  info: ConnectionInfo;
  /** Absolute path of the JSON file. */
  path: string;
  /** Deletes the file and its temporary directory. Safe to call more than once. */
  remove(): Promise<void>;
  /** Synchronous {@link ConnectionFile.remove}, for exit handlers. */
  removeSync(): void;
}

/** Host every kernel socket binds to. */
export const LOOPBACK = '127.0.0.1';

/**
 * Finds `count` distinct TCP ports that are free on `host` right now, by
 * letting the OS pick them (all listeners stay open until every port is known,
 * so the ports are distinct).
 */
export async function findFreePorts(count: number, host: string = LOOPBACK): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnRandomPort(server, host));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

function listenOnRandomPort(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`could not determine the port bound on ${host}`));
      } else {
        resolve(address.port);
      }
    });
  });
}

/** Prefix of the runner's temporary folders, followed by the owner's pid and a dash. */
const FOLDER_PREFIX = 'notebook-runner-';
/** A stale folder is left alone this long after its last change: a kernel may still be reading it. */
const STALE_AFTER_MS = 60_000;

/**
 * Removes the runner folders in `dir` (default the system's temporary folder) whose
 * owner process is dead and that have not changed for a minute. A kernel removes its
 * runner's folder itself when the runner dies; this catches what that misses (a
 * kernel killed at the same time, or one started with another command line).
 *
 * @returns the folders removed.
 */
export async function removeStaleFolders(dir: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = new RegExp(`^${FOLDER_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (owner === undefined || Number(owner) === process.pid || isRunning(Number(owner))) continue;
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (!info.isDirectory() || Date.now() - info.mtimeMs < STALE_AFTER_MS) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
  return removed;
}

/** Whether a process with this pid exists (one of another user counts). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates a connection file with fresh ports and a random 256-bit key in a new
 * temporary directory (readable by the current user only), after removing the
 * folders of runners that died ({@link removeStaleFolders}).
 *
 * @param kernelName recorded as `kernel_name` in the file.
 */
export async function createConnectionFile(kernelName = 'tslab'): Promise<ConnectionFile> {
  await removeStaleFolders();
  const [shell, iopub, stdin, control, hb] = (await findFreePorts(5)) as [number, number, number, number, number];
  const info: ConnectionInfo = {
    transport: 'tcp',
    ip: LOOPBACK,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: kernelName,
  };
  const dir = await mkdtemp(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
  const path = join(dir, 'kernel.json');
  await writeFile(path, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  return {
    info,
    path,
    remove: () => rm(dir, { recursive: true, force: true }),
    removeSync: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The ZeroMQ endpoint (`tcp://127.0.0.1:port`) of one of the kernel's sockets. */
export function endpoint(info: ConnectionInfo, port: number): string {
  return `${info.transport}://${info.ip}:${port}`;
}
