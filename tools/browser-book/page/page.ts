/**
 * Runnable cells on a book page (`assets/run/page.js`, a classic script so it also loads
 * from `file://`). Each code cell gets Run, Run all below and Reset; clicking its code
 * opens an editor (CodeMirror, loaded on the first edit). Cells run in order in one Web
 * Worker per page (worker.js), sharing one scope like a Jupyter kernel: Run on a cell
 * first runs the cells above it that this kernel has not run yet. The built outputs
 * stay until a cell is run, and Reset brings them back with the cell's code.
 *
 * From `file://` the page reads as before; Run explains that running needs a web server.
 */
import type { CellEditor } from '../editor/editor.js';
import type { CellOutput, PageMessage, WorkerMessage } from '../worker/protocol.js';
import { outputText, renderOutput } from './render.js';
import { RUN_CSS } from './styles.js';

const script = document.currentScript as HTMLScriptElement | null;
const runUrl = new URL('./', script?.src ?? location.href); // assets/run/
const assetsUrl = new URL('../', runUrl);

type State = 'built' | 'queued' | 'running' | 'done' | 'error' | 'stopped';

interface Cell {
  index: number;
  id: string;
  section: HTMLElement;
  original: string;
  originalOutputs: HTMLElement | null;
  originalPrompt: string;
  editor?: CellEditor;
  outputs: CellOutput[];
  state: State;
}

const BACKEND_KEY = 'backprop-ts-backend';
/** The backend menu: auto is wasm (the book's numbers); gpu is WebGPU, else WebGL (faster on big tensors, other float32 arithmetic). */
const BACKENDS = ['auto', 'gpu', 'webgpu', 'webgl', 'wasm', 'cpu'];
const canRun = location.protocol === 'http:' || location.protocol === 'https:';
const SERVER_HINT =
  'Running cells needs the book served over http (browsers run no workers or wasm from file://): in the book folder run ' +
  '`npx http-server .` or `python3 -m http.server`, then open this page at http://localhost:8080/ or :8000/.';

let cells: Cell[] = [];
let worker: Worker | undefined;
let ran = new Set<number>(); // cells this kernel has run
let queue: Cell[] = [];
let running: Cell | undefined;
let runId = 0;
let count = 0; // execution count of this kernel
let status: HTMLElement;
let batchStart = 0;
let batchCells = 0;
const displays = new Map<string, HTMLElement>();

function backend(): string {
  try {
    return localStorage.getItem(BACKEND_KEY) ?? 'auto';
  } catch {
    return 'auto';
  }
}

