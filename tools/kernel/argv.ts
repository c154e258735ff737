/**
 * `kernelArgv(...)`: the command line that starts a tslab kernel through our launcher
 * (`tslab-kernel.ts`), in kernelspec style. Jupyter's kernel.json
 * (`tools/jupyter/kernelspec.ts`) and the notebook runner
 * (`tools/notebook-runner/tslab-binary.ts`) both use it.
 */

/** What {@link kernelArgv} puts on the command line. */
export interface KernelCommand {
  /** The Node.js that runs the launcher, by absolute path. Default `process.execPath`. */
  node?: string;
  /** The launcher, `<project>/dist-tools/kernel/tslab-kernel.js`. */
  launcher: string;
  /** The tslab it runs, by its launcher script (`<project>/node_modules/.bin/tslab`). */
  tslab: string;
  /**
   * Whether the kernel removes the folder of its connection file when its parent dies
   * (`--remove-connection-folder`): the notebook runner's private folder, not Jupyter's. Default false.
   */
  removeConnectionFolder?: boolean;
}

/**
 * The kernel's command line; `{connection_file}` stands for the connection file's
 * path, which Jupyter (and the runner) fill in.
 *
 * @example
 * ```ts
 * kernelArgv({ node: '/usr/bin/node', launcher: '/p/dist-tools/kernel/tslab-kernel.js', tslab: '/p/node_modules/.bin/tslab' });
 * // ['/usr/bin/node', '/p/dist-tools/kernel/tslab-kernel.js', '--tslab', '/p/node_modules/.bin/tslab',
 * //  'kernel', '--config-path', '{connection_file}']
 * ```
 */
export function kernelArgv(command: KernelCommand): string[] {
  const argv = [command.node ?? process.execPath, command.launcher, '--tslab', command.tslab, 'kernel', '--config-path', '{connection_file}'];
  return command.removeConnectionFolder === true ? [...argv, '--remove-connection-folder'] : argv;
}
