// tools/vscode/code-server.ts without code-server: where it is looked for, the
// errors that name the install command, and how its processes are signalled.
// (test/jupyter/vscode.test.ts runs the real one.)
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, waitUntilGone } from '../notebook-runner/helpers.js';
import { CODE_SERVER_VERSION, codeServerBinary, codeServerPrefix, signalGroup, startCodeServer } from '../../../tools/vscode/code-server.js';

const root = mkdtempSync(join(tmpdir(), 'backprop-ts-code-server-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in `code-server` that prints a version, or exits at once with an error. */
function fakeInstall(name: string, script: string): string {
  const prefix = join(root, name);
  mkdirSync(join(prefix, 'node_modules', '.bin'), { recursive: true });
  const binary = join(prefix, 'node_modules', '.bin', 'code-server');
  writeFileSync(binary, `#!/bin/sh\n${script}\n`);
  chmodSync(binary, 0o755);
  return prefix;
}

describe('codeServerPrefix', () => {
  it('codeServerPrefix takes BACKPROP_CODE_SERVER_PREFIX, else a versioned folder under ~/.cache', () => {
    expect(codeServerPrefix({ BACKPROP_CODE_SERVER_PREFIX: '/opt/cs' })).toBe('/opt/cs');
    expect(codeServerPrefix({})).toBe(join(homedir(), '.cache', 'backprop-ts', `code-server-${CODE_SERVER_VERSION}`));
  });
});

describe('codeServerBinary', () => {
  it('codeServerBinary names the install command when code-server is missing', () => {
    expect(() => codeServerBinary(join(root, 'nothing-here'))).toThrow(/code-server is not installed in .*nothing-here: run `bash tools\/vscode\/install-code-server.sh`/);
  });

  it('codeServerBinary rejects another version, naming both', () => {
    const prefix = fakeInstall('old', 'echo "4.0.0 abc with Code 1.60.0"');
    expect(() => codeServerBinary(prefix)).toThrow(/is code-server 4\.0\.0, expected 4\.100\.3: run `bash tools\/vscode\/install-code-server.sh`/);
  });

  it('codeServerBinary returns the executable of the pinned version', () => {
    const prefix = fakeInstall('pinned', `echo "${CODE_SERVER_VERSION} 409c64e with Code 1.100.3"`);
    expect(codeServerBinary(prefix)).toBe(join(prefix, 'node_modules', '.bin', 'code-server'));
  });
});

describe('startCodeServer', () => {
  it('startCodeServer reports a server that exits at start with its exit code and output', async () => {
    const prefix = fakeInstall('broken', 'echo "cannot bind" >&2; exit 3');
    const binary = join(prefix, 'node_modules', '.bin', 'code-server');
    await expect(startCodeServer({ folder: root, stateDir: join(root, 'state'), binary, startupTimeoutMs: 10_000 })).rejects.toThrow(/code-server exited with 3:\ncannot bind/);
  });

  it('startCodeServer gives up when nothing answers in time, and stops the process and its children', async () => {
    const pids = join(root, 'silent.pids');
    const prefix = fakeInstall('silent', `echo $$ > ${pids}; sleep 30 & echo $! >> ${pids}; wait`);
    const binary = join(prefix, 'node_modules', '.bin', 'code-server');
    await expect(startCodeServer({ folder: root, stateDir: join(root, 'state2'), binary, startupTimeoutMs: 1_000 })).rejects.toThrow(/did not answer on http:\/\/127\.0\.0\.1:\d+ within 1000 ms/);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started).toHaveLength(2); // the server and the child it started
    for (const pid of started) expect(() => process.kill(pid, 0), `process ${pid}`).toThrow();
  });
});

describe('signalGroup', () => {
  /** Starts `sh` with a `sleep` child; resolves with both pids. */
  async function shellWithChild(detached: boolean) {
    const child = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], { detached, stdio: ['ignore', 'pipe', 'ignore'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const grandchild = await new Promise<number>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    return { pid: child.pid!, grandchild, exited };
  }
  const gone = (pid: number) => !isAlive(pid);

  it('signalGroup signals the whole group a detached child leads', async () => {
    const { pid, grandchild, exited } = await shellWithChild(true);
    signalGroup(pid, 'SIGKILL');
    await exited;
    expect(await waitUntilGone(grandchild, 5_000)).toBe(true);
  });

  it('signalGroup signals a child that leads no group by itself, and ignores one that is gone', async () => {
    const { pid, grandchild, exited } = await shellWithChild(false);
    signalGroup(pid, 'SIGKILL');
    await exited;
    expect(gone(grandchild)).toBe(false); // in our group, so not reached
    process.kill(grandchild, 'SIGKILL');
    expect(() => signalGroup(pid, 'SIGKILL')).not.toThrow();
    expect(() => signalGroup(undefined, 'SIGKILL')).not.toThrow();
  });
});
