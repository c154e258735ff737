import { describe, expect, it } from 'vitest';
import { renderOutputs } from '../../../tools/book/outputs.js';

describe('renderOutputs', () => {
  it('renderOutputs shows a printed <script> as text and runs nothing', () => {
    const { html } = renderOutputs([{ output_type: 'stream', name: 'stdout', text: '<script>alert(1)</script>\n' }]);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('renderOutputs escapes text/plain results and error tracebacks', () => {
    const { html } = renderOutputs([
      { output_type: 'execute_result', execution_count: 1, data: { 'text/plain': '<b>1</b>' }, metadata: {} },
      { output_type: 'error', ename: 'Error', evalue: '<x>', traceback: ['\u001b[31mError: <x>\u001b[0m', '    at <anonymous>'] },
    ]);
    expect(html).toContain('<pre class="output text">&lt;b&gt;1&lt;/b&gt;</pre>');
    expect(html).toContain('<pre class="output error">Error: &lt;x&gt;\n    at &lt;anonymous&gt;</pre>');
  });

  it('renderOutputs falls back to ename: evalue when the traceback is empty', () => {
    expect(renderOutputs([{ output_type: 'error', ename: 'TypeError', evalue: 'bad', traceback: [] }]).html).toContain('TypeError: bad');
  });

  it('renderOutputs inserts text/html from the kernel as HTML and notices charts', () => {
    const chart = renderOutputs([{ output_type: 'display_data', data: { 'text/html': '<div class="backprop-ts-chart" id="c1"></div>', 'text/plain': 'chart' }, metadata: {} }]);
    expect(chart.html).toContain('<div class="backprop-ts-chart" id="c1"></div>');
    expect(chart.usesPlotly).toBe(true);
    expect(renderOutputs([{ output_type: 'display_data', data: { 'text/html': '<b>hi</b>' }, metadata: {} }]).usesPlotly).toBe(false);
  });

  it('renderOutputs drops the inline plotly.js bundle: pages load the shared copy', () => {
    const bundle = renderOutputs([{ output_type: 'display_data', data: { 'text/html': '<script data-backprop-ts-plotly>/* 3.5 MB */</script>' }, metadata: {} }]);
    expect(bundle).toEqual({ html: '', usesPlotly: true });
  });

  it('renderOutputs shows images as data URIs and markdown as HTML', () => {
    const { html } = renderOutputs([
      { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=\n' }, metadata: {} },
      { output_type: 'display_data', data: { 'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg"/>' }, metadata: {} },
      { output_type: 'display_data', data: { 'text/markdown': '**bold**' }, metadata: {} },
      { output_type: 'display_data', data: { 'application/x-unknown': {} }, metadata: {} },
    ]);
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('(output of type application/x-unknown)');
  });

  it('renderOutputs marks stderr streams', () => {
    expect(renderOutputs([{ output_type: 'stream', name: 'stderr', text: 'warn' }]).html).toBe('<pre class="output stream stderr">warn</pre>');
  });
});
