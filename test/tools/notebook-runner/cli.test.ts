import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, USAGE, main } from '../../../tools/notebook-runner/cli.js';
import { trackedChildCount } from '../../../tools/notebook-runner/processes.js';
import { buildRunner, type BuiltRunner } from './build-runner.js';
import { FIXTURES, isAlive, waitUntilGone } from './helpers.js';
import { nbformat45Problems } from './nbformat.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';

const CLI_TEST_TIMEOUT = 90_000;

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'notebook-cli-out-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
  expect(trackedChildCount()).toBe(0);
});

/** Runs main() in-process and captures what it writes. */
const cli = (...args: string[]) => runMain(main, ...args);

describe('cli usage errors (exit 2)', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [[], /no notebook given/],
    [[join(FIXTURES, 'passing.ipynb')], /--out <dir> is required/],
    [['x.ipynb', '--out', 'o', '--bogus'], /Unknown option '--bogus'/],
    [['x.ipynb', '--out', 'o', '--timeout', 'soon'], /--timeout must be a positive number of seconds/],
    [['x.ipynb', '--out', 'o', '--timeout', '0'], /--timeout must be a positive number/],
    [['notes.txt', '--out', 'o'], /not a notebook/],
    [['a/x.ipynb', 'b/x.ipynb', '--out', 'o'], /two notebooks named x\.ipynb/],
  ]);

  it('USAGE lists the exit codes', () => {
    expect(USAGE).toContain('Usage:');
    expect(USAGE).toContain('Exit codes: 0 ok, 1 a cell failed, 2 usage error');
  });

  it('rejects a missing notebook', async () => {
    const { code, stderr } = await cli(join(FIXTURES, 'missing.ipynb'), '--out', out);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/missing\.ipynb: cannot read the notebook: no such file/);
  });

  it('refuses to overwrite the source notebook, before starting a kernel', async () => {
    const { code, stderr } = await cli(join(FIXTURES, 'passing.ipynb'), '--out', FIXTURES);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/Refusing to write the executed notebook over its source/);
    expect(stderr).not.toContain('starting kernel');
  });
});

describe('cli runs', () => {
  it(
    'executes notebooks, writes them to --out and reports progress (exit 0)',
    async () => {
      const { code, stderr } = await cli(join(FIXTURES, 'passing.ipynb'), '--out', out, '--timeout', '30');
      expect(code).toBe(EXIT.ok);
      expect(stderr).toMatch(/passing\.ipynb\] kernel ready \(pid \d+\) after \d+\.\d s/);
      expect(stderr).toMatch(/passing\.ipynb\] cell 2\/7 running \(elapsed \d+\.\d s\)/);
      expect(stderr).toMatch(/passing\.ipynb\] done in \d+\.\d s, wrote /);
      expect(await readdir(out)).toEqual(['passing.ipynb']);
      const written = JSON.parse(await readFile(join(out, 'passing.ipynb'), 'utf8')) as { cells: Array<Record<string, unknown>> };
      expect(nbformat45Problems(written)).toEqual([]);
      expect(written.cells[1]?.['outputs']).toEqual([
        { name: 'stdout', output_type: 'stream', text: ['hello from tslab\n', 'second line\n'] },
      ]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'exits 1 on a failing cell and writes nothing for the failed notebook',
    async () => {
      const { code, stderr } = await cli(join(FIXTURES, 'passing.ipynb'), join(FIXTURES, 'compile-error.ipynb'), '--out', out);
      expect(code).toBe(EXIT.cellError);
      expect(stderr).toMatch(/compile-error\.ipynb: cell 2 failed: TypeScript compile error/);
      expect(await readdir(out)).toEqual(['passing.ipynb']);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'exits 1 when a cell times out',
    async () => {
      const { code, stderr } = await cli(join(FIXTURES, 'hanging.ipynb'), '--out', out, '--timeout', '1');
      expect(code).toBe(EXIT.cellError);
      expect(stderr).toMatch(/hanging\.ipynb: cell 2 timed out/);
    },
    CLI_TEST_TIMEOUT,
  );
});

describe('runner as a process', () => {
  let runner: BuiltRunner;
  beforeAll(async () => {
    runner = await buildRunner();
  });
  afterAll(async () => {
    await runner.remove();
  });

  /** Starts the CLI; resolves with its kernel pid once `cellNumber` is running. */
  function startCli(args: string[], cellNumber: number) {
    const child = spawn(process.execPath, [runner.cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const running = new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const pid = /kernel ready \(pid (\d+)\)/.exec(stderr)?.[1];
        if (pid !== undefined && stderr.includes(`cell ${cellNumber}/`)) resolve(Number(pid));
      });
      void exited.then(() => reject(new Error(`CLI exited early:\n${stderr}`)));
    });
    return { child, running, exited, stderr: () => stderr };
  }

  it(
    'runs a notebook end to end as a child process',
    async () => {
      const cli = startCli([join(FIXTURES, 'runtime-error.ipynb'), '--out', out], 3);
      expect(await cli.exited).toEqual({ code: EXIT.cellError, signal: null });
      expect(cli.stderr()).toMatch(/cell 3 failed: Error: boom at runtime/);
    },
    CLI_TEST_TIMEOUT,
  );

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'kills its kernel when it receives %s mid-run',
    async (signal) => {
      const cli = startCli([join(FIXTURES, 'long-running.ipynb'), '--out', out], 2);
      const kernelPid = await cli.running;
      expect(isAlive(kernelPid)).toBe(true);
      cli.child.kill(signal);
      expect(await cli.exited).toEqual({ code: null, signal });
      expect(isAlive(kernelPid)).toBe(false);
      expect(await readdir(out)).toEqual([]);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'leaves no kernel and no connection folder when it is killed with SIGKILL mid-run',
    async () => {
      const cli = startCli([join(FIXTURES, 'long-running.ipynb'), '--out', out], 2);
      const kernelPid = await cli.running;
      // The kernel's command line names its connection file, in the runner's private folder.
      const argv = readFileSync(`/proc/${kernelPid}/cmdline`, 'utf8').split('\0');
      const connectionDir = dirname(argv[argv.indexOf('--config-path') + 1] ?? '');
      expect(existsSync(join(connectionDir, 'kernel.json'))).toBe(true);
      cli.child.kill('SIGKILL');
      expect(await cli.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await waitUntilGone(kernelPid, 5_000)).toBe(true);
      expect(existsSync(connectionDir)).toBe(false);
    },
    CLI_TEST_TIMEOUT,
  );

  it.each([
    ['process.exit()', 'process.exit(0);'],
    ['an uncaught exception', 'throw new Error("crash in the runner");'],
  ])(
    'kills its kernel on %s',
    async (_what, ending) => {
      const script = [
        `import { KernelSession } from ${JSON.stringify(pathToFileURL(join(runner.dir, 'kernel.js')).href)};`,
        'const kernel = new KernelSession();',
        'await kernel.start();',
        'console.log(kernel.pid);',
        ending,
      ].join('\n');
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
      await new Promise((resolve) => child.once('exit', resolve));
      const kernelPid = Number(stdout.trim());
      expect(kernelPid).toBeGreaterThan(0);
      expect(await waitUntilGone(kernelPid, 5_000)).toBe(true);
    },
    CLI_TEST_TIMEOUT,
  );
});
