/**
 * The real data behind the article's story: worldwide COVID-19 cases per day from
 * Johns Hopkins University (CC BY 4.0; source, licence and checksum in
 * `data/README.md`). A typed, strict CSV reader: a file that is not exactly what
 * the chapter expects stops with an `InputError` naming the line and the value.
 * Taught in `08-real-data.ipynb`.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, isIsoDate } from './calendar.js';
import { InputError } from '../core/errors.js';
import { describe, quote } from '../core/validate.js';

/** One day of the worldwide series. */
export interface CovidDay {
  /** The day, `YYYY-MM-DD`. */
  readonly date: string;
  /** Confirmed cases so far (cumulative). */
  readonly confirmedTotal: number;
  /** Cases reported on this day: today's total minus yesterday's. */
  readonly newCases: number;
  /** Countries/regions with at least one case so far. */
  readonly countriesInfected: number;
}

/** The exact header line of the CSV, column by column. */
export const COVID_CSV_HEADER = Object.freeze(['date', 'confirmed_total', 'new_cases', 'countries_infected'] as const);

/** The CSV shipped with the project, resolved next to the package (works from `src/` and `dist/`). */
export const COVID_DATA_URL: URL = new URL('../../data/covid19-global-daily.csv', import.meta.url);

/** SHA-256 of the shipped CSV, as listed in `data/README.md`. */
export const COVID_DATA_SHA256 = 'f7f4a950f6117c48143f7a93c979bdd2b7daf504301aae433f4aadca29203222';

const COUNT = /^\d+$/;

function parseCount(column: string, cell: string, line: number): number {
  const value = Number(cell);
  if (!COUNT.test(cell) || !Number.isSafeInteger(value)) {
    const why = /^-\d+$/.test(cell) ? ': counts cannot be negative' : '';
    throw new InputError('text', `Expected ${column} on line ${line} to be a count (a whole number, 0 or more) but found ${quote(cell)}${why}.`);
  }
  return value;
}

/**
 * Checks one row against the row before: the columns must tell one story, so that a
 * swapped column or a corrupted count stops here instead of training on it.
 */
function checkConsistent(day: CovidDay, previous: CovidDay | undefined, line: number): void {
  const fail = (message: string) => {
    throw new InputError('text', `Expected line ${line} (${day.date}) to be consistent with the series but ${message}.`);
  };
  if (previous === undefined) {
    if (day.newCases > day.confirmedTotal) fail(`new_cases ${day.newCases} is more than confirmed_total ${day.confirmedTotal}`);
    return;
  }
  if (day.confirmedTotal < previous.confirmedTotal) {
    fail(`confirmed_total goes down from ${previous.confirmedTotal} to ${day.confirmedTotal}: totals are cumulative`);
  }
  if (day.newCases !== day.confirmedTotal - previous.confirmedTotal) {
    fail(`new_cases is ${day.newCases}, not confirmed_total minus the previous day's (${day.confirmedTotal} − ${previous.confirmedTotal} = ${day.confirmedTotal - previous.confirmedTotal}); are columns swapped?`);
  }
  if (day.countriesInfected < previous.countriesInfected) {
    fail(`countries_infected goes down from ${previous.countriesInfected} to ${day.countriesInfected}: it counts countries with a case so far`);
  }
}

/**
 * Parses the CSV text of `covid19-global-daily.csv`: the header
 * `date,confirmed_total,new_cases,countries_infected`, then one row per day with
 * every calendar day in order. Accepts a final newline, CRLF or CR line endings and a BOM.
 *
 * @param text The whole file as a string.
 * @returns One `CovidDay` per data row, in file order.
 * @throws {InputError} (argument `"text"`) for an empty file, a wrong header (the
 *   message shows the expected and the found header), a row whose column count is
 *   wrong (naming its line), a count that is not a whole number or is negative, a
 *   date that is not `YYYY-MM-DD`, a date that is not the day after the previous row's, or
 *   counts that disagree: `new_cases` other than `confirmed_total` minus the previous day's,
 *   or a total or a country count that goes down.
 * @example
 * ```ts
 * parseCovidCsv('date,confirmed_total,new_cases,countries_infected\n2020-01-22,557,557,6\n');
 * // [{ date: '2020-01-22', confirmedTotal: 557, newCases: 557, countriesInfected: 6 }]
 * ```
 */
