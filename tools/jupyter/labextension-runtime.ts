/**
 * The browser side of the JupyterLab chart renderer, as JavaScript source that
 * `labextension.ts` writes into the extension's `remoteEntry.<hash>.js`. It runs in
 * JupyterLab's page, not in Node, so it is plain ES2017 text here; the JupyterLab
 * lane (test/jupyter/jupyterlab.test.ts) checks it in a real JupyterLab.
 *
 * JupyterLab loads a prebuilt extension as a webpack module-federation container:
 * it loads the `remoteEntry` script, which must put `{ init(shareScope), get(module) }`
 * at `window._JUPYTERLAB[name]`; `init` receives JupyterLab's shared modules (we take
 * `@lumino/widgets` from it) and `get('./mimeExtension')` resolves to a factory whose
 * `default` is the mime renderer plugin. Writing that contract by hand needs no
 * bundler: the whole extension is this file plus plotly.js from node_modules.
 */

/**
 * `createExtension(Widget, loadPlotly)`: the mime renderer plugin for
 * `application/vnd.plotly.v1+json`. A chart that cannot be drawn says why instead
 * of staying blank.
 */
export const RENDERER_SOURCE = String.raw`
function createExtension(Widget, loadPlotly) {
  var MIME_TYPE = 'application/vnd.plotly.v1+json';

  class PlotlyRenderer extends Widget {
    constructor(options) {
      super();
      this._mimeType = options.mimeType;
      this.node.dataset.mimeType = options.mimeType; // as JupyterLab's own renderers do
      this._plotly = null;
      this._attached = null;
      this.addClass('backprop-ts-plotly-renderer');
    }

    async renderModel(model) {
      var figure = model.data[this._mimeType] || {};
      try {
        var Plotly = (this._plotly = await loadPlotly());
        // The output area renders before it attaches the widget; wait, so that plotly
        // measures the real width instead of its 700 px default.
        if (!this.isAttached) await new Promise((resolve) => (this._attached = resolve));
        var layout = Object.assign({ autosize: true }, figure.layout || {});
        var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
        await Plotly.react(this.node, figure.data || [], layout, config);
      } catch (error) {
        this.node.textContent =
          'This chart could not be drawn: ' + (error && error.message ? error.message : String(error)) +
          '. Reinstall the renderer with npm run kernel:install, then reload the page.';
        this.node.style.color = '#b00020';
      }
    }

    onAfterAttach(msg) {
      super.onAfterAttach(msg);
      if (this._attached) {
        this._attached();
        this._attached = null;
      }
    }

    onAfterShow(msg) {
      super.onAfterShow(msg);
      this._resize();
    }

    onResize(msg) {
      super.onResize(msg);
      this._resize();
    }

    _resize() {
      if (this._plotly && this.isVisible && this.node.querySelector('.main-svg')) this._plotly.Plots.resize(this.node);
    }

    dispose() {
      if (this._plotly && !this.isDisposed) this._plotly.purge(this.node);
      super.dispose();
    }
  }

  return {
    id: 'backprop-ts-plotly-renderer:mime',
    rendererFactory: {
      safe: true, // JSON, no script: drawn in untrusted notebooks too
      mimeTypes: [MIME_TYPE],
      createRenderer: (options) => new PlotlyRenderer(options),
    },
    rank: 0, // lower wins: JupyterLab's text/html renderer has rank 50
    dataType: 'json',
  };
}
`;

/**
 * The module-federation container around {@link RENDERER_SOURCE}, for an extension
 * named `name` whose plotly.js file is `plotlyFile` (in the same `static/` folder).
 */
export function remoteEntrySource(name: string, version: string, plotlyFile: string): string {
  return `/* ${name} ${version}: a prebuilt JupyterLab mime extension written without a bundler (see backprop-ts tools/jupyter). */
(function () {
  'use strict';
  var NAME = ${JSON.stringify(name)};
  var PLOTLY_FILE = ${JSON.stringify(plotlyFile)};
  var base = document.currentScript.src.replace(/[^/]*$/, '');
  var shareScope = null;
  var plotlyPromise = null;
  var plotlyResolve = null;
${RENDERER_SOURCE.replace(/^(?=.)/gm, '  ')}
  // The highest version of a shared package with the given major version.
  function consumeShared(pkg, major) {
    var versions = (shareScope && shareScope[pkg]) || {};
    var best = null;
    Object.keys(versions).forEach(function (v) {
      var p = v.split(/[.+-]/).map(Number);
      if (p[0] !== major) return;
      if (!best || p[1] > best.p[1] || (p[1] === best.p[1] && p[2] > best.p[2])) best = { v: v, p: p };
    });
    if (!best) return Promise.reject(new Error(NAME + ': JupyterLab shares no ' + pkg + ' ' + major + '.x'));
    var entry = versions[best.v];
    entry.loaded = 1;
    return Promise.resolve(entry.get()).then(function (factory) { return factory(); });
  }
  // plotly.js, loaded once, from this extension's own folder (never a CDN).
  function loadPlotly() {
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        plotlyResolve = resolve;
        var script = document.createElement('script');
        script.async = true;
        script.onerror = function () { plotlyPromise = null; reject(new Error('could not load ' + base + PLOTLY_FILE)); };
        script.src = base + PLOTLY_FILE;
        document.head.appendChild(script);
      });
    }
    return plotlyPromise;
  }
  var container = {
    __plotlyLoaded: function (Plotly) { if (plotlyResolve) plotlyResolve(Plotly); },
    init: function (scope) { shareScope = scope; },
    get: function (module) {
      if (module !== './mimeExtension' && module !== './index') return Promise.reject(new Error(NAME + ': no module ' + module));
      return consumeShared('@lumino/widgets', 2).then(function (widgets) {
        var extension = createExtension(widgets.Widget, loadPlotly);
        return function () { return { __esModule: true, default: extension }; };
      });
    },
  };
  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB[NAME] = container;
})();
`;
}

/**
 * plotly.js wrapped so that it hands its exports to the container instead of only
 * setting `window.Plotly` (it sees a CommonJS `module`).
 */
export function plotlyModuleSource(name: string, plotly: string): string {
  return `(function () {\nvar module = { exports: {} };\n${plotly}\n;window._JUPYTERLAB[${JSON.stringify(name)}].__plotlyLoaded(module.exports);\n})();\n`;
}