function say(message: string): void {
  status.textContent = message;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function prompt(cell: Cell, text: string): void {
  const p = cell.section.querySelector('.input > .prompt');
  if (p) p.textContent = text;
}

function setState(cell: Cell, state: State): void {
  cell.state = state;
  cell.section.dataset['runState'] = state;
  document.body.dataset['kernel'] = running || queue.length > 0 ? 'busy' : 'idle';
}

/** The cell's output area, made (with the built layout) if the cell had none. */
function outputArea(cell: Cell): HTMLElement {
  let outputs = cell.section.querySelector<HTMLElement>(':scope > .outputs');
  if (!outputs) {
    outputs = document.createElement('div');
    outputs.className = 'outputs';
    outputs.innerHTML = '<span class="prompt">Out:</span><div class="output-area"></div>';
    cell.section.querySelector('.run-bar')!.before(outputs);
  }
  return outputs.querySelector<HTMLElement>('.output-area')!;
}

function clearOutputs(cell: Cell): void {
  cell.section.querySelector(':scope > .outputs')?.remove();
  cell.outputs = [];
}

function show(cell: Cell, output: CellOutput, displayId?: string, update?: boolean): void {
  const previousOutput = cell.outputs.at(-1);
  if (output.output_type === 'stream' && previousOutput?.output_type === 'stream' && previousOutput.name === output.name) {
    cell.outputs[cell.outputs.length - 1] = { ...previousOutput, text: previousOutput.text + output.text }; // one stream, as Jupyter keeps it
  } else if (update && displayId !== undefined) {
    const index = cell.outputs.findIndex((o) => (o as { displayId?: string }).displayId === displayId);
    if (index >= 0) cell.outputs[index] = Object.assign({ displayId }, output);
  } else {
    cell.outputs.push(displayId === undefined ? output : Object.assign({ displayId }, output));
  }
  const area = outputArea(cell);
  // Consecutive writes to one stream are one block, as in Jupyter.
  const last = area.lastElementChild;
  if (output.output_type === 'stream' && last?.matches(`pre.output.stream.${output.name}`) && !last.hasAttribute('data-display')) {
    last.textContent += output.text;
    return;
  }
  const element = renderOutput(output, assetsUrl);
  if (element === null) return;
  if (displayId !== undefined) {
    element.setAttribute('data-display', displayId);
    const previous = displays.get(displayId);
    displays.set(displayId, element);
    if (previous?.isConnected) {
      previous.replaceWith(element);
      return;
    }
  }
  area.append(element);
}

function source(cell: Cell): string {
  return cell.editor?.getValue() ?? cell.original;
}

function startKernel(): Worker {
  const w = new Worker(new URL('worker.js', runUrl), { type: 'module' });
  w.addEventListener('message', (event: MessageEvent<WorkerMessage>) => onMessage(event.data));
  w.addEventListener('error', (event) => {
    event.preventDefault();
    if (running) show(running, { output_type: 'error', ename: 'Error', evalue: event.message, traceback: [`The kernel failed: ${event.message || 'its script could not be loaded'}`] });
    stop('The kernel failed; run the cells again to start a new one.');
  });
  w.postMessage({ type: 'init', backend: backend() } satisfies PageMessage);
  return w;
}

function onMessage(message: WorkerMessage): void {
  if (message.type === 'ready' || !running || message.id !== runId) return;
  const cell = running;
  if (message.type === 'output') {
    show(cell, message.output, message.displayId, message.update);
    return;
  }
  setState(cell, message.ok ? 'done' : 'error');
  prompt(cell, `In [${count}]:`);
  ran.add(cell.index);
  running = undefined;
  if (!message.ok) {
    // As Jupyter's Run All: stop at the first error.
    for (const waiting of queue) setState(waiting, waiting.outputs.length > 0 || waiting.state !== 'queued' ? waiting.state : 'built');
    for (const waiting of queue) if (waiting.state === 'queued') setState(waiting, 'built');
    queue = [];
  }
  next();
}

function next(): void {
  const cell = queue.shift();
  if (!cell) {
    document.body.dataset['kernel'] = 'idle';
    if (batchCells > 0) say(`Ran ${batchCells} cell${batchCells === 1 ? '' : 's'} in ${((performance.now() - batchStart) / 1000).toFixed(1)} s.`);
    batchCells = 0;
    return;
  }
  worker ??= startKernel();
  running = cell;
  runId += 1;
  count += 1;
  batchCells += 1;
  clearOutputs(cell);
  setState(cell, 'running');
  prompt(cell, 'In [*]:');
  say(`Running cell ${cell.index + 1} of ${cells.length}…`);
  worker.postMessage({ type: 'run', id: runId, source: source(cell) } satisfies PageMessage);
}

/** Queues cells `from`..`to` (inclusive), after the cells above `from` this kernel has not run. */
function run(from: number, to: number): void {
  if (!canRun) {
    say(SERVER_HINT);
    return;
  }
  const wanted = cells.filter((c) => (c.index < from && !ran.has(c.index)) || (c.index >= from && c.index <= to));
  const fresh = wanted.filter((c) => !queue.includes(c) && c !== running);
  if (fresh.length === 0) return;
  if (!running && queue.length === 0) {
    batchStart = performance.now();
    batchCells = 0;
  }
  for (const c of fresh) setState(c, 'queued');
  queue.push(...fresh);
  if (!running) next();
}

/** Ends the kernel: the running cell says so, queued cells go back to how they were, and the next run starts a new one. */
function stop(message = 'Stopped: the kernel was ended; the next run starts a new one and runs the cells above again.'): void {
  worker?.terminate();
  worker = undefined;
  if (running) {
    show(running, { output_type: 'stream', name: 'stderr', text: `${message}\n` });
    setState(running, 'stopped');
    prompt(running, 'In [ ]:');
  }
  running = undefined;
  for (const c of queue) setState(c, c.outputs.length > 0 ? 'done' : 'built');
  queue = [];
  ran = new Set();
  count = 0;
  displays.clear();
  document.body.dataset['kernel'] = 'idle';
  say(message);
}

let editorLoading: Promise<{ createEditor: (parent: HTMLElement, text: string, onRun: () => void) => CellEditor }> | undefined;
function loadEditor() {
  editorLoading ??= new Promise((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = new URL('editor.js', runUrl).href;
    tag.onload = () => resolve((window as unknown as { backpropTsEditor: { createEditor: (parent: HTMLElement, text: string, onRun: () => void) => CellEditor } }).backpropTsEditor);
    tag.onerror = () => reject(new Error('The editor could not be loaded.'));
    document.head.append(tag);
  });
  return editorLoading;
}

/** Turns the cell's highlighted code into an editor (once). */
async function edit(cell: Cell): Promise<CellEditor> {
  if (cell.editor) return cell.editor;
  const { createEditor } = await loadEditor();
  if (cell.editor) return cell.editor;
  const pre = cell.section.querySelector<HTMLElement>('.input > pre')!;
  const holder = document.createElement('div');
  holder.className = 'cell-editor';
  pre.hidden = true;
  pre.after(holder);
  cell.editor = createEditor(holder, cell.original, () => run(cell.index, cell.index));
  cell.section.dataset['edited'] = '';
  return cell.editor;
}

function reset(cell: Cell): void {
  if (cell.editor) {
    cell.editor.destroy();
    delete cell.editor;
    cell.section.querySelector('.cell-editor')?.remove();
    cell.section.querySelector<HTMLElement>('.input > pre')!.hidden = false;
    delete cell.section.dataset['edited'];
  }
  if (cell === running || queue.includes(cell)) return;
  clearOutputs(cell);
  if (cell.originalOutputs) cell.section.querySelector('.run-bar')!.before(cell.originalOutputs.cloneNode(true));
  prompt(cell, cell.originalPrompt);
  setState(cell, 'built');
}

function toolbar(): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'run-toolbar';
  const select = document.createElement('select');
  select.title = "TensorFlow.js backend for this page's kernel: auto is wasm, which gives the book's numbers; gpu is WebGPU, else WebGL (faster on big tensors, but other float32 arithmetic). Changing it restarts the kernel.";
  for (const name of BACKENDS) select.add(new Option(name, name, false, name === backend()));
  select.addEventListener('change', () => {
    try {
      localStorage.setItem(BACKEND_KEY, select.value);
    } catch {
      // private mode: the choice lasts for this page only
    }
    stop(`Backend set to ${select.value}: the next run starts a new kernel.`);
  });
  const label = document.createElement('label');
  label.append('backend ', select);
  status = document.createElement('span');
  status.className = 'run-status';
  status.setAttribute('role', 'status');
  bar.append(
    button('▶ Run all', 'Run every cell of this page in order, in your browser', () => run(0, cells.length - 1)),
    button('■ Stop', 'End the kernel (a new one starts on the next run)', () => stop()),
    label,
    status,
  );
  say(canRun ? 'Cells run in your browser: edit any cell (click its code) and run it.' : SERVER_HINT);
  return bar;
}

