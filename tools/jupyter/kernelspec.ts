/**
 * The Jupyter kernelspec of this project's tslab: the `kernel.json` that tells Jupyter
 * how to start the kernel the notebooks ask for (their metadata names `tslab`).
 * Jupyter runs tslab through our kernel launcher (tools/kernel/), so that no output
 * is lost. Pure: the same tslab and Node.js always give the same bytes, so installing
 * twice leaves an identical file.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelArgv } from '../kernel/argv.js';

/** The kernel name in every notebook's `metadata.kernelspec.name`. */
export const KERNEL_NAME = 'tslab';
/** The name Jupyter shows in its kernel menu; the notebooks' metadata uses the same. */
export const DISPLAY_NAME = 'TypeScript (backprop-ts)';

/** The fields of a `kernel.json` that we write. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'signal';
}

/** The project folder (two levels above this module, in `tools/jupyter/` or `dist-tools/jupyter/`). */
export const PROJECT_DIR = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

/** The project's own tslab launcher script, `<project>/node_modules/.bin/tslab`: the tslab the kernel runs. */
export const TSLAB_BINARY = resolve(PROJECT_DIR, 'node_modules', '.bin', 'tslab');

/**
 * Our kernel launcher, `<project>/dist-tools/kernel/tslab-kernel.js` (built from
 * tools/kernel/tslab-kernel.ts): it starts tslab as `tslab kernel` does, with sends
 * that lose no output and cannot crash the kernel.
 */
export const KERNEL_LAUNCHER = resolve(PROJECT_DIR, 'dist-tools', 'kernel', 'tslab-kernel.js');

/**
 * The kernelspec that starts the tslab `binary` as a TypeScript kernel, through
 * {@link KERNEL_LAUNCHER} on the Node.js `node`. tslab has no interrupt request
 * handler, so interrupts are signals (SIGINT breaks a running cell).
 *
 * @param binary Absolute path of tslab's launcher script.
 * @param node Absolute path of the Node.js to run it with. Default: the one running this.
 * @returns The spec; {@link kernelJson} gives its file content.
 * @example
 * ```ts
 * tslabKernelSpec('/home/me/backprop-ts/node_modules/.bin/tslab', '/usr/bin/node').argv;
 * // ['/usr/bin/node', '/home/me/backprop-ts/dist-tools/kernel/tslab-kernel.js',
 * //  '--tslab', '/home/me/backprop-ts/node_modules/.bin/tslab', 'kernel', '--config-path', '{connection_file}']
 * ```
 */
export function tslabKernelSpec(binary: string, node: string = process.execPath): KernelSpec {
  return {
    // As tslab's own installer writes it, the connection file is its own argument.
    argv: kernelArgv({ node, launcher: KERNEL_LAUNCHER, tslab: binary }),
    display_name: DISPLAY_NAME,
    language: 'typescript',
    interrupt_mode: 'signal',
  };
}

/** The text of `kernel.json` for a spec: stable key order, two-space indent, final newline. */
export function kernelJson(spec: KernelSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
