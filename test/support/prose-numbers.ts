// The numbers a notebook's prose states, and whether a run backs them. Used by
// test/notebooks/prose-numbers.test.ts, which states the rule in full; the pieces:
//
// - statedNumbers(markdown) reads the numbers a markdown cell states, each with its
//   precision (one unit of its last written digit) and whether it is hedged ("about");
// - evidenceIn(text) reads every number in printed output or code, liberally;
// - backs(evidence, claim) says whether the evidence holds numbers that round to it.

/** One number as the prose states it. */
export interface StatedNumber {
  /** The value, with a multiplier word applied ("4.08 million" is 4,080,000). */
  value: number;
  /** One unit of its last stated digit: 0.01 for 0.75, 10 for 100, 0.1e38 for 3.4×10³⁸. */
  unit: number;
  /** Hedged by about, around, roughly, nearly, almost, some, ~ or ≈: one unit either way instead of half. */
  approximate: boolean;
  /** Followed by % or "percent": a printed p % or a fraction p/100 backs it. */
  percent: boolean;
  /** Followed by µs or ms, or a whole number followed by "times" or ×: only a number printed with the same unit backs it (×N, N×, Nx or N times for a ratio). */
  measure?: Measure;
  /** Set for a bare power of ten, 10^k: an order of magnitude, backed by any number within a factor √10 of it. */
  power?: number;
  /** Set for a date: the ISO form (2022-05-23, or 2022-05 for "May 2022") that the run or code must contain. */
  date?: string;
}

/** A number, or a range of two ("29.2 to 29.4", "between 40,000 and 60,000"), in its sentence. */
export interface Claim {
  numbers: [StatedNumber] | [StatedNumber, StatedNumber];
  /** The words as written, e.g. "about 29.3" or "25 to 40 %". */
  written: string;
  /** The sentence it stands in, whitespace collapsed. */
  sentence: string;
}

/** What may back a claim: numbers printed, in code, or the article's, and the text they came from. */
export interface Evidence {
  numbers: readonly number[];
  /** The numbers written with a % sign (70 %, 63%). */
  percents: readonly number[];
  /** The numbers printed with a unit: 130 µs, ×5.2, 19x, 3 times. */
  measured: Readonly<Record<Measure, readonly number[]>>;
  /** The numbers written in scientific notation (9.15e-1, 2.2e-6): the only ones that state an order of magnitude. */
  scientific: readonly number[];
  /** Printed output and code, searched for dates. */
  text: string;
}

