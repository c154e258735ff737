/**
 * `node:module` in the browser bundle: `createRequire` for the few packages src/
 * requires at run time. tslab's display API is served by the worker (the library's
 * `kernelSink` then works as in Jupyter); plotly.js is already on the page; native
 * packages (tfjs-node, onnxruntime-node) are absent, as on a machine without them.
 */
interface TslabHook {
  /** The writer tslab keeps for the running cell; the worker sets it. */
  writeDisplayData?: (content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void;
}

const hook = (): TslabHook => ((globalThis as { __backpropTsTslab?: TslabHook }).__backpropTsTslab ??= {});

/** tslab's public display API, one mime type per output, for code that uses it directly. */
function tslabDisplay() {
  const display = (displayId?: string) => ({
    raw(contentType: string, content: string) {
      hook().writeDisplayData?.({ data: { [contentType]: content }, metadata: {}, transient: displayId ? { display_id: displayId } : {} }, false);
    },
    html(content: string) {
      this.raw('text/html', content);
    },
    text(content: string) {
      this.raw('text/plain', content);
    },
    markdown(content: string) {
      this.raw('text/markdown', content);
    },
    svg(content: string) {
      this.raw('image/svg+xml', content);
    },
  });
  let displays = 0;
  return { display: display(), newDisplay: () => display(`tslab-display-${++displays}`) };
}

function moduleNotFound(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}' (not available in the browser)`), { code: 'MODULE_NOT_FOUND' });
}

export function createRequire(_from: string | URL) {
  const require = (id: string): unknown => {
    switch (id) {
      case 'tslab/dist/jupyter.js':
        return { get lastWriteDisplayData() { return hook().writeDisplayData ?? null; } };
      case 'tslab':
        return tslabDisplay();
      case 'plotly.js-dist-min/package.json':
        return { version: PLOTLY_VERSION };
      default:
        throw moduleNotFound(id);
    }
  };
  // plotly.js: the page loads it; the bundle output the library sends once is dropped by the page.
  require.resolve = (id: string): string => {
    if (id === 'plotly.js-dist-min') return '/book/assets/run/plotly-on-page.js';
    throw moduleNotFound(id);
  };
  return require;
}

declare const PLOTLY_VERSION: string;

export default { createRequire };
