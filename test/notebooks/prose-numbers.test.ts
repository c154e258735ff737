// Every number the prose states is printed by the run, or is the article's. Each
// notebook is executed once in the real tslab kernel (two at a time; notebooks marked
// "backprop-ts".measuresTime, chapter 9's timings, alone and after the others, as the
// book runs them), and every number in its markdown cells must be backed by
//   (a) a number its code cells printed in this run (stdout, stderr, text/plain),
//   (b) a number in its code cells' source (a setting such as `epochs: 2000`),
//   (c) a "Try it" of the notebook (cell metadata "backprop-ts".try): the code its
//       edit types in, or a number its expected output spells out, which
//       exercises.test.ts checks against a run of the edited notebook, or
//   (d) a fact of the article (test/support/article-facts.ts, from ARTICLE.md).
//
// The rule (test/support/prose-numbers.ts):
// - Checked: decimals (0.75, 1.2e-5), powers of ten (10^{96}, 10⁻⁴), mantissa forms
//   (3.4×10³⁸), percentages, integers of 100 or more (1143, 2,000), integers followed
//   by "times" or × (75×), numbers with a multiplier word (4.08 million), and dates
//   ("23 May 2022" must be printed or written as 2022-05-23).
// - Not checked: integers below 100 standing alone. They are structural: chapter,
//   epoch, seed and list numbers, counts and sizes ("4 days", "2 inputs", "seed 7").
//   Nor digits inside names, sizes and shapes (float32, W1, 1024², 2-4-1, 4×2), nor URLs.
// - Precision: a number stands for what rounds to it at its last written digit, so
//   0.76 is backed by 0.761027 and 29.3 by 29.316; an integer is read to at least
//   two significant digits (100 is 1.0×10², so 130 does not back it). Hedged by
//   about, around, roughly, nearly, almost, some, ~ or ≈, it may be off by one unit
//   of that digit instead of half. A percentage p is backed by a printed p % or the
//   fraction p/100. A power of ten 10^k is an order of magnitude: backed by a number
//   printed in scientific notation (9.15e-1) within a factor √10 of it. A number with a unit, µs or ms, or a
//   whole number of times (19 times, 75×), is backed only by one printed with it.
// - A range ("29.27 to 29.31", "between 40,000 and 60,000", "25 to 40 %") is backed
//   when both of its ends are: a unit or % after the second end applies to both. So a
//   timing range "across runs" cannot be stated unless the run prints its ends; say
//   what this run measured instead, printed by the code.
// - Chapter 9 (measuresTime) is backed by its own run and code only, not the article.
//
// All mismatches of all notebooks are reported in one failure: notebook, cell id,
// the number as written, and its sentence. Part of the book lane (npm run test:book).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { measuresTime } from '../../tools/book/build.js';
import { readExercises } from '../../tools/exercises/exercises.js';
import { runNotebook, type Notebook, type Output } from '../../tools/notebook-runner/index.js';
import { ARTICLE_FACTS } from '../support/article-facts.js';
import { backs, evidenceIn, regexLiterals, statedNumbers } from '../support/prose-numbers.js';

const DIR = 'notebooks';
const names = readdirSync(DIR).filter((n) => n.endsWith('.ipynb')).sort();

/** Everything a notebook's code cells showed as text: streams, text/plain, errors. */
function printed(notebook: Notebook): string {
  const text = (o: Output) => {
    if (o.output_type === 'stream') return String(o.text);
    if (o.output_type === 'error') return `${o.ename}: ${o.evalue}`;
    const plain = o.data['text/plain'];
    return typeof plain === 'string' ? plain : '';
  };
  return notebook.cells.flatMap((c) => (c.cell_type === 'code' ? c.outputs.map(text) : [])).join('\n');
}

/** The code a notebook runs, and the code and expected outputs of its "Try it" exercises. */
function code(notebook: Notebook): string {
  const cells = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source);
  const exercises = readExercises(notebook).flatMap((e) => [e.replace, ...e.expect.map((x) => regexLiterals(x.output))]);
  return [...cells, ...exercises].join('\n');
}

const executed = new Map<string, Notebook>();
/** Notebooks whose numbers are timings: backed by this run alone, not by the article. */
const timed = new Set<string>();
beforeAll(async () => {
  for (const name of names) if (await measuresTime(join(DIR, name))) timed.add(name);
  const run = async (queue: string[]) => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      executed.set(name, (await runNotebook(join(DIR, name), { timeoutMs: 600_000 })).notebook);
    }
  };
  // Two at a time, as the book does on this 2-core machine; then the timed ones, alone.
  const untimed = names.filter((n) => !timed.has(n));
  await Promise.all([run(untimed), run(untimed)]);
  await run(names.filter((n) => timed.has(n)));
}, 1_800_000);

describe('numbers in the prose', () => {
  it('every number the prose states is printed by the run, in the code, or the article’s', () => {
    const mismatches: string[] = [];
    let claims = 0;
    for (const name of names) {
      const notebook = executed.get(name)!;
      const text = `${printed(notebook)}\n${code(notebook)}`;
      const evidence = evidenceIn(text, timed.has(name) ? [] : ARTICLE_FACTS.map((f) => f.value));
      for (const cell of notebook.cells) {
        if (cell.cell_type !== 'markdown') continue;
        for (const claim of statedNumbers(cell.source)) {
          claims++;
          if (!backs(evidence, claim)) mismatches.push(`${name} [${String(cell.id)}] ${claim.written}: "${claim.sentence}"`);
        }
      }
    }
    expect(claims).toBeGreaterThan(100);
    expect(mismatches, `${mismatches.length} numbers the run does not back:\n${mismatches.join('\n')}\n`).toEqual([]);
  });
});
