/**
 * Plain-text tables for notebook output and the terminal: aligned columns, numbers
 * right-aligned. Used by every article notebook where a chart is not needed.
 */

import { checkArray, checkOptions, checkSize } from './validate.js';

/** A table cell: text, a number, or a boolean (shown as ✓ / ✗). */
export type Cell = string | number | boolean;

/** Options for {@link formatTable}. */
export interface TableOptions {
  /** Significant digits for non-integer numbers; `undefined` prints them in full. Default full. */
  precision?: number;
}

function render(cell: Cell, precision: number | undefined): string {
  if (typeof cell === 'boolean') return cell ? '✓' : '✗';
  if (typeof cell === 'number') {
    return precision === undefined || Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(precision)));
  }
  return cell;
}

/**
 * Formats rows as an aligned text table with a header and a rule.
 *
 * @example
 * ```ts
 * console.log(formatTable(['epoch', 'error'], [[1, 9.189], [2, 8.336]]));
 * ```
 */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], options?: TableOptions): string {
  const { precision } = checkOptions('options', options);
  // toPrecision takes 1 to 100 significant digits.
  if (precision !== undefined) checkSize('precision', precision, 100, 'the digits toPrecision can give');
  checkArray('header', header, 'an array of column names');
  checkArray('rows', rows, 'an array of rows');
  rows.forEach((row, r) => checkArray(`rows[${r}]`, row, 'an array of cells'));
  const text = rows.map((row) => row.map((cell) => render(cell, precision)));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number'));
  const widths = header.map((h, c) => text.reduce((width, row) => Math.max(width, (row[c] ?? '').length), h.length));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}
