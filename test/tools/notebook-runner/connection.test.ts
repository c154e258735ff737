import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
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
