// kernel-install (`npm run kernel:install`) against Debian's real jupyter_client:
// each scope lands where Jupyter looks, a second run leaves one identical
// kernelspec, and a Python without Jupyter gets a clear message and exit 1.
// Every Jupyter path points into a temporary folder: the user's kernels are untouched.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KernelInstallError, installKernel } from '../../tools/jupyter/install.js';
import { EXIT, USAGE, main } from '../../tools/jupyter/kernel-install.js';
import { DISPLAY_NAME, KERNEL_LAUNCHER, kernelJson, tslabKernelSpec } from '../../tools/jupyter/kernelspec.js';
import { JUPYTER_PYTHON, KERNEL_INSTALL, TSLAB_ARGV0, requireJupyter } from './helpers.js';

describe('kernel-install with Debian Jupyter', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    requireJupyter();
    root = mkdtempSync(join(tmpdir(), 'backprop-ts-kernel-install-'));
    env = {
      ...process.env,
      JUPYTER_DATA_DIR: join(root, 'user-data'),
      JUPYTER_CONFIG_DIR: join(root, 'config'),
      JUPYTER_RUNTIME_DIR: join(root, 'runtime'),
      PYDEVD_DISABLE_FILE_VALIDATION: '1',
    };
    delete env['JUPYTER_PATH'];
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Runs the built command as `npm run kernel:install -- args` does. */
  const install = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [KERNEL_INSTALL, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });

  /** Runs main() in-process and captures what it writes. */
  async function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
    return { code, stdout, stderr };
  }

  const expectedJson = kernelJson(tslabKernelSpec(TSLAB_ARGV0));

  it('main(["--help"]) prints usage with exit codes and exits 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${USAGE}\n`);
    expect(stdout).toContain('Exit codes: 0 registered, 1 no Jupyter for that Python, 2 usage error');
  });

  it.each([
    [['--user', '--prefix', 'x'], /at most one of --user, --sys-prefix, --prefix but found --user and --prefix/],
    [['--sys-prefix', '--user'], /at most one of .* found --user and --sys-prefix/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['somewhere'], /Unexpected argument 'somewhere'/],
    [['--python', ''], /Expected --python to name a Python but found an empty string/],
    [['--prefix', ''], /Expected --prefix to name a folder/],
  ])('main(%j) is a usage error (exit 2)', async (args, message) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage:');
  });

  it('--python naming no program exits 1 and says so', () => {
    const result = install(['--python', join(root, 'no-such-python'), '--prefix', join(root, 'unused')]);
    expect(result.status).toBe(EXIT.noJupyter);
    expect(result.stderr).toContain(`Python not found: ${join(root, 'no-such-python')}`);
  });

  it('--python without Jupyter exits 1, names the Python and what is missing, and writes nothing', () => {
    // Debian's Python with site-packages switched off (-S): a real Python that has no Jupyter.
    const bare = join(root, 'python-without-jupyter');
    writeFileSync(bare, `#!/bin/sh\nexec ${JUPYTER_PYTHON} -S "$@"\n`);
    chmodSync(bare, 0o755);
    const result = install(['--python', bare, '--prefix', join(root, 'bare-prefix')]);
    expect(result.status).toBe(EXIT.noJupyter);
    expect(result.stderr).toMatch(new RegExp(`Jupyter is not installed for ${bare} \\(.*\\): No module named 'jupyter_\\w+'`));
    expect(result.stderr).toContain('--python');
    expect(() => readdirSync(join(root, 'bare-prefix'))).toThrow();
  });

  it('--prefix twice leaves one identical kernelspec running the project tslab', () => {
    const prefix = join(root, 'prefix');
    const kernels = join(prefix, 'share', 'jupyter', 'kernels');
    const first = install(['--python', JUPYTER_PYTHON, '--prefix', prefix]);
    expect(first.status, first.stderr).toBe(EXIT.ok);
    const before = readFileSync(join(kernels, 'tslab', 'kernel.json'), 'utf8');
    // Jupyter does not look in a bare prefix; the command says how to make it.
    expect(first.stderr).toContain(`does not look in ${join(prefix, 'share', 'jupyter')}; add that folder to JUPYTER_PATH`);
    expect(first.stderr).toContain(`does not read ${join(prefix, 'etc', 'jupyter', 'jupyter_config.json')}; add ${join(prefix, 'etc', 'jupyter')} to JUPYTER_CONFIG_PATH`);

    const second = install(['--python', JUPYTER_PYTHON, '--prefix', prefix], {
      JUPYTER_PATH: join(prefix, 'share', 'jupyter'),
      JUPYTER_CONFIG_PATH: join(prefix, 'etc', 'jupyter'),
    });
    expect(second.status, second.stderr).toBe(EXIT.ok);
    expect(second.stderr).toBe(''); // now on JUPYTER_PATH: found, no warning
    expect(second.stdout).toContain(`kernelspec: ${join(kernels, 'tslab', 'kernel.json')}`);
    expect(readdirSync(kernels)).toEqual(['tslab']);
    expect(readdirSync(join(kernels, 'tslab'))).toEqual(['kernel.json']);
    expect(readFileSync(join(kernels, 'tslab', 'kernel.json'), 'utf8')).toBe(before);
    expect(before).toBe(expectedJson);
    const spec = JSON.parse(before) as { argv: string[]; display_name: string; language: string };
    // Through the project's kernel launcher (tools/kernel/), on the Node that ran the install.
    expect(spec.argv).toEqual([process.execPath, KERNEL_LAUNCHER, '--tslab', TSLAB_ARGV0, 'kernel', '--config-path', '{connection_file}']);
    expect(spec.display_name).toBe(DISPLAY_NAME);
    expect(spec.language).toBe('typescript');
    // Beside the kernel: the JupyterLab chart renderer and the offline export template, made the default.
    expect(readdirSync(join(prefix, 'share', 'jupyter', 'labextensions'))).toEqual(['backprop-ts-plotly-renderer']);
    expect(readdirSync(join(prefix, 'share', 'jupyter', 'nbconvert', 'templates'))).toEqual(['backprop-ts']);
    expect(JSON.parse(readFileSync(join(prefix, 'etc', 'jupyter', 'jupyter_config.json'), 'utf8'))).toEqual({ HTMLExporter: { template_name: 'backprop-ts' } });
    expect(second.stdout).toContain('charts:     JupyterLab renderer');
    expect(second.stdout).toContain('exports:    HTML template "backprop-ts"');
  });

  it('keeps what else jupyter_config.json holds, setting only the export template', () => {
    const prefix = join(root, 'prefix-config');
    const config = join(prefix, 'etc', 'jupyter', 'jupyter_config.json');
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ HTMLExporter: { exclude_input: true }, ServerApp: { port: 9999 } }));
    const result = install(['--python', JUPYTER_PYTHON, '--prefix', prefix]);
    expect(result.status, result.stderr).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ HTMLExporter: { exclude_input: true, template_name: 'backprop-ts' }, ServerApp: { port: 9999 } });
  });

  it('with no scope installs per user (JUPYTER_DATA_DIR), the same as --user, where Jupyter finds it', () => {
    const kernel = join(root, 'user-data', 'kernels', 'tslab');
    const plain = install(['--python', JUPYTER_PYTHON]);
    expect(plain.status, plain.stderr).toBe(EXIT.ok);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toContain(`kernelspec: ${join(kernel, 'kernel.json')}`);
    const user = install(['--python', JUPYTER_PYTHON, '--user']);
    expect(user.status, user.stderr).toBe(EXIT.ok);
    expect(readdirSync(join(root, 'user-data', 'kernels'))).toEqual(['tslab']);
    expect(readFileSync(join(kernel, 'kernel.json'), 'utf8')).toBe(expectedJson);
  });

  it('--sys-prefix installs into the virtualenv of --python, whose Jupyter finds it', () => {
    const venv = join(root, 'venv');
    const made = spawnSync(JUPYTER_PYTHON, ['-m', 'venv', '--without-pip', '--system-site-packages', venv], { encoding: 'utf8', timeout: 60_000 });
    expect(made.status, made.stderr).toBe(0);
    const result = install(['--python', join(venv, 'bin', 'python'), '--sys-prefix'], { JUPYTER_DATA_DIR: join(root, 'empty-user-data') });
    expect(result.status, result.stderr).toBe(EXIT.ok);
    expect(result.stderr).toBe('');
    expect(readFileSync(join(venv, 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json'), 'utf8')).toBe(expectedJson);

    // A per-user 'tslab' comes first in Jupyter's search: the command warns that it shadows this one.
    const shadowed = install(['--python', join(venv, 'bin', 'python'), '--sys-prefix']);
    expect(shadowed.status).toBe(EXIT.ok);
    expect(shadowed.stderr).toContain(`finds another "tslab" first, in ${join(root, 'user-data', 'kernels', 'tslab')}`);
  });

  it('--prefix where no folder can be made exits 3 with what Python said', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const result = install(['--python', JUPYTER_PYTHON, '--prefix', join(file, 'below')]);
    expect(result.status).toBe(EXIT.failure);
    expect(result.stderr).toMatch(/Could not write the kernelspec with .*python3: .*failed \(exit 1\): NotADirectoryError: /);
  });

  it('installKernel() rejects a missing tslab with KernelInstallError', async () => {
    await expect(installKernel({ python: JUPYTER_PYTHON, binary: join(root, 'no-tslab'), scope: { kind: 'prefix', dir: join(root, 'p3') } }))
      .rejects.toThrow(KernelInstallError);
    await expect(installKernel({ python: JUPYTER_PYTHON, binary: join(root, 'no-tslab') })).rejects.toThrow(/run `npm ci`/);
  });
});