/** Units that tie a stated number to printed numbers of the same unit. */
export type Measure = 'µs' | 'ms' | 'times';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SUPERSCRIPTS: Record<string, string> = { '⁻': '-', '⁺': '', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
const MULTIPLIERS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

const DATE = new RegExp(`(?<![\\p{L}\\p{N}])(?:(\\d{1,2})\\s+)?(${MONTHS.join('|')})\\s+(\\d{4})(?!\\p{N})`, 'gu');
const EXPONENT = String.raw`(?:\s*\^\s*\{?\s*([-−]?\d+)\s*\}?|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))`;
/** 3.4×10³⁸, $3.4\times10^{38}$ */
const MANTISSA_POWER = new RegExp(String.raw`(?<![\p{L}\p{N}_.])(\d+(?:\.\d+)?)\s*(?:×|\\times)\s*10${EXPONENT}`, 'gu');
/** 10⁻⁴, $10^{-4}$ */
const POWER = new RegExp(String.raw`(?<![\p{L}\p{N}_.])10${EXPONENT}`, 'gu');
/**
 * A number standing on its own: not part of a name (float32, W1, 2σ, 1024²), a
 * sub- or superscript, a layer-size chain (2-4-1), a shape (4×2) or a path. A sign counts where
 * nothing stands before it.
 */
const NUMBER = /(?<![\p{L}\p{N}_.^\\/#-]|\d\s?×\s?)([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:e([-+]?\d+))?(?![\p{L}\p{N}_]|[.,]\d|-\d|\s?×\s?\d)/gu;
const HEDGE = /(?:\babout|\baround|\broughly|\bnearly|\balmost|\bsome|\bapproximately|~|≈|\\approx)[\s$`]*$/i;

/** Masks a match with spaces, so that its digits are not read twice and positions stay put. */
const blank = (text: string, start: number, length: number) => text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);

const superscript = (s: string) => [...s].map((c) => SUPERSCRIPTS[c] ?? c).join('');
const exponentOf = (caret: string | undefined, sup: string | undefined) => Number((caret ?? superscript(sup ?? '')).replace('−', '-'));

/** One unit of the last digit written. An integer is read to at least two significant digits (100 is 1.0×10²). */
function unitOf(digits: string, decimals: string | undefined): number {
  if (decimals !== undefined) return 10 ** -(decimals.length - 1);
  const plain = digits.replace(/,/g, '');
  const trailingZeros = plain.length - plain.replace(/0+$/, '').length;
  return 10 ** Math.max(0, Math.min(trailingZeros, plain.length - 2));
}

/** The sentence around a position: from the last sentence end, paragraph break or list bullet before it to the next one. */
function sentenceAt(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const ends = [...before.matchAll(/[.!?:](?=\s)|\n\s*\n|\n\s*(?:[-*]|\d+\.)\s/g)];
  const from = ends.length === 0 ? 0 : ends.at(-1)!.index! + ends.at(-1)![0].length;
  const after = text.slice(end).search(/[.!?](?=\s|$)|\n\s*\n/);
  const to = after < 0 ? text.length : end + after + 1;
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

interface Token extends StatedNumber {
  start: number;
  end: number;
  /** Integers below 100 with no %, "times" or multiplier are structural: counts, ordinals, sizes. */
  checked: boolean;
  times: boolean;
  multiplier: number;
}

/**
 * Every number a markdown cell states that the rule checks, as claims in reading
 * order. URLs are skipped.
 */
export function statedNumbers(markdown: string): Claim[] {
  const source = markdown.replace(/https?:\/\/\S+/g, (url) => ' '.repeat(url.length));
  let text = source;
  const tokens: Token[] = [];
  const hedged = (start: number) => HEDGE.test(source.slice(Math.max(0, start - 24), start));
  const base = { percent: false, times: false, multiplier: 1, checked: true };

  for (const m of source.matchAll(DATE)) {
    const month = String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0');
    const date = m[1] === undefined ? `${m[3]}-${month}` : `${m[3]}-${month}-${m[1].padStart(2, '0')}`;
    tokens.push({ ...base, start: m.index!, end: m.index! + m[0].length, value: Number(m[3]), unit: 1, approximate: false, date });
    text = blank(text, m.index!, m[0].length);
  }
  for (const m of [...text.matchAll(MANTISSA_POWER)]) {
    const exponent = exponentOf(m[2], m[3]);
    tokens.push({ ...base, start: m.index!, end: m.index! + m[0].length, value: Number(m[1]) * 10 ** exponent, unit: unitOf(m[1]!.split('.')[0]!, m[1]!.includes('.') ? `.${m[1]!.split('.')[1]}` : '.') * 10 ** exponent, approximate: hedged(m.index!) });
    text = blank(text, m.index!, m[0].length);
  }
  for (const m of [...text.matchAll(POWER)]) {
    const exponent = exponentOf(m[1], m[2]);
    tokens.push({ ...base, start: m.index!, end: m.index! + m[0].length, value: 10 ** exponent, unit: 0, approximate: true, power: exponent });
    text = blank(text, m.index!, m[0].length);
  }
  for (const m of text.matchAll(NUMBER)) {
    const [written, sign, digits, decimals, exponent] = m;
    const start = m.index!;
    let end = start + written.length;
    const rest = text.slice(end);
    const percent = /^\s*(?:%|percent\b)/.exec(rest);
    const times = /^\s*(?:times\b|×(?![\s]*[\d(]))/.test(rest);
    // A decimal ratio (1.07 times) carries its precision; a whole one (19 times) must be printed as a ratio.
    const wholeRatio = times && decimals === undefined && exponent === undefined;
    const measure: Measure | undefined = wholeRatio ? 'times' : (/^\s*(µs|ms)\b/u.exec(rest)?.[1] as Measure | undefined);
    const multiplier = /^\s+(thousand|million|billion)\b/.exec(rest);
    if (percent) end += percent[0].length;
    if (multiplier) end += multiplier[0].length;
    const scale = (multiplier ? MULTIPLIERS[multiplier[1]!]! : 1) * 10 ** Number(exponent ?? 0);
    const value = (sign === '-' || sign === '−' ? -1 : 1) * Number(`${digits!.replace(/,/g, '')}${decimals ?? ''}`) * scale;
    const integer = decimals === undefined && exponent === undefined;
    tokens.push({
      start, end, value,
      unit: unitOf(digits!, decimals) * scale,
      approximate: hedged(start),
      percent: percent !== null,
      ...(measure === undefined ? {} : { measure }),
      times,
      multiplier: multiplier ? MULTIPLIERS[multiplier[1]!]! : 1,
      checked: !integer || Math.abs(value) >= 100 || percent !== null || times || multiplier !== null,
    });
  }
  tokens.sort((a, b) => a.start - b.start);

  const claims: Claim[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1];
    const between = b === undefined ? '' : source.slice(a.end, b.start);
    const isRange = b !== undefined && a.date === undefined && b.date === undefined && a.power === undefined && b.power === undefined &&
      (/^\s*(?:to|–|—)\s*(?:about\s+|around\s+)?[$`]?\s*[+]?$/.test(between) ||
        (/^\s*and\s*(?:about\s+|around\s+)?[$`]?\s*[+]?$/.test(between) && /\bbetween\s+(?:about\s+|around\s+)?[$`]?$/.test(source.slice(0, a.start))));
    if (isRange) {
      // "25 to 40 %", "1 to 2 million", "8 to 19 times": the second end's suffix is the first's too.
      const first: Token = { ...a, approximate: a.approximate, percent: a.percent || b.percent, times: a.times || b.times };
      if (a.measure === undefined && b.measure !== undefined) first.measure = b.measure;
      if (a.multiplier === 1 && b.multiplier !== 1) Object.assign(first, { value: a.value * b.multiplier, unit: a.unit * b.multiplier, multiplier: b.multiplier });
      first.checked = a.checked || first.percent || first.times || first.multiplier !== 1;
      const second: Token = { ...b, approximate: b.approximate || a.approximate };
      if (first.checked || second.checked) claims.push(claim(source, [first, second]));
      i++;
    } else if (a.checked) {
      claims.push(claim(source, [a]));
    }
  }
  return claims;
}