function setUp(): void {
  const sections = Array.from(document.querySelectorAll<HTMLElement>('main section.cell.code'));
  if (sections.length === 0) return;
  const style = document.createElement('style');
  style.textContent = RUN_CSS;
  document.head.append(style);
  cells = sections.map((section, index) => {
    const outputs = section.querySelector<HTMLElement>(':scope > .outputs');
    const cell: Cell = {
      index,
      id: section.dataset['cellId'] ?? String(index),
      section,
      original: section.querySelector('.input > pre')?.textContent ?? '',
      originalOutputs: outputs ? (outputs.cloneNode(true) as HTMLElement) : null,
      originalPrompt: section.querySelector('.input > .prompt')?.textContent ?? '',
      outputs: [],
      state: 'built',
    };
    const bar = document.createElement('div');
    bar.className = 'run-bar';
    bar.append(
      button('Run', 'Run this cell (and the cells above it not run yet); Shift-Enter in the editor', () => run(index, index)),
      button('Run all below', 'Run this cell and every cell after it', () => run(index, cells.length - 1)),
      button('Edit', 'Edit this cell', () => void edit(cell).then((e) => e.focus())),
      button('Reset', "Bring back this cell's code and its outputs from the book", () => reset(cell)),
    );
    section.append(bar);
    const pre = section.querySelector<HTMLElement>('.input > pre');
    pre?.addEventListener('click', () => void edit(cell).then((e) => e.focus()));
    pre?.setAttribute('title', 'Click to edit');
    return cell;
  });
  document.querySelector('main')?.prepend(toolbar());
  document.body.dataset['kernel'] = 'idle';
}

/** For tests and the curious: the page's cells, their outputs of this session, and the runner. */
(window as unknown as Record<string, unknown>)['backpropTsBook'] = {
  cells: () => cells.map((c) => ({ id: c.id, state: c.state, source: source(c), outputs: c.outputs, text: outputText(c.outputs) })),
  run: (from: number, to = from) => run(from, to),
  edit: async (index: number, text: string) => (await edit(cells[index]!)).setValue(text),
  stop: () => stop(),
};

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
else setUp();
