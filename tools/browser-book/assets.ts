/**
 * `buildRunAssets(outDir)`: what a book page needs to run its cells, written to
 * `assets/run/` with esbuild at book build time, all from this checkout and node_modules
 * (no CDN, nothing fetched from another origin at run time):
 *
 * | file | what |
 * |---|---|
 * | `library.js` | the library for browsers (src/browser.ts): backprop-ts, TensorFlow.js with the WebGPU, WebGL, wasm and cpu backends; Node-only modules replaced by `shims/` |
 * | `tfjs-backend-wasm*.wasm` | the wasm backend's binaries, loaded from beside `library.js` |
 * | `worker.js` | the page's kernel (worker/worker.ts): sucrase, acorn, util.inspect |
 * | `page.js`, `editor.js` | the page's buttons and output renderer (page/), and CodeMirror 6, loaded on the first edit |
 *
 * and copies `data/` to the book's `data/`, where the library's data URLs point in the browser.
 */
import { build, type Plugin } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
/** The project root: this file is tools/browser-book/assets.ts, or its build dist-tools/browser-book/assets.js. */
const root = resolve(here, '../..');
/** Entry points are the TypeScript sources (esbuild compiles them), also when this module runs from dist-tools/. */
const source = (path: string) => join(root, 'tools/browser-book', path);

/** Where the run assets go, inside the book. */
export const RUN_ASSETS = 'assets/run';

/** The Node modules src/ imports, and their browser stand-ins. */
const SHIMS: Record<string, string> = { 'node:fs': 'fs', 'node:url': 'url', 'node:crypto': 'crypto', 'node:module': 'module' };

/**
 * esbuild plugin for src/: Node's modules become shims, `process` and `Buffer` come from
 * the globals shim, and `import.meta.url` becomes a `file:` URL under `/book/` (the
 * library's `new URL('../../data/…', import.meta.url)` then names the book's copy, which
 * the fs shim reads over http).
 */
const browserLibrary: Plugin = {
  name: 'backprop-ts-browser',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => {
      const shim = SHIMS[args.path];
      if (shim === undefined) return { errors: [{ text: `${args.path} has no browser stand-in (imported by ${args.importer})` }] };
      return { path: source(`shims/${shim}.ts`) };
    });
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      const file = relative(root, args.path).split(/[\\/]/).join('/');
      if (file !== 'src/browser.ts') contents = contents.replaceAll('import.meta.url', JSON.stringify(`file:///book/${file}`));
      if (/\b(process|Buffer)\b/.test(contents)) contents = `import { process, Buffer } from ${JSON.stringify(source('shims/globals.ts'))};\n${contents}`;
      return { contents, loader: 'ts' };
    });
  },
};

/** Copies a folder's files (recursively) into the book. */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) await copyTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) await copyFile(join(from, entry.name), join(to, entry.name));
  }
}

/** Options for {@link buildRunAssets}. */
export interface RunAssetsOptions {
  /** Minify the bundles. Default `true`. */
  minify?: boolean;
}

/**
 * Writes the run assets into `outDir/assets/run/` and the data files into `outDir/data/`.
 *
 * @param outDir The book folder.
 * @returns The files written, relative to `outDir`.
 */
export async function buildRunAssets(outDir: string, options: RunAssetsOptions = {}): Promise<string[]> {
  const out = join(outDir, RUN_ASSETS);
  await mkdir(out, { recursive: true });
  const common = {
    bundle: true,
    minify: options.minify ?? true,
    legalComments: 'none' as const,
    target: ['es2022'],
    logLevel: 'error' as const,
    absWorkingDir: root,
  };
  const plotly = (require('plotly.js-dist-min/package.json') as { version: string }).version;
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'src/browser.ts')],
      outfile: join(out, 'library.js'),
      format: 'esm',
      platform: 'browser',
      plugins: [browserLibrary],
      // Readable: cells print library functions (chapter 6 shows referenceBackprop's code).
      minify: false,
      define: { PLOTLY_VERSION: JSON.stringify(plotly) },
    }),
    build({ ...common, entryPoints: [source('worker/worker.ts')], outfile: join(out, 'worker.js'), format: 'esm', platform: 'browser' }),
    build({ ...common, entryPoints: [source('page/page.ts')], outfile: join(out, 'page.js'), format: 'iife', platform: 'browser' }),
    build({ ...common, entryPoints: [source('editor/editor.ts')], outfile: join(out, 'editor.js'), format: 'iife', platform: 'browser' }),
  ]);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const wasm = (await readdir(wasmDir)).filter((f) => f.endsWith('.wasm'));
  for (const file of wasm) await copyFile(join(wasmDir, file), join(out, file));
  // What the library reads for plotly.js in a kernel; the page has its own copy, so the output it makes is dropped.
  await writeFile(join(out, 'plotly-on-page.js'), '/* plotly.js is loaded by the book page (assets/plotly.min.js) */\n');
  await copyTree(join(root, 'data'), join(outDir, 'data'));
  return [...['library.js', 'worker.js', 'page.js', 'editor.js', 'plotly-on-page.js', ...wasm].map((f) => `${RUN_ASSETS}/${f}`), 'data/'];
}
