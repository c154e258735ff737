/**
 * How the runner starts tslab unless told otherwise: the project's kernel launcher
 * (`dist-tools/kernel/tslab-kernel.js`, see tools/kernel/README.md), which runs the
 * project's `node_modules/.bin/tslab` with sends that lose no output.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelArgv } from '../kernel/argv.js';
import { KernelStartError } from './kernel-errors.js';

const MODULE_DIR = dirname(fileURLToPath(import.meta.url));

/** The folders searched upwards: this module's, then the working directory. */
function* upwards(): Generator<string> {
  for (const start of [MODULE_DIR, process.cwd()]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      yield dir;
      if (dirname(dir) === dir) break;
    }
  }
}

/**
 * Locates `node_modules/.bin/tslab`, searching upwards from this module's
 * directory, then from `process.cwd()`.
 *
 * @throws {KernelStartError} if tslab is not installed.
 */
export function findTslabBinary(): string {
  for (const dir of upwards()) {
    const candidate = join(dir, 'node_modules', '.bin', 'tslab');
    if (existsSync(candidate)) return candidate;
  }
  throw new KernelStartError(`Cannot find node_modules/.bin/tslab above ${MODULE_DIR} or ${process.cwd()}; run npm install`);
}

/**
 * Locates the built kernel launcher: `../kernel/tslab-kernel.js` beside this module
 * once compiled (`dist-tools/`), else `dist-tools/kernel/tslab-kernel.js` searching
 * upwards from this module's directory, then from `process.cwd()` (this module run
 * from its TypeScript source, as tests do).
 *
 * @throws {KernelStartError} if the tools are not built.
 */
export function findKernelLauncher(): string {
  const sibling = join(dirname(MODULE_DIR), 'kernel', 'tslab-kernel.js');
  if (existsSync(sibling)) return sibling;
  for (const dir of upwards()) {
    const candidate = join(dir, 'dist-tools', 'kernel', 'tslab-kernel.js');
    if (existsSync(candidate)) return candidate;
  }
  throw new KernelStartError(`Cannot find dist-tools/kernel/tslab-kernel.js above ${MODULE_DIR} or ${process.cwd()}; run npm run build`);
}

/**
 * The runner's default kernel command line, kernelspec style:
 * `[node, <launcher>, '--tslab', <tslab>, 'kernel', '--config-path', '{connection_file}', '--remove-connection-folder']`,
 * with this process's Node: if the runner dies, its kernel exits and removes the runner's private folder.
 *
 * @throws {KernelStartError} if tslab is not installed or the launcher not built.
 */
export function defaultKernelArgv(): string[] {
  return kernelArgv({ launcher: findKernelLauncher(), tslab: findTslabBinary(), removeConnectionFolder: true });
}
