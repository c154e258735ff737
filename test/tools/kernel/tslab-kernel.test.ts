// The kernel launcher's command line (tools/kernel/tslab-kernel.ts): in-process for
// usage and a connection file it cannot use (neither starts tslab), and the built
// script as a process. Floods through the launched kernel: flood.test.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kernelArgv } from '../../../tools/kernel/argv.js';
import { EXIT, USAGE, loadTslab, main } from '../../../tools/kernel/tslab-kernel.js';
import { createConnectionFile } from '../../../tools/notebook-runner/connection.js';
import { KernelSession } from '../../../tools/notebook-runner/kernel.js';
import { defaultKernelArgv, findKernelLauncher, findTslabBinary } from '../../../tools/notebook-runner/tslab-binary.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';
import { FIXTURES, isAlive, waitUntilGone } from '../notebook-runner/helpers.js';

const PROJECT = join(import.meta.dirname, '..', '..', '..');
const root = mkdtempSync(join(tmpdir(), 'backprop-ts-tslab-kernel-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tslab-kernel main', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [[], /Expected the one command 'kernel' but found none/],
    [['install'], /Expected the one command 'kernel' but found 'install'/],
    [['kernel', 'extra', '--config-path', 'c.json'], /Expected the one command 'kernel' but found 'kernel' 'extra'/],
    [['kernel'], /Expected --config-path to name the connection file but found none/],
    [['kernel', '--config-path', 'c.json', '--tslab', ''], /Expected --tslab to name tslab's launcher script but found an empty string/],
    [['kernel', '--bogus'], /Unknown option '--bogus'/],
  ]);

  it('USAGE shows the arguments tslab kernel takes and lists the exit codes', () => {
    expect(USAGE).toMatch(/^Usage: node dist-tools\/kernel\/tslab-kernel\.js \[--tslab BIN\] kernel --config-path FILE \[--js\]/);
    expect(USAGE).toContain('Exit codes: 0 kernel started (it runs until shut down), 2 usage error');
  });

  it('main(["kernel", "--config-path", <missing>]) exits 3 and names the file, before loading tslab', async () => {
    const missing = join(root, 'no-such-connection.json');
    const result = await runMain(main, 'kernel', '--config-path', missing);
    expect(result.code).toBe(EXIT.failure);
    expect(result.stderr).toMatch(new RegExp(`^error: could not start the kernel: ENOENT.*${missing}`));
  });

  it('main(["kernel", "--config-path", <file without a key>]) exits 3 and says what is missing', async () => {
    const keyless = join(root, 'keyless.json');
    writeFileSync(keyless, JSON.stringify({ ip: '127.0.0.1' }));
    const result = await runMain(main, 'kernel', '--config-path', keyless);
    expect(result.code).toBe(EXIT.failure);
    expect(result.stderr).toContain(`Expected a connection file with a "key" but found none in ${keyless}`);
  });
});

describe('loadTslab', () => {
  it('loadTslab() finds the project tslab and the very zeromq module its jupyter.js requires', () => {
    const tslab = loadTslab();
    expect(tslab.version).toBe('1.0.22');
    expect(typeof tslab.startKernel).toBe('function');
    const fromJupyter = createRequire(join(tslab.packageDir, 'dist', 'jupyter.js'));
    expect(tslab.zeromq).toBe(fromJupyter('zeromq'));
    expect(dirname(fromJupyter.resolve('zeromq'))).toMatch(/node_modules\/zeromq\/lib$/);
  });

  it('loadTslab(bin) follows node_modules/.bin/tslab to its package and refuses what is not tslab', () => {
    expect(loadTslab(join(PROJECT, 'node_modules', '.bin', 'tslab')).packageDir).toBe(loadTslab().packageDir);
    expect(() => loadTslab(join(PROJECT, 'node_modules', '.bin', 'vitest'))).toThrow(/Expected a tslab package at .* but found "vitest"/);
  });
});

describe('tslab-kernel as a process', () => {
  const launcher = join(PROJECT, 'dist-tools', 'kernel', 'tslab-kernel.js');

  it('node dist-tools/kernel/tslab-kernel.js --help prints the usage and exits 0', () => {
    const result = spawnSync(process.execPath, [launcher, '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(EXIT.ok);
    expect(result.stdout).toBe(`${USAGE}\n`);
  });

  it(
    'kernel --js starts tslab\'s JavaScript kernel, as tslab kernel --js does (the default tslab, no --tslab)',
    async () => {
      const kernel = new KernelSession({ cwd: FIXTURES, argv: [process.execPath, launcher, 'kernel', '--config-path', '{connection_file}', '--js'] });
      await kernel.start();
      try {
        expect(kernel.kernelInfo?.language_info).toMatchObject({ name: 'javascript' });
        const result = await kernel.execute('const n = 6; console.log(n * 7)', { timeoutMs: 30_000 });
        expect(result.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '42\n' }]);
      } finally {
        await kernel.shutdown();
      }
      expect(isAlive(kernel.pid)).toBe(false);
    },
    60_000,
  );
});

