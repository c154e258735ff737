/**
 * Runs small Python programs in the Python whose Jupyter we register with, and finds
 * out whether that Python has Jupyter at all (`jupyter_core` and `jupyter_client`,
 * which own kernelspecs). Nothing here installs anything.
 */
import { spawnSync } from 'node:child_process';

/** What a Python with Jupyter told us about itself. */
export interface JupyterPython {
  /** The command as given, e.g. `python3` or `/usr/bin/python3`. */
  python: string;
  /** `sys.executable`: the interpreter that really ran. */
  executable: string;
  /** `sys.prefix`: where `--sys-prefix` installs. */
  prefix: string;
  jupyterCore: string;
  jupyterClient: string;
}

/** The Python cannot be run, or has no Jupyter: nothing can be registered for it. */
export class JupyterNotFoundError extends Error {
  override name = 'JupyterNotFoundError';
}

/** Time limit for one Python program; importing jupyter_client takes well under a second. */
const PYTHON_TIMEOUT_MS = 60_000;

const PROBE = `
import json, sys
info = {"executable": sys.executable, "prefix": sys.prefix}
try:
    import jupyter_core, jupyter_client
    from jupyter_client.kernelspec import KernelSpecManager
except ImportError as error:
    info["missing"] = str(error)
else:
    info["jupyter_core"] = jupyter_core.__version__
    info["jupyter_client"] = jupyter_client.__version__
print(json.dumps(info))
`;

/**
 * Runs `python -c program args...` and parses the JSON object it prints last.
 *
 * @throws {JupyterNotFoundError} if the Python cannot be started.
 * @throws {Error} if the program fails or prints no JSON; the message carries its stderr.
 */
export function runPython(python: string, program: string, args: readonly string[] = []): Record<string, unknown> {
  const result = spawnSync(python, ['-c', program, ...args], {
    encoding: 'utf8',
    timeout: PYTHON_TIMEOUT_MS,
    // Debian's debugpy prints a "frozen modules" warning on import; it means nothing here.
    env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
  });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES') throw new JupyterNotFoundError(`Python not found: ${python} (${code}).`);
    throw new Error(`${python} did not finish: ${result.error.message}`);
  }
  const lines = result.stdout.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  if (result.status !== 0 || !last.startsWith('{')) {
    // A Python traceback ends with the exception, e.g. "PermissionError: [Errno 13] ...": that line says it all.
    const said = (result.stderr.trim() || result.stdout.trim()).split('\n');
    const reason = said[0] === 'Traceback (most recent call last):' ? said[said.length - 1] : said.join('\n');
    throw new Error(`${python} failed (exit ${String(result.status ?? result.signal)}): ${reason ?? 'no message'}`);
  }
  return JSON.parse(last) as Record<string, unknown>;
}

/**
 * Checks that `python` runs and can import `jupyter_core` and `jupyter_client`.
 *
 * @param python A command or path, e.g. `python3`, `/usr/bin/python3`, `.venv/bin/python`.
 * @returns The interpreter's path, prefix and Jupyter versions.
 * @throws {JupyterNotFoundError} naming the Python and what is missing.
 * @example
 * ```ts
 * findJupyter('/usr/bin/python3').jupyterClient; // '7.4.9' on Debian 12
 * ```
 */
export function findJupyter(python: string): JupyterPython {
  let info: Record<string, unknown>;
  try {
    info = runPython(python, PROBE);
  } catch (error) {
    if (error instanceof JupyterNotFoundError) throw error;
    throw new JupyterNotFoundError(`Could not run ${python}: ${(error as Error).message}`);
  }
  const executable = String(info['executable']);
  if (typeof info['missing'] === 'string') {
    throw new JupyterNotFoundError(
      `Jupyter is not installed for ${python} (${executable}): ${info['missing']}.\n` +
        'Install it for that Python (e.g. `apt-get install jupyter-notebook` for /usr/bin/python3, ' +
        'or `pip install jupyterlab`), or name the Python whose Jupyter you use with --python.',
    );
  }
  return {
    python,
    executable,
    prefix: String(info['prefix']),
    jupyterCore: String(info['jupyter_core']),
    jupyterClient: String(info['jupyter_client']),
  };
}
