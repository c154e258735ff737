import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COVID_CSV_HEADER, COVID_DATA_SHA256, COVID_FILE_LIMIT, COVID_DATA_URL, loadCovidData, parseCovidCsv } from '../../src/forecasting/covid-data.js';
import { InputError } from '../../src/core/errors.js';
import { inputErrorOf } from '../support/input-error.js';

const HEADER = COVID_CSV_HEADER.join(',');
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

const inputError = inputErrorOf;

describe('parseCovidCsv', () => {
  it('parseCovidCsv reads typed days from a small hand-made file', () => {
    expect(parseCovidCsv(csv('2020-02-28,10,10,1', '2020-02-29,15,5,2', '2020-03-01,15,0,2'))).toEqual([
      { date: '2020-02-28', confirmedTotal: 10, newCases: 10, countriesInfected: 1 },
      { date: '2020-02-29', confirmedTotal: 15, newCases: 5, countriesInfected: 2 },
      { date: '2020-03-01', confirmedTotal: 15, newCases: 0, countriesInfected: 2 },
    ]);
  });

  it('parseCovidCsv accepts CRLF line endings, a BOM and no final newline', () => {
    const text = `\uFEFF${HEADER}\r\n2020-01-22,557,557,6\r\n2020-01-23,657,100,9`;
    expect(parseCovidCsv(text).map((d) => d.newCases)).toEqual([557, 100]);
  });

  it('parseCovidCsv rejects an empty file and a header without rows', () => {
    expect(inputError(() => parseCovidCsv('')).message).toBe('Expected text to hold a CSV header and at least one data row but it is empty.');
    expect(inputError(() => parseCovidCsv(' \n')).argument).toBe('text');
    expect(inputError(() => parseCovidCsv(`${HEADER}\n`)).message).toBe('Expected at least one data row after the header but found none.');
  });

  it('parseCovidCsv names the expected and the found header', () => {
    const error = inputError(() => parseCovidCsv('date,total,new_cases,countries_infected\n2020-01-22,557,557,6\n'));
    expect(error.message).toBe('Expected the header (line 1) to be "date,confirmed_total,new_cases,countries_infected" but found "date,total,new_cases,countries_infected".');
  });

  it('parseCovidCsv names the line with a wrong column count', () => {
    expect(inputError(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-23,657,100'))).message).toBe(
      'Expected line 3 to have 4 columns (date,confirmed_total,new_cases,countries_infected) but found 3: "2020-01-23,657,100".',
    );
    expect(() => parseCovidCsv(csv('2020-01-22,557,557,6', '', '2020-01-23,657,100,9'))).toThrow(/line 3 to have 4 columns .* but found 1/);
    expect(() => parseCovidCsv(csv('2020-01-22,557,557,6,x'))).toThrow(/line 2 to have 4 columns .* but found 5/);
  });

  it('parseCovidCsv rejects counts that are not whole numbers or are negative', () => {
    expect(inputError(() => parseCovidCsv(csv('2020-01-22,557,-3,6'))).message).toBe(
      'Expected new_cases on line 2 to be a count (a whole number, 0 or more) but found "-3": counts cannot be negative.',
    );
    for (const bad of ['abc', '', '1.5', '1e3', ' 7', 'NaN', '99999999999999999999']) {
      expect(() => parseCovidCsv(csv(`2020-01-22,${bad},557,6`)), bad).toThrow(/confirmed_total on line 2 to be a count/);
    }
    expect(() => parseCovidCsv(csv('2020-01-22,557,557,six'))).toThrow(/countries_infected on line 2 .* found "six"\.$/);
  });

  it('parseCovidCsv rejects bad dates, gaps, repeats and dates out of order', () => {
    expect(inputError(() => parseCovidCsv(csv('22/01/2020,557,557,6'))).message).toBe(
      'Expected the date on line 2 to be a calendar date written YYYY-MM-DD but found "22/01/2020".',
    );
    expect(inputError(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-24,657,100,9'))).message).toBe(
      'Expected the date on line 3 to be 2020-01-23, the day after 2020-01-22 on line 2, but found 2020-01-24: every day must appear once, in increasing order.',
    );
    expect(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-22,657,100,9'))).toThrow(/line 3 to be 2020-01-23, .* found 2020-01-22:/);
    expect(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-21,657,100,9'))).toThrow(/found 2020-01-21/);
  });
});

describe('loadCovidData', () => {
  const days = loadCovidData();

  it('COVID_DATA_URL points to the shipped file, whose SHA-256 is COVID_DATA_SHA256 and is listed in data/README.md', () => {
    const hash = createHash('sha256').update(readFileSync(COVID_DATA_URL)).digest('hex');
    expect(hash).toBe(COVID_DATA_SHA256);
    expect(readFileSync('data/README.md', 'utf8')).toContain(COVID_DATA_SHA256);
  });

  it('loadCovidData() reads the shipped file: 1143 days from 2020-01-22 to 2023-03-09', () => {
    expect(days).toHaveLength(1143);
    expect(days[0]).toEqual({ date: '2020-01-22', confirmedTotal: 557, newCases: 557, countriesInfected: 6 });
    expect(days[1]).toEqual({ date: '2020-01-23', confirmedTotal: 657, newCases: 100, countriesInfected: 9 });
    expect(days.at(-1)).toEqual({ date: '2023-03-09', confirmedTotal: 676570149, newCases: 177325, countriesInfected: 201 });
    expect(days.find((d) => d.date === '2020-03-11')).toEqual({ date: '2020-03-11', confirmedTotal: 126527, newCases: 7476, countriesInfected: 111 });
  });

  it('loadCovidData() gives new cases as the daily difference of the totals, never 0 or below', () => {
    days.slice(1).forEach((d, i) => expect(d.newCases).toBe(d.confirmedTotal - days[i]!.confirmedTotal));
    expect(Math.min(...days.map((d) => d.newCases))).toBeGreaterThan(0);
    expect(Math.max(...days.map((d) => d.newCases))).toBe(4_083_281);
    expect(days.find((d) => d.newCases === 4_083_281)?.date).toBe('2022-01-19');
  });

  it('loadCovidData() shows countries reaching 201 on 2022-05-23 and staying there', () => {
    const first = days.findIndex((d) => d.countriesInfected === 201);
    expect(days[first]!.date).toBe('2022-05-23');
    expect(days.slice(first).every((d) => d.countriesInfected === 201)).toBe(true);
    days.slice(1).forEach((d, i) => expect(d.countriesInfected).toBeGreaterThanOrEqual(days[i]!.countriesInfected));
  });

  it('loadCovidData(path) reads another file and names a missing one', () => {
    expect(loadCovidData(COVID_DATA_URL.pathname)).toHaveLength(1143);
    const error = inputError(() => loadCovidData('does/not/exist.csv'));
    expect(error.argument).toBe('path');
    expect(error.message).toMatch(/^Expected path to name a readable CSV file but could not read "does\/not\/exist\.csv": ENOENT/);
    expect(() => loadCovidData(new URL('file:///does/not/exist.csv'))).toThrow(/could not read "\/does\/not\/exist\.csv"/);
  });
});

describe('parseCovidCsv checks the series is consistent', () => {
  it('parseCovidCsv rejects new_cases that disagree with confirmed_total', () => {
    const e = inputErrorOf(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-23,657,101,9')));
    expect(e.argument).toBe('text');
    expect(e.message).toMatch(/line 3 \(2020-01-23\).*new_cases is 101, not confirmed_total minus the previous day's \(657 − 557 = 100\)/);
  });

  it('parseCovidCsv rejects totals or country counts that go down', () => {
    expect(inputErrorOf(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-23,500,0,9'))).message).toMatch(/confirmed_total goes down from 557 to 500/);
    expect(inputErrorOf(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-23,657,100,5'))).message).toMatch(/countries_infected goes down from 6 to 5/);
    expect(inputErrorOf(() => parseCovidCsv(csv('2020-01-22,557,600,6'))).message).toMatch(/new_cases 600 is more than confirmed_total 557/);
  });

  it('parseCovidCsv rejects swapped columns', () => {
    // confirmed_total and new_cases swapped from the second row on.
    const e = inputErrorOf(() => parseCovidCsv(csv('2020-01-22,557,557,6', '2020-01-23,100,657,9', '2020-01-24,287,944,10')));
    expect(e.message).toMatch(/line 3/);
  });

  it('parseCovidCsv reads CR-only line endings and keeps messages short for huge lines', () => {
    expect(parseCovidCsv([HEADER, '2020-01-22,557,557,6', '2020-01-23,657,100,9'].join('\r'))).toHaveLength(2);
    const e = inputErrorOf(() => parseCovidCsv(`${HEADER}\n2020-01-22,${'9'.repeat(5_000_000)},557,6\n`));
    expect(e.message.length).toBeLessThan(400);
    expect(e.message).toMatch(/\(5000000 characters\)/);
  });

  it('loadCovidData still loads the shipped data, consistent day by day', () => {
    const days = loadCovidData();
    expect(days).toHaveLength(1143);
    days.slice(1).forEach((d, i) => expect(d.newCases).toBe(d.confirmedTotal - days[i]!.confirmedTotal));
  });
});

describe('loadCovidData refuses what is not a regular file', () => {
  const tempDir = () => mkdtempSync(join(tmpdir(), 'covid-data-'));

  it('loadCovidData("/dev/zero") names the path and says it is a device, without reading it', () => {
    const e = inputErrorOf(() => loadCovidData('/dev/zero'));
    expect(e.argument).toBe('path');
    expect(e.message).toBe('Expected path to name a regular CSV file but "/dev/zero" is a character device.');
  });

  it('loadCovidData(fifo) refuses a named pipe at once instead of blocking', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.csv');
    try {
      execFileSync('mkfifo', [fifo]);
      const start = Date.now();
      const e = inputErrorOf(() => loadCovidData(fifo));
      expect(Date.now() - start).toBeLessThan(2000);
      expect(e.message).toBe(`Expected path to name a regular CSV file but ${JSON.stringify(fifo)} is a FIFO (named pipe).`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loadCovidData(directory) names the directory', () => {
    const dir = tempDir();
    try {
      expect(inputErrorOf(() => loadCovidData(dir)).message).toBe(`Expected path to name a regular CSV file but ${JSON.stringify(dir)} is a directory.`);
      expect(inputErrorOf(() => loadCovidData(pathToFileURL(dir))).message).toMatch(/is a directory\.$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loadCovidData(http URL) explains that only local files are read, for strings and URL objects', () => {
    for (const url of ['https://example.com/covid.csv', 'http://example.com/covid.csv', new URL('https://example.com/covid.csv')]) {
      const e = inputErrorOf(() => loadCovidData(url));
      expect(e.argument).toBe('path');
      expect(e.message).toMatch(/^Expected path to be a local file path or file: URL but found "https?:\/\/example\.com\/covid\.csv": download the file first\.$/);
    }
    const long = `https://example.com/${'a'.repeat(1000)}`;
    expect(inputErrorOf(() => loadCovidData(long)).message.length).toBeLessThan(250);
  });

  it('loadCovidData refuses files larger than COVID_FILE_LIMIT before reading them', () => {
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    try {
      writeFileSync(big, '');
      truncateSync(big, COVID_FILE_LIMIT + 1); // sparse: no disk used
      const e = inputErrorOf(() => loadCovidData(big));
      expect(e.message).toBe(`Expected path to name a CSV file of at most 67,108,864 bytes (64 MiB) but ${JSON.stringify(big)} has 67,108,865 bytes.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loadCovidData quotes at most about 100 characters of a long path', () => {
    const e = inputErrorOf(() => loadCovidData(`/no/such/${'x'.repeat(5000)}.csv`));
    expect(e.message.length).toBeLessThan(400);
  });

  it('loadCovidData rejects a path that is not a string or URL', () => {
    expect(inputErrorOf(() => loadCovidData(42 as unknown as string)).message).toBe('Expected path to be a file path or file: URL but found 42.');
    expect(inputErrorOf(() => loadCovidData('')).argument).toBe('path');
    expect(inputErrorOf(() => loadCovidData('file://other-host/data.csv')).message).toMatch(/^Expected path to be a file: URL naming a local file but found "file:\/\/other-host\/data\.csv": /);
  });

  it('loadCovidData reads a file: URL given as a string', () => {
    expect(loadCovidData(COVID_DATA_URL.href)).toHaveLength(1143);
  });
});
