/**
 * `buildLabExtension(dir)`: writes the JupyterLab chart renderer, a prebuilt
 * extension that draws `application/vnd.plotly.v1+json` outputs with plotly.js from
 * node_modules. With it, JupyterLab draws every chart from the figure itself: after a
 * rerun, a second Run All, a tab reload, in a second tab, and in a saved notebook
 * reopened without a kernel, trusted or not. `npm run kernel:install` writes it into
 * `<data dir>/labextensions/`, next to the kernelspec.
 *
 * The output is deterministic (file names carry a hash of their content, because
 * JupyterLab serves extension files as immutable for a year), so installing twice
 * writes the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { plotlyModuleSource, remoteEntrySource } from './labextension-runtime.js';

/** The extension's name: its folder under `labextensions/`, as `jupyter labextension list` shows it. */
export const LAB_EXTENSION_NAME = 'backprop-ts-plotly-renderer';

const require = createRequire(import.meta.url);

/** What {@link buildLabExtension} wrote. */
export interface BuiltLabExtension {
  /** The extension's folder, `<dir>/backprop-ts-plotly-renderer`. */
  path: string;
  /** The project's version, which the extension carries. */
  version: string;
  /** The plotly.js version it draws with. */
  plotly: string;
  /** Files written, relative to `path`. */
  files: string[];
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 20);

/**
 * Writes the extension into `<labextensions>/backprop-ts-plotly-renderer`, replacing
 * an earlier copy.
 *
 * @param labextensions A `labextensions` folder of a Jupyter data directory.
 * @returns What was written.
 * @example
 * ```ts
 * await buildLabExtension(join(venv, 'share', 'jupyter', 'labextensions'));
 * ```
 */
export async function buildLabExtension(labextensions: string): Promise<BuiltLabExtension> {
  const version = (JSON.parse(await readFile(require.resolve('../../package.json'), 'utf8')) as { version: string }).version;
  const plotlyVersion = (require('plotly.js-dist-min/package.json') as { version: string }).version;
  const plotly = plotlyModuleSource(LAB_EXTENSION_NAME, await readFile(require.resolve('plotly.js-dist-min'), 'utf8'));
  const plotlyFile = `plotly-${plotlyVersion}.${hash(plotly)}.js`;
  const entry = remoteEntrySource(LAB_EXTENSION_NAME, version, plotlyFile);
  const entryFile = `remoteEntry.${hash(entry)}.js`;
  const packageJson = {
    name: LAB_EXTENSION_NAME,
    version,
    description: `Draws application/vnd.plotly.v1+json outputs with plotly.js ${plotlyVersion}, offline. Installed by backprop-ts (npm run kernel:install).`,
    license: 'MIT',
    jupyterlab: { mimeExtension: true, _build: { load: `static/${entryFile}`, mimeExtension: './mimeExtension' } },
  };
  const install = {
    packageManager: 'npm',
    packageName: 'backprop-ts',
    uninstallInstructions: 'Delete this folder; npm run kernel:install of backprop-ts wrote it.',
  };
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'install.json': `${JSON.stringify(install, null, 2)}\n`,
    [`static/${entryFile}`]: entry,
    [`static/${plotlyFile}`]: plotly,
    'static/plotly.LICENSE': await readFile(join(require.resolve('plotly.js-dist-min/package.json'), '..', 'LICENSE'), 'utf8'),
  };
  const path = join(labextensions, LAB_EXTENSION_NAME);
  await rm(path, { recursive: true, force: true });
  await mkdir(join(path, 'static'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(path, file), content);
  return { path, version, plotly: plotlyVersion, files: Object.keys(files) };
}
