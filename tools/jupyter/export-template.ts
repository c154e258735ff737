/**
 * `installExportTemplate(dataDir)`: the nbconvert template `backprop-ts` (in
 * `template/`), with the scripts it inlines copied from node_modules: plotly.js,
 * MathJax 3 and require.js. An HTML export made with it (JupyterLab's File → Save and
 * Export Notebook As → HTML with its default options, or `jupyter nbconvert --to html`)
 * draws every chart and renders every formula with no network. `npm run kernel:install`
 * installs it next to the kernelspec and makes it the default HTML template
 * (`HTMLExporter.template_name` in `jupyter_config.json`, which both the Jupyter server
 * and the nbconvert command read).
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The template's name, as `--template` and `HTMLExporter.template_name` spell it. */
export const EXPORT_TEMPLATE_NAME = 'backprop-ts';

const require = createRequire(import.meta.url);
/** The template's own files, in the source tree (`tools/jupyter/template/`), found from either tools/ or dist-tools/. */
const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'jupyter', 'template');

/** What the template inlines: its `static/` name and where it comes from. */
const ASSETS: readonly { file: string; from: string }[] = [
  { file: 'plotly.min.js', from: require.resolve('plotly.js-dist-min') },
  { file: 'tex-svg-full.js', from: require.resolve('mathjax/es5/tex-svg-full.js') },
  { file: 'require.js', from: require.resolve('requirejs/require.js') },
];

/** What {@link installExportTemplate} wrote. */
export interface InstalledTemplate {
  /** `<data dir>/nbconvert/templates/backprop-ts`. */
  path: string;
  /** Files written, relative to `path`. */
  files: string[];
}

/**
 * Writes the template into `<dataDir>/nbconvert/templates/backprop-ts`, replacing an
 * earlier copy.
 *
 * @param dataDir A Jupyter data directory (the one holding `kernels/`).
 * @returns What was written.
 * @example
 * ```ts
 * await installExportTemplate(join(venv, 'share', 'jupyter'));
 * ```
 */
export async function installExportTemplate(dataDir: string): Promise<InstalledTemplate> {
  const path = join(dataDir, 'nbconvert', 'templates', EXPORT_TEMPLATE_NAME);
  await rm(path, { recursive: true, force: true });
  await mkdir(join(path, 'static'), { recursive: true });
  const files: string[] = [];
  for (const file of ['conf.json', 'index.html.j2']) {
    await copyFile(join(SOURCE, file), join(path, file));
    files.push(file);
  }
  for (const asset of ASSETS) {
    await copyFile(asset.from, join(path, 'static', asset.file));
    files.push(`static/${asset.file}`);
  }
  return { path, files };
}

/** The version of plotly.js, MathJax and require.js the template inlines, for messages. */
export async function templateAssetVersions(): Promise<Record<string, string>> {
  const version = async (pkg: string) => (JSON.parse(await readFile(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;
  return { 'plotly.js': await version('plotly.js-dist-min'), mathjax: await version('mathjax'), requirejs: await version('requirejs') };
}
