/**
 * Kernel connection files: five free TCP ports on 127.0.0.1 and a random
 * HMAC key, written as JSON into a private temporary directory, in the format
 * Jupyter hands to a kernel with `--config-path`.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/**
 * Creates a connection file with fresh ports and a random 256-bit key in a new
 * temporary directory (readable by the current user only).
 *
 * @param kernelName recorded as `kernel_name` in the file.
 */
export async function createConnectionFile(kernelName = 'tslab'): Promise<ConnectionFile> {
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
  const dir = await mkdtemp(join(tmpdir(), 'notebook-runner-'));
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
