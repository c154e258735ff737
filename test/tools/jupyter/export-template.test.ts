import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_TEMPLATE_NAME, installExportTemplate, templateAssetVersions } from '../../../tools/jupyter/export-template.js';

const require = createRequire(import.meta.url);
const root = mkdtempSync(join(tmpdir(), 'export-template-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('installExportTemplate', () => {
  it('installExportTemplate writes the template over lab and the scripts it inlines, copied from node_modules', async () => {
    const installed = await installExportTemplate(root);
    expect(installed.path).toBe(join(root, 'nbconvert', 'templates', EXPORT_TEMPLATE_NAME));
    expect(JSON.parse(readFileSync(join(installed.path, 'conf.json'), 'utf8'))).toMatchObject({ base_template: 'lab' });
    expect(readdirSync(join(installed.path, 'static')).sort()).toEqual(['plotly.min.js', 'require.js', 'tex-svg-full.js']);
    expect(readFileSync(join(installed.path, 'static', 'plotly.min.js')).equals(readFileSync(require.resolve('plotly.js-dist-min')))).toBe(true);
    const template = readFileSync(join(installed.path, 'index.html.j2'), 'utf8');
    for (const file of ['plotly.min.js', 'tex-svg-full.js', 'require.js']) expect(template).toContain(`resources.include_js("static/${file}")`);
    expect(template).not.toMatch(/https?:\/\//); // nothing from the network
  });

  it('installExportTemplate replaces an earlier copy', async () => {
    await installExportTemplate(root);
    const again = await installExportTemplate(root);
    expect(again.files).toEqual(['conf.json', 'index.html.j2', 'static/plotly.min.js', 'static/tex-svg-full.js', 'static/require.js']);
  });

  it('templateAssetVersions names the versions the template inlines', async () => {
    expect(await templateAssetVersions()).toEqual({ 'plotly.js': '3.7.0', mathjax: '3.2.2', requirejs: '2.3.8' });
  });
});
