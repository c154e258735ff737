/**
 * The notebooks' "Try it" exercises as data, so that every edit the prose invites
 * is tested to do what the prose says. A markdown cell that offers an exercise
 * carries it in its metadata:
 *
 * ```json
 * "backprop-ts": { "try": [{ "cell": "gd-loop-settings", "find": "learningRate: 0.0002",
 *   "replace": "learningRate: 0.002", "expect": [{ "cell": "gd-loop-07", "output": "\\b10 +.* 0\\.761" }] }] }
 * ```
 *
 * `cell` and `find`/`replace` are the edit (in the cell with that id, as a reader
 * would type it); each `expect` names a cell whose text output (stdout, stderr,
 * text/plain, and an error's name and message) must match the regular expression
 * `output`, and with `error`, the cell must fail with that error name.
 */
import type { Notebook } from '../notebook-runner/index.js';

/** One expected result of an exercise. */
export interface Expectation {
  /** Id of the cell whose output is checked. */
  cell: string;
  /** A regular expression its text output must match. */
  output: string;
  /** The error name the cell must fail with (it then stops the run). Default: it must not fail. */
  error?: string;
}

/** One "Try it" edit and what it must show. */
export interface Exercise {
  /** Where the exercise is offered: the markdown cell's id. */
  offeredIn: string;
  /** Id of the cell to edit. */
  cell: string;
  /** Text in that cell to replace (it must occur exactly once). */
  find: string;
  replace: string;
  expect: Expectation[];
}

/** The metadata key of our entries, in cells and outputs alike. */
const KEY = 'backprop-ts';

/**
 * Every exercise a notebook offers, in order.
 *
 * @throws {Error} naming the cell when an entry is malformed.
 */
export function readExercises(notebook: Notebook): Exercise[] {
  const exercises: Exercise[] = [];
  for (const cell of notebook.cells) {
    const entry = (cell.metadata[KEY] as { try?: unknown } | undefined)?.try;
    if (entry === undefined) continue;
    if (!Array.isArray(entry)) throw new Error(`cell ${String(cell.id)}: metadata "${KEY}".try must be a list of exercises`);
    for (const item of entry as Record<string, unknown>[]) {
      const { cell: target, find, replace, expect } = item;
      if (typeof target !== 'string' || typeof find !== 'string' || typeof replace !== 'string' || !Array.isArray(expect) || expect.length === 0) {
        throw new Error(`cell ${String(cell.id)}: an exercise needs "cell", "find", "replace" and a non-empty "expect" list, found ${JSON.stringify(item)}`);
      }
      for (const e of expect as Record<string, unknown>[]) {
        if (typeof e['cell'] !== 'string' || typeof e['output'] !== 'string' || (e['error'] !== undefined && typeof e['error'] !== 'string')) {
          throw new Error(`cell ${String(cell.id)}: an expectation needs "cell" and "output" (and optionally "error"), found ${JSON.stringify(e)}`);
        }
      }
      exercises.push({ offeredIn: String(cell.id), cell: target, find, replace, expect: expect as Expectation[] });
    }
  }
  return exercises;
}

/**
 * A copy of the notebook with the exercise's edit made.
 *
 * @throws {Error} when the cell is missing or `find` does not occur exactly once in it.
 */
export function applyExercise(notebook: Notebook, exercise: Exercise): Notebook {
  const copy = structuredClone(notebook);
  const cell = copy.cells.find((c) => c.id === exercise.cell);
  if (cell === undefined) throw new Error(`exercise in ${exercise.offeredIn}: no cell with id ${exercise.cell}`);
  const count = cell.source.split(exercise.find).length - 1;
  if (count !== 1) throw new Error(`exercise in ${exercise.offeredIn}: expected ${JSON.stringify(exercise.find)} once in cell ${exercise.cell} but found it ${count} times`);
  cell.source = cell.source.replace(exercise.find, exercise.replace);
  return copy;
}

/** The text a person reads in a code cell's outputs: streams, text/plain, errors' names and messages. */
export function outputText(notebook: Notebook, cellId: string): string {
  const cell = notebook.cells.find((c) => c.id === cellId);
  if (cell === undefined || cell.cell_type !== 'code') return '';
  return outputsText(cell.outputs);
}

/** Outputs as nbformat 4 has them, as far as {@link outputsText} reads them. */
export type ReadableOutput =
  | { output_type: 'stream'; text: string }
  | { output_type: 'error'; ename: string; evalue: string }
  | { output_type: 'display_data' | 'execute_result'; data: Record<string, unknown> };

/** The text of some outputs, as {@link outputText} reads a cell's (also the runnable book's, in the page). */
export function outputsText(outputs: readonly ReadableOutput[]): string {
  return outputs
    .map((o) => {
      if (o.output_type === 'stream') return o.text;
      if (o.output_type === 'error') return `${o.ename}: ${o.evalue}`;
      const plain = o.data['text/plain'];
      return typeof plain === 'string' ? plain : '';
    })
    .join('\n');
}