function claim(source: string, tokens: [Token] | [Token, Token]): Claim {
  const start = tokens[0].start;
  const end = tokens.at(-1)!.end;
  const numbers = tokens.map(({ value, unit, approximate, percent, measure, power, date }) => ({
    value, unit, approximate, percent,
    ...(measure === undefined ? {} : { measure }),
    ...(power === undefined ? {} : { power }),
    ...(date === undefined ? {} : { date }),
  })) as Claim['numbers'];
  return { numbers, written: source.slice(start, end).replace(/\s+/g, ' ').trim(), sentence: sentenceAt(source, start, end) };
}

/** Every number in printed output or code: 2,000, -0.83, 1.2e-5, 16_384, 2022 in 2022-09-20, with its unit. */
export function evidenceIn(text: string, extra: readonly number[] = []): Evidence {
  const plain = text.replace(/(\d)_(?=\d)/g, '$1');
  const numbers: number[] = [...extra];
  const percents: number[] = [];
  const scientific: number[] = [];
  const measured: Record<Measure, number[]> = { 'µs': [], ms: [], times: [] };
  const NUMBER_WITH_UNIT = /(×\s?)?((?:(?<![\p{L}\p{N}])[-−])?\d+(?:,\d{3})*(?:\.\d+)?(e[-+]?\d+)?)(\s?%|\s?µs\b|\s?ms\b|\s?×|x\b|\s?times\b)?/gu;
  for (const m of plain.matchAll(NUMBER_WITH_UNIT)) {
    const value = Number(m[2]!.replace(/,/g, '').replace('−', '-'));
    const unit = m[4]?.trim();
    numbers.push(value);
    if (m[3] !== undefined) scientific.push(value);
    if (unit === '%') percents.push(value);
    else if (unit === 'µs' || unit === 'ms') measured[unit].push(value);
    else if (m[1] !== undefined || unit !== undefined) measured.times.push(value);
  }
  return { numbers, percents, measured, scientific, text: text };
}

/** How far a number may be from the stated one: half a unit of its last digit, a whole unit when hedged. */
const tolerance = (n: StatedNumber) => (n.approximate ? 1 : 0.5) * n.unit + 1e-12 * Math.abs(n.value);

/**
 * Whether the evidence backs one stated number. A date must appear in ISO form; a
 * power of ten needs a number printed in scientific notation within a factor √10 of
 * it; a number with a unit (µs, ms, times) one printed with that unit; a percentage
 * p a number printed as p % or the fraction p/100; any other number one that rounds
 * to it at its precision.
 */
export function backsNumber(evidence: Evidence, n: StatedNumber): boolean {
  if (n.date !== undefined) return evidence.text.includes(n.date);
  if (n.power !== undefined) return evidence.scientific.some((x) => x !== 0 && Math.round(Math.log10(Math.abs(x))) === n.power);
  const t = tolerance(n);
  if (n.measure !== undefined) return evidence.measured[n.measure].some((x) => Math.abs(x - n.value) <= t);
  if (n.percent) return evidence.percents.some((x) => Math.abs(x - n.value) <= t) || evidence.numbers.some((x) => Math.abs(100 * x - n.value) <= t);
  return evidence.numbers.some((x) => Math.abs(x - n.value) <= t);
}

/** Whether the evidence backs a claim: a single number, or both ends of a range. */
export function backs(evidence: Evidence, claim: Claim): boolean {
  return claim.numbers.every((n) => backsNumber(evidence, n));
}

/** The numbers a regular expression of a "Try it" expectation spells out: "\\b10 +[0-9. ]+ 0\\.761" holds 10 and 0.761. */
export function regexLiterals(pattern: string): string {
  return pattern
    .replace(/\\d[*+?]?/g, '')
    .replace(/\\[sbw][*+?]?|\[[^\]]*\][*+?]?|\.\*|[()|^$]/g, ' ')
    .replace(/\\(.)/g, '$1');
}
