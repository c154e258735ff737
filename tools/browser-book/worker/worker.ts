/**
 * The page's kernel: a module Web Worker that runs the page's cells in order in one
 * scope (kernel.ts) on the library's browser bundle (`library.js` beside this file).
 * It gives cells what tslab gives them in Jupyter: `console` as stdout and stderr
 * (formatted by Node's util.inspect), tslab's display API (the library's `showChart`
 * and `trainingProgress` use it), and the value of the last expression.
 *
 * Messages from the page: `{ type: 'run', id, source }`, answered by any number of
 * `{ type: 'output', id, output, displayId?, update? }` (a Jupyter output) and one
 * `{ type: 'done', id, ok, ms }`.
 */
import { format, inspect } from 'node-inspect-extracted';
import * as fs from '../shims/fs.js';
import { createRequire } from '../shims/module.js';
import { Kernel } from './kernel.js';
import type { RunRequest, WorkerMessage } from './protocol.js';

const scope = globalThis as unknown as {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: string, listener: (event: { data?: unknown; reason?: unknown; error?: unknown; message?: string; preventDefault(): void }) => void): void;
  __tslab__?: object;
  __backpropTsEnv?: Record<string, string | undefined>;
  __backpropTsTslab?: { writeDisplayData?: (content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } }, update: boolean) => void };
};

let current = 0; // the run outputs belong to; late output (a timer) goes to the last cell run
const post = (message: WorkerMessage) => scope.postMessage(message);
const stream = (name: 'stdout' | 'stderr') => (...args: unknown[]) => post({ type: 'output', id: current, output: { output_type: 'stream', name, text: `${format(...args)}\n` } });
const stdout = stream('stdout');
const stderr = stream('stderr');
Object.assign(console, { log: stdout, info: stdout, debug: stdout, warn: stderr, error: stderr, trace: stderr });

// tslab's hooks, so the library's kernelSink sends full mime bundles here as in Jupyter.
scope.__tslab__ = {};
scope.__backpropTsTslab = {
  writeDisplayData(content, update) {
    const displayId = content.transient.display_id;
    post({ type: 'output', id: current, output: { output_type: 'display_data', data: content.data, metadata: content.metadata }, ...(displayId ? { displayId } : {}), update });
  },
};

let library: Promise<Record<string, unknown>> | undefined;
const loadLibrary = () => (library ??= import(/* the bundle beside this file */ new URL('./library.js', import.meta.url).href) as Promise<Record<string, unknown>>);
const NODE_BUILTINS = /^(node:|(assert|buffer|child_process|cluster|crypto|dgram|dns|events|http|https|module|net|os|path|perf_hooks|process|readline|stream|string_decoder|timers|tls|tty|url|util|v8|vm|worker_threads|zlib)(\/|$))/;

/** What a cell's `import … from specifier` gives: the notebooks import the library from '../dist/index.js'. */
async function importer(specifier: string): Promise<unknown> {
  if (/^backprop-ts(\/internal)?$/.test(specifier) || /(^|\/)dist\/(index|internal|browser)\.js$/.test(specifier)) return loadLibrary();
  if (specifier === '@tensorflow/tfjs' || specifier === '@tensorflow/tfjs-core') return (await loadLibrary())['tf'];
  if (/^@tensorflow\/tfjs-backend-(wasm|webgl|webgpu|cpu)$/.test(specifier)) return {}; // already in the bundle
  if (specifier === 'tslab') return createRequire('tslab')('tslab');
  if (specifier === 'node:fs' || specifier === 'fs') return { ...fs, default: fs.default };
  if (NODE_BUILTINS.test(specifier)) {
    throw Object.assign(new Error(`This cell imports "${specifier}", which only Node has: it runs only in Jupyter (download the notebook from this page and open it in JupyterLab).`), { name: 'NodeOnlyError' });
  }
  throw new Error(`Cannot import "${specifier}" in the book: cells here can import backprop-ts ('../dist/index.js'), @tensorflow/tfjs and tslab.`);
}

const kernel = new Kernel(importer);
let queue: Promise<void> = Promise.resolve();

async function run(request: RunRequest): Promise<void> {
  current = request.id;
  const started = performance.now();
  const result = await kernel.run(request.source);
  if (result.ok && result.value !== undefined) {
    post({ type: 'output', id: request.id, output: { output_type: 'execute_result', data: { 'text/plain': inspect(result.value) }, metadata: {} } });
  }
  if (!result.ok) post({ type: 'output', id: request.id, output: result.error });
  post({ type: 'done', id: request.id, ok: result.ok, ms: performance.now() - started });
}

scope.addEventListener('message', (event) => {
  const message = event.data as RunRequest | { type: 'init'; backend: string };
  if (message.type === 'init') {
    (scope.__backpropTsEnv ??= {})['BACKPROP_BACKEND'] = message.backend;
    post({ type: 'ready' });
    return;
  }
  if (message.type === 'run') queue = queue.then(() => run(message));
});

// Errors no cell caught (a rejected promise nobody awaited, a throwing timer): shown on the last cell run.
scope.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason;
  const error = reason instanceof Error ? reason : new Error(String(reason));
  post({ type: 'output', id: current, output: { output_type: 'error', ename: error.name, evalue: error.message, traceback: [`${error.name}: ${error.message} (in a promise no cell awaited)`] } });
});
// A throwing timer: handled here, so that it reaches the page as the cell's error instead
// of the worker's, which would make the page end the kernel and lose every variable.
scope.addEventListener('error', (event) => {
  event.preventDefault();
  const error = event.error instanceof Error ? event.error : new Error(event.message ?? String(event.error));
  post({ type: 'output', id: current, output: { output_type: 'error', ename: error.name, evalue: error.message, traceback: [`${error.name}: ${error.message} (thrown from a timer or callback after its cell)`] } });
});
