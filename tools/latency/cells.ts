/**
 * Which cells a reader reruns after changing a setting: for each notebook, its
 * settings cell (tagged `settings`; else the cell its first "Try it" exercise edits)
 * and the cells that exercise says show the result (the training cell).
 * Read from the notebooks' own metadata (tools/exercises/), so the latency tool
 * follows the notebooks when they change.
 */
import { readExercises } from '../exercises/exercises.js';
import type { CodeCell, Notebook } from '../notebook-runner/index.js';

/** The cells a reader reruns after editing a setting, in notebook order. */
export interface RerunCells {
  /** Id of the settings cell. */
  settings: string;
  /** Ids of every cell rerun: the edited cell, then the cells that show its effect, in notebook order, each once. */
  cells: string[];
}

/**
 * The settings cell and training cell of a notebook. The exercise is the first that
 * edits a cell tagged `settings`, else the notebook's first; the settings cell is the
 * cell it edits when that is tagged `settings`, else the notebook's first cell tagged
 * `settings`, else the cell it edits; the training cells are those it checks.
 *
 * @returns Undefined when the notebook offers no exercise.
 * @throws {Error} When an exercise names a cell the notebook does not have or that is not code.
 */
export function rerunCells(notebook: Notebook): RerunCells | undefined {
  const exercises = readExercises(notebook);
  const tagged = (id: string) => {
    const tags = notebook.cells.find((c) => c.id === id)?.metadata['tags'];
    return Array.isArray(tags) && tags.includes('settings');
  };
  const exercise = exercises.find((e) => tagged(e.cell)) ?? exercises[0];
  if (exercise === undefined) return undefined;
  const settings = tagged(exercise.cell) ? exercise.cell : (notebook.cells.find((c) => c.id !== undefined && tagged(c.id))?.id ?? exercise.cell);
  const wanted = new Set([settings, ...exercise.expect.map((e) => e.cell)]);
  for (const id of wanted) {
    const cell = notebook.cells.find((c) => c.id === id);
    if (cell === undefined) throw new Error(`exercise in ${exercise.offeredIn}: no cell with id ${id}`);
    if (cell.cell_type !== 'code') throw new Error(`exercise in ${exercise.offeredIn}: cell ${id} is ${cell.cell_type}, not code`);
  }
  const cells = notebook.cells.filter((c) => c.id !== undefined && wanted.has(c.id)).map((c) => c.id!);
  return { settings, cells };
}

/** The notebook's code cells, in order. */
export function codeCells(notebook: Notebook): CodeCell[] {
  return notebook.cells.filter((c): c is CodeCell => c.cell_type === 'code');
}
