/**
 * `installKernel(options)`: registers the project's tslab as the Jupyter kernel
 * `tslab` for one Python's Jupyter. jupyter_client's own `KernelSpecManager` picks
 * the folder (so `--user`, `--sys-prefix` and `--prefix` mean exactly what they mean
 * to `jupyter kernelspec install`) and replaces an earlier spec of the same name, so
 * installing twice leaves one identical kernelspec.
 */
import { accessSync, constants } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { KERNEL_NAME, TSLAB_BINARY, kernelJson, tslabKernelSpec } from './kernelspec.js';
import { EXPORT_TEMPLATE_NAME, installExportTemplate, type InstalledTemplate } from './export-template.js';
import { buildLabExtension, type BuiltLabExtension } from './labextension.js';
import { findJupyter, runPython, type JupyterPython } from './python.js';

/**
 * Where the kernelspec goes: `user` is the per-user data folder (`jupyter --data-dir`,
 * honours `JUPYTER_DATA_DIR`); `sys-prefix` is `<sys.prefix>/share/jupyter` of that
 * Python (a virtualenv or conda env); `prefix` is `<dir>/share/jupyter`.
 */
export type InstallScope = { kind: 'user' } | { kind: 'sys-prefix' } | { kind: 'prefix'; dir: string };

/** Options for {@link installKernel}. */
export interface InstallKernelOptions {
  /** The Python whose Jupyter gets the kernel. Default `python3`. */
  python?: string;
  /** Default `{ kind: 'user' }`. */
  scope?: InstallScope;
  /** The tslab launcher the kernel runs. Default: this project's `node_modules/.bin/tslab`. */
  binary?: string;
}

/** What {@link installKernel} did. */
export interface InstalledKernel {
  /** The folder holding `kernel.json`, e.g. `~/.local/share/jupyter/kernels/tslab`. */
  destination: string;
  /** The content written to `kernel.json`. */
  kernelJson: string;
  /** The folder Jupyter now resolves `tslab` to, or undefined if it finds none (a prefix not on its path). */
  resolvedBy: string | undefined;
  jupyter: JupyterPython;
  /** The JupyterLab chart renderer, written to `labextensions/` of the same data directory. */
  labExtension: BuiltLabExtension;
  /** The offline HTML export template, written to `nbconvert/templates/` of the same data directory. */
  exportTemplate: InstalledTemplate & {
    /** The `jupyter_config.json` that now makes it the default HTML template. */
    configFile: string;
    /** Whether that Jupyter reads this config file (a `--prefix` folder must be on `JUPYTER_CONFIG_PATH`). */
    configRead: boolean;
  };
}

/** The kernelspec could not be written: tslab missing, a folder not writable, or Python failed. */
export class KernelInstallError extends Error {
  override name = 'KernelInstallError';
}

// argv: source folder, kernel name, scope, prefix ('' unless scope is prefix).
const INSTALL = `
import json, sys
from jupyter_client.kernelspec import KernelSpecManager
source, name, scope, prefix = sys.argv[1:5]
manager = KernelSpecManager()
if scope == "sys-prefix":
    prefix = sys.prefix
destination = manager.install_kernel_spec(source, name, user=(scope == "user"), prefix=(prefix or None))
print(json.dumps({"destination": destination, "resolved": KernelSpecManager().find_kernel_specs().get(name)}))
`;

// argv: scope, prefix ('' unless scope is prefix), template name. Sets HTMLExporter.template_name in
// the scope's jupyter_config.json (read by the Jupyter server, hence JupyterLab's export menu, and by
// the nbconvert command), keeping everything else in that file.
const CONFIGURE = `
import json, os, sys
from jupyter_core.paths import jupyter_config_dir, jupyter_config_path
scope, prefix, template = sys.argv[1:4]
if scope == "user":
    directory = jupyter_config_dir()
elif scope == "sys-prefix":
    directory = os.path.join(sys.prefix, "etc", "jupyter")
else:
    directory = os.path.join(prefix, "etc", "jupyter")
os.makedirs(directory, exist_ok=True)
path = os.path.join(directory, "jupyter_config.json")
config = {}
if os.path.exists(path):
    with open(path) as f:
        config = json.load(f)
config.setdefault("HTMLExporter", {})["template_name"] = template
with open(path, "w") as f:
    json.dump(config, f, indent=2, sort_keys=True)
    f.write("\\n")
read = os.path.realpath(directory) in [os.path.realpath(p) for p in jupyter_config_path()]
print(json.dumps({"path": path, "read": read}))
`;

/**
 * Registers tslab as the Jupyter kernel `tslab`, replacing an earlier `tslab` spec in
 * the same folder.
 *
 * @param options Which Python, where, and which tslab.
 * @returns Where the spec went and where Jupyter resolves `tslab` now.
 * @throws {JupyterNotFoundError} if the Python cannot be run or has no Jupyter.
 * @throws {KernelInstallError} if tslab is missing or the spec could not be written.
 * @example
 * ```ts
 * const installed = await installKernel({ python: '/usr/bin/python3', scope: { kind: 'prefix', dir: '/tmp/jupyter' } });
 * installed.destination; // '/tmp/jupyter/share/jupyter/kernels/tslab'
 * ```
 */
export async function installKernel(options: InstallKernelOptions = {}): Promise<InstalledKernel> {
  const python = options.python ?? 'python3';
  const scope = options.scope ?? { kind: 'user' };
  const binary = resolve(options.binary ?? TSLAB_BINARY);
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new KernelInstallError(`Expected an executable tslab at ${binary} but found none: run \`npm ci\` in the project first.`);
  }
  const jupyter = findJupyter(python);

  const content = kernelJson(tslabKernelSpec(binary));
  const staging = await mkdtemp(join(tmpdir(), 'backprop-ts-kernelspec-'));
  try {
    const source = join(staging, KERNEL_NAME);
    await mkdir(source);
    await chmod(source, 0o755); // Jupyter copies the folder with its mode; others must be able to read it
    await writeFile(join(source, 'kernel.json'), content, { mode: 0o644 });
    const prefix = scope.kind === 'prefix' ? resolve(scope.dir) : '';
    let result: Record<string, unknown>;
    try {
      result = runPython(python, INSTALL, [source, KERNEL_NAME, scope.kind, prefix]);
    } catch (error) {
      throw new KernelInstallError(`Could not write the kernelspec with ${python}: ${(error as Error).message}`);
    }
    const destination = String(result['destination']);
    const written = await readFile(join(destination, 'kernel.json'), 'utf8');
    if (written !== content) throw new KernelInstallError(`${join(destination, 'kernel.json')} does not hold what was installed.`);
    const resolved = result['resolved'];
    // <data dir>/kernels/tslab → <data dir>/labextensions: JupyterLab looks for extensions in every data dir it looks for kernels in.
    const dataDir = dirname(dirname(destination));
    const labExtension = await buildLabExtension(join(dataDir, 'labextensions'));
    const template = await installExportTemplate(dataDir);
    let config: Record<string, unknown>;
    try {
      config = runPython(python, CONFIGURE, [scope.kind, prefix, EXPORT_TEMPLATE_NAME]);
    } catch (error) {
      throw new KernelInstallError(`Could not make ${EXPORT_TEMPLATE_NAME} the default HTML export template with ${python}: ${(error as Error).message}`);
    }
    const exportTemplate = { ...template, configFile: String(config['path']), configRead: config['read'] === true };
    return { destination, kernelJson: content, resolvedBy: typeof resolved === 'string' ? resolved : undefined, jupyter, labExtension, exportTemplate };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
