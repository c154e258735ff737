import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConnectionFile, endpoint, findFreePorts } from '../../../tools/notebook-runner/connection.js';

describe('findFreePorts', () => {
  it('returns distinct usable ports', async () => {
    const ports = await findFreePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });
});

describe('createConnectionFile', () => {
  it('writes a private connection file on 127.0.0.1 with a random key, and removes it', async () => {
    const file = await createConnectionFile();
    try {
      const json = JSON.parse(await readFile(file.path, 'utf8')) as Record<string, unknown>;
      expect(json).toEqual(file.info);
      expect(json).toMatchObject({ transport: 'tcp', ip: '127.0.0.1', signature_scheme: 'hmac-sha256', kernel_name: 'tslab' });
      expect(file.info.key).toMatch(/^[0-9a-f]{64}$/);
      const ports = [file.info.shell_port, file.info.iopub_port, file.info.stdin_port, file.info.control_port, file.info.hb_port];
      expect(new Set(ports).size).toBe(5);
      expect((await stat(file.path)).mode & 0o077).toBe(0);
      expect(endpoint(file.info, file.info.shell_port)).toBe(`tcp://127.0.0.1:${file.info.shell_port}`);
    } finally {
      await file.remove();
    }
    expect(existsSync(dirname(file.path))).toBe(false);
    await file.remove();
  });

  it('uses a different key every time', async () => {
    const [a, b] = await Promise.all([createConnectionFile(), createConnectionFile()]);
    expect(a.info.key).not.toBe(b.info.key);
    await Promise.all([a.remove(), b.remove()]);
  });
});

describe('createConnectionFile and stale folders', () => {
  /** The pid of a process that has exited. */
  const deadPid = (): number => {
    const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    return Number(child.stdout.trim());
  };

  it('createConnectionFile() names its folder after this process', async () => {
    const file = await createConnectionFile();
    try {
      expect(basename(dirname(file.path))).toMatch(new RegExp(`^notebook-runner-${process.pid}-`));
    } finally {
      await file.remove();
    }
  });

  it('createConnectionFile() removes the folders of runners that died (SIGKILL) and keeps live ones', async () => {
    const stale = mkdtempSync(join(tmpdir(), `notebook-runner-${deadPid()}-`));
    writeFileSync(join(stale, 'kernel.json'), '{}');
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(stale, old, old);
    const live = mkdtempSync(join(tmpdir(), `notebook-runner-${process.pid}-`));
    utimesSync(live, old, old);
    const young = mkdtempSync(join(tmpdir(), `notebook-runner-${deadPid()}-`));
    const file = await createConnectionFile();
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
      // A folder younger than a minute may belong to a kernel that is still reading it.
      expect(existsSync(young)).toBe(true);
    } finally {
      await file.remove();
      rmSync(live, { recursive: true, force: true });
      rmSync(young, { recursive: true, force: true });
    }
  });
});
