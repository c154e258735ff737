#!/usr/bin/env node
/**
 * `npm run kernel:install -- [--python P] [--user | --sys-prefix | --prefix DIR]`:
 * registers this project's tslab (`node_modules/.bin/tslab`) as the Jupyter kernel
 * `tslab`. Exit codes are listed in {@link EXIT}; see tools/jupyter/README.md.
 */
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KernelInstallError, installKernel, type InstallScope } from './install.js';
import { EXPORT_TEMPLATE_NAME } from './export-template.js';
import { DISPLAY_NAME, KERNEL_NAME } from './kernelspec.js';
import { JupyterNotFoundError } from './python.js';
import { EXIT_USAGE, defaultIo, isEntryPoint, parseCommandLine, type CliIo, type ParsedValues } from '../cli.js';

/** Exit codes of the command. */
export const EXIT = {
  /** The kernelspec was written (or rewritten, identical). */
  ok: 0,
  /** That Python cannot be run, or has no Jupyter (`jupyter_core`, `jupyter_client`). */
  noJupyter: 1,
  /** Bad arguments. */
  usage: EXIT_USAGE,
  /** tslab is missing from node_modules, or the kernelspec could not be written. */
  failure: 3,
} as const;

export const USAGE = `Usage: npm run kernel:install -- [--python PYTHON] [--user | --sys-prefix | --prefix DIR]

Registers this project's tslab (node_modules/.bin/tslab) as the Jupyter kernel
"${KERNEL_NAME}" ("${DISPLAY_NAME}") for the Jupyter of PYTHON. Running it again
replaces the kernelspec with an identical one.

Options:
  --python PYTHON  the Python whose Jupyter gets the kernel (default python3);
                   Debian's packaged Jupyter is /usr/bin/python3
  --user           the per-user kernel folder (default; honours JUPYTER_DATA_DIR)
  --sys-prefix     PYTHON's sys.prefix, for a virtualenv or conda env
  --prefix DIR     DIR/share/jupyter/kernels (Jupyter looks there only if
                   DIR/share/jupyter is on JUPYTER_PATH)
  -h, --help       show this help

Exit codes: 0 registered, 1 no Jupyter for that Python, 2 usage error,
3 tslab missing or the kernelspec could not be written.`;

/**
 * Runs the command with `args` (without `node` and the script).
 *
 * @returns The exit code, see {@link EXIT}.
 */
export async function main(args: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const parsed = parseCommandLine(args, io, { usage: USAGE, options: OPTIONS, read: readOptions });
  if (typeof parsed === 'number') return parsed;
  try {
    const installed = await installKernel(parsed);
    const spec = JSON.parse(installed.kernelJson) as { argv: string[] };
    io.stdout(
      `Registered kernel "${KERNEL_NAME}" (${DISPLAY_NAME}) for ${installed.jupyter.executable} (jupyter_client ${installed.jupyter.jupyterClient})\n` +
        `  kernelspec: ${join(installed.destination, 'kernel.json')}\n` +
        `  runs:       ${spec.argv.join(' ')}\n` +
        `  charts:     JupyterLab renderer ${installed.labExtension.path} (plotly.js ${installed.labExtension.plotly}); reload open JupyterLab tabs\n` +
        `  exports:    HTML template "${EXPORT_TEMPLATE_NAME}" ${installed.exportTemplate.path} (charts and math offline)\n` +
        `              made the default in ${installed.exportTemplate.configFile} (HTMLExporter.template_name); restart a running Jupyter server\n`,
    );
    if (!installed.exportTemplate.configRead) {
      io.stderr(`warning: this Jupyter does not read ${installed.exportTemplate.configFile}; add ${dirname(installed.exportTemplate.configFile)} to JUPYTER_CONFIG_PATH, or export with --template ${EXPORT_TEMPLATE_NAME}.\n`);
    }
    if (installed.resolvedBy === undefined) {
      io.stderr(`warning: this Jupyter does not look in ${dirname(dirname(installed.destination))}; add that folder to JUPYTER_PATH.\n`);
    } else if (realpathSync(installed.resolvedBy) !== realpathSync(installed.destination)) {
      io.stderr(`warning: this Jupyter finds another "${KERNEL_NAME}" first, in ${installed.resolvedBy}; remove it or install there.\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof JupyterNotFoundError) {
      io.stderr(`error: ${error.message}\n`);
      return EXIT.noJupyter;
    }
    io.stderr(`error: ${error instanceof KernelInstallError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    return EXIT.failure;
  }
}

const OPTIONS = {
  python: { type: 'string' },
  user: { type: 'boolean' },
  'sys-prefix': { type: 'boolean' },
  prefix: { type: 'string' },
} as const;

function readOptions(values: ParsedValues<typeof OPTIONS>): { python: string; scope: InstallScope } {
  const chosen = [values.user === true && '--user', values['sys-prefix'] === true && '--sys-prefix', values.prefix !== undefined && '--prefix'].filter(Boolean);
  if (chosen.length > 1) throw new Error(`Expected at most one of --user, --sys-prefix, --prefix but found ${chosen.join(' and ')}`);
  if (values.python === '') throw new Error('Expected --python to name a Python but found an empty string');
  if (values.prefix === '') throw new Error('Expected --prefix to name a folder but found an empty string');
  const scope: InstallScope =
    values.prefix !== undefined ? { kind: 'prefix', dir: values.prefix } : values['sys-prefix'] === true ? { kind: 'sys-prefix' } : { kind: 'user' };
  return { python: values.python ?? 'python3', scope };
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