export function parseCovidCsv(text: string): CovidDay[] {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new InputError('text', `Expected text to hold a CSV header and at least one data row but it is ${typeof text === 'string' ? 'empty' : typeof text}.`);
  }
  // Lines end in LF, CRLF or (old Mac files) CR alone.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  const header = COVID_CSV_HEADER.join(',');
  if (lines[0] !== header) {
    throw new InputError('text', `Expected the header (line 1) to be ${JSON.stringify(header)} but found ${quote(lines[0]!)}.`);
  }
  if (lines.length < 2) {
    throw new InputError('text', 'Expected at least one data row after the header but found none.');
  }
  const days: CovidDay[] = [];
  lines.slice(1).forEach((row, i) => {
    const line = i + 2;
    const cells = row.split(',');
    if (cells.length !== COVID_CSV_HEADER.length) {
      throw new InputError('text', `Expected line ${line} to have ${COVID_CSV_HEADER.length} columns (${header}) but found ${cells.length}: ${quote(row)}.`);
    }
    const [date, total, fresh, countries] = cells as [string, string, string, string];
    if (!isIsoDate(date)) {
      throw new InputError('text', `Expected the date on line ${line} to be a calendar date written YYYY-MM-DD but found ${quote(date)}.`);
    }
    const previous = days.at(-1);
    if (previous && date !== addDays(previous.date, 1)) {
      throw new InputError('text', `Expected the date on line ${line} to be ${addDays(previous.date, 1)}, the day after ${previous.date} on line ${line - 1}, but found ${date}: every day must appear once, in increasing order.`);
    }
    const day = {
      date,
      confirmedTotal: parseCount('confirmed_total', total, line),
      newCases: parseCount('new_cases', fresh, line),
      countriesInfected: parseCount('countries_infected', countries, line),
    };
    checkConsistent(day, previous, line);
    days.push(day);
  });
  return days;
}

/** The largest CSV file {@link loadCovidData} reads: 64 MiB, about 2,000 times the shipped file. */
export const COVID_FILE_LIMIT = 64 * 1024 * 1024;

/** What a non-regular file is, for the message. */
function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The local file path that `path` names; a URL other than `file:` is refused, since we only read local files. */
function localPath(path: unknown): string {
  const url = typeof path === 'object' && path !== null && typeof (path as URL).href === 'string' ? (path as URL).href : undefined;
  const href = url ?? (typeof path === 'string' && /^[a-z][a-z\d+.-]*:\/\//i.test(path) ? path : undefined);
  if (href === undefined) {
    if (typeof path !== 'string' || path === '') {
      throw new InputError('path', `Expected path to be a file path or file: URL but found ${describe(path)}.`);
    }
    return path;
  }
  if (!/^file:/i.test(href)) {
    throw new InputError('path', `Expected path to be a local file path or file: URL but found ${quote(href)}: download the file first.`);
  }
  try {
    return fileURLToPath(href);
  } catch (error) {
    throw new InputError('path', `Expected path to be a file: URL naming a local file but found ${quote(href)}: ${shortMessage(error)}`);
  }
}

/** An fs error's message without the path it repeats (which can be long): "ENOENT: no such file or directory". */
function shortMessage(error: unknown): string {
  const message = String((error as Error).message).replace(/, \w+ '.*'$/s, '');
  return message.length <= 160 ? message : `${message.slice(0, 160)}…`;
}

/**
 * Reads a regular file of at most {@link COVID_FILE_LIMIT} bytes. It opens first and
 * checks the open file (fstat), so a file swapped after a check cannot slip through;
 * O_NONBLOCK keeps a FIFO from blocking the open, and reading stops past the limit
 * even if the file grows.
 */
function readRegularFile(path: string): Buffer {
  const limit = COVID_FILE_LIMIT.toLocaleString('en-US');
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputError('path', `Expected path to name a regular CSV file but ${quote(path)} is ${fileKind(stats)}.`);
    const tooBig = (size: string) => new InputError('path', `Expected path to name a CSV file of at most ${limit} bytes (64 MiB) but ${quote(path)} has ${size} bytes.`);
    if (stats.size > COVID_FILE_LIMIT) throw tooBig(stats.size.toLocaleString('en-US'));
    // Read to the end rather than trusting the size: files in /proc say 0, and a file may grow.
    const chunks: Buffer[] = [];
    let length = 0;
    for (let n = -1; n !== 0; length += n) {
      if (length > COVID_FILE_LIMIT) throw tooBig(`more than ${limit}`);
      const chunk = Buffer.alloc(Math.max(stats.size - length, 0) + 65_536);
      n = readSync(fd, chunk, 0, chunk.length, null);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, length);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('path', `Expected path to name a readable CSV file but could not read ${quote(path)}: ${shortMessage(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads and parses a COVID CSV file; by default the one shipped in `data/`.
 *
 * @param path A file path or `file:` URL. Default {@link COVID_DATA_URL}.
 * @returns One `CovidDay` per day, 1143 days for the shipped file.
 * @throws {InputError} (argument `"path"`) if the file cannot be read; if it is not a
 *   regular file (a directory, a device such as `/dev/zero`, a FIFO, a socket); if it
 *   is larger than {@link COVID_FILE_LIMIT}; if `path` is an `http:` or other non-file
 *   URL; or as {@link parseCovidCsv} for bad contents.
 * @example
 * ```ts
 * const days = loadCovidData();
 * days[0]; // { date: '2020-01-22', confirmedTotal: 557, newCases: 557, countriesInfected: 6 }
 * ```
 */
export function loadCovidData(path: string | URL = COVID_DATA_URL): CovidDay[] {
  return parseCovidCsv(readRegularFile(localPath(path)).toString('utf8'));
}
