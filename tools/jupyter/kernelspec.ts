/**
 * The Jupyter kernelspec of this project's tslab: the `kernel.json` that tells Jupyter
 * how to start the kernel the notebooks ask for (their metadata names `tslab`).
 * Pure: the same binary path always gives the same bytes, so installing twice
 * leaves an identical file.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The project's own tslab launcher, `<project>/node_modules/.bin/tslab`. */
export const TSLAB_BINARY = resolve(PROJECT_DIR, 'node_modules', '.bin', 'tslab');

/**
 * The kernelspec that starts `binary` as a tslab TypeScript kernel. tslab has no
 * interrupt request handler, so interrupts are signals (SIGINT breaks a running cell).
 *
 * @param binary Absolute path of the tslab launcher.
 * @returns The spec; {@link kernelJson} gives its file content.
 * @example
 * ```ts
 * tslabKernelSpec('/home/me/backprop-ts/node_modules/.bin/tslab').argv;
 * // ['/home/me/backprop-ts/node_modules/.bin/tslab', 'kernel', '--config-path', '{connection_file}']
 * ```
 */
export function tslabKernelSpec(binary: string): KernelSpec {
  return {
    // As tslab's own installer writes it: the connection file is its own argument.
    argv: [binary, 'kernel', '--config-path', '{connection_file}'],
    display_name: DISPLAY_NAME,
    language: 'typescript',
    interrupt_mode: 'signal',
  };
}

/** The text of `kernel.json` for a spec: stable key order, two-space indent, final newline. */
export function kernelJson(spec: KernelSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