describe('tslab-kernel and a port another process took', () => {
  it('exits within seconds with code 5 and a line naming the taken port, instead of living on without sockets', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen({ port: 0, host: '127.0.0.1', exclusive: true }, resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const file = await createConnectionFile();
      const connection = join(mkdtempSync(join(root, 'ports-')), 'kernel.json');
      writeFileSync(connection, JSON.stringify({ ...file.info, shell_port: port }));
      await file.remove();
      const argv = defaultKernelArgv().map((arg) => arg.replace('{connection_file}', connection));
      const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
      expect(result.signal, 'the kernel exited by itself').toBeNull();
      expect(result.status).toBe(EXIT.bindFailed);
      expect(result.stderr).toContain(`tslab-kernel: could not listen on tcp://127.0.0.1:${port} (EADDRINUSE: Address already in use), a port of the connection file`);
    } finally {
      taken.close();
    }
  }, 60_000);
});

describe('tslab-kernel and its parent', () => {
  it.each([
    ['with --remove-connection-folder, removes the file and its folder', true, 1_000],
    ['without it, removes the connection file only, even when killed before tslab has loaded', false, 0],
  ])(
    'exits within seconds when the process that started it dies (SIGKILL) and, %s',
    async (_what, removeFolder, lifeMs) => {
      const folder = mkdtempSync(join(root, 'connection-'));
      const connection = join(folder, 'kernel.json');
      const file = await createConnectionFile();
      writeFileSync(connection, JSON.stringify(file.info));
      await file.remove();
      const argv = kernelArgv({ launcher: join(PROJECT, 'dist-tools', 'kernel', 'tslab-kernel.js'), tslab: join(PROJECT, 'node_modules', '.bin', 'tslab'), removeConnectionFolder: removeFolder })
        .map((arg) => arg.replace('{connection_file}', connection));
      // A parent that starts the kernel as Jupyter does (JPY_PARENT_PID), prints its pid and waits to be killed.
      const parentScript = `const env = { ...process.env, JPY_PARENT_PID: String(process.pid) }; const c = require('node:child_process').spawn(${JSON.stringify(argv[0])}, ${JSON.stringify(argv.slice(1))}, { stdio: 'ignore', detached: true, env }); console.log(c.pid); setInterval(() => {}, 1000);`;
      const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
      const kernelPid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
      await new Promise((resolve) => setTimeout(resolve, lifeMs));
      expect(isAlive(kernelPid)).toBe(true);
      parent.kill('SIGKILL');
      // Checks start once tslab has loaded (synchronously, seconds under load), then every 500 ms.
      expect(await waitUntilGone(kernelPid, 20_000)).toBe(true);
      expect(existsSync(connection)).toBe(false);
      expect(existsSync(folder)).toBe(!removeFolder);
    },
    60_000,
  );
});

describe('the notebook runner starts the kernel through the launcher', () => {
  it('defaultKernelArgv() runs the built launcher on this Node with the project tslab', () => {
    expect(findKernelLauncher()).toBe(join(PROJECT, 'dist-tools', 'kernel', 'tslab-kernel.js'));
    expect(findTslabBinary()).toBe(join(PROJECT, 'node_modules', '.bin', 'tslab'));
    expect(defaultKernelArgv()).toEqual([
      process.execPath,
      join(PROJECT, 'dist-tools', 'kernel', 'tslab-kernel.js'),
      '--tslab',
      join(PROJECT, 'node_modules', '.bin', 'tslab'),
      'kernel',
      '--config-path',
      '{connection_file}',
      '--remove-connection-folder',
    ]);
  });

  it('kernelArgv() defaults the Node to this one', () => {
    expect(kernelArgv({ launcher: 'l.js', tslab: 't' })).toEqual([process.execPath, 'l.js', '--tslab', 't', 'kernel', '--config-path', '{connection_file}']);
    expect(kernelArgv({ node: '/usr/bin/node', launcher: 'l.js', tslab: 't' })[0]).toBe('/usr/bin/node');
  });
});
