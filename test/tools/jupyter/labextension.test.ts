import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { LAB_EXTENSION_NAME, buildLabExtension } from '../../../tools/jupyter/labextension.js';

const root = mkdtempSync(join(tmpdir(), 'labextension-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** Runs the extension's remoteEntry as JupyterLab's page would: a script tag, then init and get. */
function loadContainer(path: string, entry: string) {
  const appended: { src: string }[] = [];
  const window: Record<string, unknown> = {};
  const document = {
    currentScript: { src: `http://127.0.0.1/lab/extensions/${LAB_EXTENSION_NAME}/static/${entry}` },
    createElement: () => ({}),
    head: { appendChild: (script: { src: string }) => void appended.push(script) },
  };
  window['window'] = window;
  runInNewContext(readFileSync(join(path, 'static', entry), 'utf8'), { window, document, Promise, Object, JSON, Error });
  const container = (window['_JUPYTERLAB'] as Record<string, { init(scope: unknown): void; get(module: string): Promise<() => { default: unknown }> }>)[LAB_EXTENSION_NAME]!;
  return { container, appended, window };
}

class FakeWidget {
  node = { dataset: {} as Record<string, string>, classList: [] as string[] };
  addClass(name: string) {
    this.node.classList.push(name);
  }
}

describe('buildLabExtension', () => {
  it('buildLabExtension writes what JupyterLab reads: package.json with _build.load, install.json, hashed static files', async () => {
    const built = await buildLabExtension(join(root, 'a'));
    expect(built.path).toBe(join(root, 'a', LAB_EXTENSION_NAME));
    const pkg = JSON.parse(readFileSync(join(built.path, 'package.json'), 'utf8')) as { name: string; version: string; jupyterlab: { _build: { load: string; mimeExtension: string } } };
    expect(pkg.name).toBe(LAB_EXTENSION_NAME); // JupyterLab serves the folder under this name
    expect(pkg.version).toBe(built.version);
    expect(pkg.jupyterlab._build.mimeExtension).toBe('./mimeExtension');
    expect(pkg.jupyterlab._build.load).toMatch(/^static\/remoteEntry\.[0-9a-f]{20}\.js$/);
    const statics = readdirSync(join(built.path, 'static')).sort();
    expect(statics).toHaveLength(3);
    expect(statics).toContain(pkg.jupyterlab._build.load.slice('static/'.length));
    expect(statics).toContain('plotly.LICENSE');
    expect(statics.some((f) => new RegExp(`^plotly-${built.plotly.replaceAll('.', '\\.')}\\.[0-9a-f]{20}\\.js$`).test(f))).toBe(true);
    expect(JSON.parse(readFileSync(join(built.path, 'install.json'), 'utf8'))).toMatchObject({ packageManager: 'npm', packageName: 'backprop-ts' });
  });

  it('buildLabExtension is deterministic: the same bytes under the same names every time', async () => {
    const [a, b] = [await buildLabExtension(join(root, 'b1')), await buildLabExtension(join(root, 'b2'))];
    expect(a.files).toEqual(b.files);
    for (const file of a.files) expect(readFileSync(join(b.path, file)).equals(readFileSync(join(a.path, file))), file).toBe(true);
  });

  it('the container gives JupyterLab a safe mime renderer for plotly JSON that wins over text/html', async () => {
    const built = await buildLabExtension(join(root, 'c'));
    const entry = (JSON.parse(readFileSync(join(built.path, 'package.json'), 'utf8')) as { jupyterlab: { _build: { load: string } } }).jupyterlab._build.load.slice('static/'.length);
    const { container, appended } = loadContainer(built.path, entry);
    container.init({ '@lumino/widgets': { '2.7.1': { get: () => Promise.resolve(() => ({ Widget: FakeWidget })) } } });
    const factory = await container.get('./mimeExtension');
    const plugin = factory().default as { id: string; rank: number; dataType: string; rendererFactory: { safe: boolean; mimeTypes: string[]; createRenderer(o: { mimeType: string }): FakeWidget } };
    expect(plugin.rendererFactory.mimeTypes).toEqual([PLOTLY_MIME]);
    expect(plugin.rendererFactory.safe).toBe(true); // drawn in untrusted notebooks too
    expect(plugin.rank).toBeLessThan(50); // JupyterLab's text/html renderer has rank 50
    const renderer = plugin.rendererFactory.createRenderer({ mimeType: PLOTLY_MIME });
    expect(renderer).toBeInstanceOf(FakeWidget);
    expect(renderer.node.dataset['mimeType']).toBe(PLOTLY_MIME);
    expect(appended).toHaveLength(0); // plotly.js is loaded when the first chart renders, not before
    await expect(container.get('./nothing')).rejects.toThrow(/no module \.\/nothing/);
  });

  it('the container refuses a JupyterLab that shares no @lumino/widgets 2.x, with a message', async () => {
    const built = await buildLabExtension(join(root, 'd'));
    const entry = (JSON.parse(readFileSync(join(built.path, 'package.json'), 'utf8')) as { jupyterlab: { _build: { load: string } } }).jupyterlab._build.load.slice('static/'.length);
    const { container } = loadContainer(built.path, entry);
    container.init({ '@lumino/widgets': { '1.9.0': { get: () => Promise.resolve(() => ({})) } } });
    await expect(container.get('./mimeExtension')).rejects.toThrow(/shares no @lumino\/widgets 2\.x/);
  });
});
