// Every chart builder, given bad data (empty, NaN, ±Infinity, holes, null-prototype
// arrays, non-arrays, ragged or mismatched series, values near ±1.8e308) or a huge
// series, either throws an InputError naming the argument or returns a figure that is
// exactly JSON (no NaN, Infinity or undefined turned silently into null) with every
// series drawn. Never a TypeError, a RangeError or a stack overflow.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { activationChart, overflowChart } from '../../src/charts/activation-charts.js';
import { benchmarkChart } from '../../src/charts/benchmark-chart.js';
import { binValues, checkValues, niceRange } from '../../src/charts/bins.js';
import { chartHtml } from '../../src/charts/chart-html.js';
import type { PlotlyFigure } from '../../src/charts/figure.js';
import { lossCurve } from '../../src/charts/loss-curve.js';
import { lossSparkline } from '../../src/charts/loss-sparkline.js';
import { modelErrorChart } from '../../src/charts/model-error-chart.js';
import { networkDiagram } from '../../src/charts/network-diagram.js';
import { predictionsChart } from '../../src/charts/predictions-chart.js';
import { linearStackingChart, nonlinearStackingChart } from '../../src/charts/stacking-charts.js';
import { themeColor, themedFigure } from '../../src/charts/theme.js';
import { timeSeriesChart } from '../../src/charts/time-series-chart.js';
import { initialWeightsChart, initializersChart } from '../../src/charts/weight-histograms.js';
import { tanh } from '../../src/network/activations.js';
import { nullPrototype } from '../support/input-error.js';
import { sampleReport } from '../support/benchmark-helpers.js';

const NEAR_MAX = 1.7e308;
// eslint-disable-next-line no-sparse-arrays
const holed = <T>(a: T, c: T): T[] => [a, , c] as T[];
const bad = <T>(value: unknown) => value as T;

/** What a call gave: an InputError, or a result that must be exact JSON (figures) or clean SVG (strings). */
function outcome(run: () => unknown): { error?: InputError; result?: unknown } {
  try {
    return { result: run() };
  } catch (e) {
    if (e instanceof InputError) return { error: e };
    throw new Error(`expected an InputError or a result but got ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}`);
  }
}

function expectClean(label: string, run: () => unknown): { error?: InputError; result?: unknown } {
  const got = outcome(run);
  if (got.error) {
    expect(got.error.argument, label).toMatch(/\S/);
    expect(got.error.message, label).toContain(got.error.argument.replace(/\[.*$/, '').split('.')[0]!);
    expect(got.error.message.length, label).toBeLessThan(500);
  } else if (typeof got.result === 'string') {
    expect(got.result, label).not.toMatch(/NaN|Infinity|undefined/);
  } else {
    expect(jsonProblem(got.result, 'figure'), label).toBeUndefined();
  }
  return got;
}

/** The first place JSON would change silently: NaN, ±Infinity, undefined or a hole in an array. A loop, fast on a million points. */
function jsonProblem(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (value === undefined) return `${path} is undefined`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return `${path}[${i}] is a hole`;
      const item: unknown = value[i];
      if (typeof item === 'number' ? !Number.isFinite(item) : typeof item === 'object' || item === undefined) {
        const problem = jsonProblem(item, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue; // dropped by JSON, as intended for optional fields
    const problem = jsonProblem(item, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

const expectError = (label: string, run: () => unknown, argument?: RegExp) => {
  const got = expectClean(label, run);
  expect(got.error, `${label} should throw an InputError`).toBeInstanceOf(InputError);
  if (argument) expect(got.error!.argument, label).toMatch(argument);
  return got.error!;
};

const expectFigure = (label: string, run: () => unknown) => {
  const got = expectClean(label, run);
  expect(got.error, `${label} should draw but threw ${got.error?.message}`).toBeUndefined();
  return got.result as PlotlyFigure;
};

/** Whether a number anywhere in the layout is not finite (ranges especially). */
const layoutNumbers = (figure: PlotlyFigure) => JSON.stringify(figure.layout);

describe('chart options', () => {
  const builders: [string, (options: never) => unknown][] = [
    ['lossCurve', (o) => lossCurve([1, 2], o)],
    ['activationChart', (o) => activationChart(tanh, o)],
    ['overflowChart', (o) => overflowChart(o)],
    ['linearStackingChart', (o) => linearStackingChart(o)],
    ['nonlinearStackingChart', (o) => nonlinearStackingChart(o)],
    ['modelErrorChart', (o) => modelErrorChart(['a'], [1], o)],
    ['networkDiagram', (o) => networkDiagram([2, 1], o)],
    ['predictionsChart', (o) => predictionsChart([1], [1], o)],
    ['timeSeriesChart', (o) => timeSeriesChart(['2020-01-01'], [{ name: 'a', values: [1] }], o)],
    ['initialWeightsChart', (o) => initialWeightsChart([1, 2], o)],
    ['initializersChart', (o) => initializersChart([{ name: 'a', values: [1, 2] }], o)],
    ['benchmarkChart', (o) => benchmarkChart(sampleReport(), o)],
  ];

  it.each(builders)('%s takes null options as the defaults and rejects bad ones by name', (name, build) => {
    expectFigure(`${name}(null)`, () => build(bad(null)));
    expectError(`${name}(42)`, () => build(bad(42)), /^options$/);
    expectError(`${name}({ height: NaN })`, () => build(bad({ height: NaN })), /^height$/);
    expectError(`${name}({ height: -1 })`, () => build(bad({ height: -1 })), /^height$/);
    expectError(`${name}({ title: 42 })`, () => build(bad({ title: 42 })), /^title$/);
  });

  it('themeColor and themedFigure check their arguments', () => {
    expect(themeColor(8)).toBe(themeColor(1));
    expectError('themeColor(NaN)', () => themeColor(NaN), /^i$/);
    expectError('themeColor(1.5)', () => themeColor(1.5), /^i$/);
    expectError('themedFigure(null)', () => themedFigure(bad(null), { title: 't' }), /^data$/);
    expectError('themedFigure holes', () => themedFigure(holed(bad({ type: 'bar', x: [], y: [] }), bad({ type: 'bar', x: [], y: [] })), { title: 't' }), /^data/);
  });
});

describe('lossCurve', () => {
  it('lossCurve rejects empty, non-finite, holed and non-array histories by name', () => {
    for (const [label, history] of [
      ['[]', []], ['null', null], ['"abc"', 'abc'], ['null prototype', nullPrototype([1, 2])], ['hole', holed(1, 2)],
      ['NaN', [1, NaN]], ['Infinity', [Infinity]], ['-Infinity', [-Infinity]], ['NaN epoch', [{ loss: 1, epoch: NaN }]],
      ['run hole', holed({ name: 'a', history: [1] }, { name: 'b', history: [2] })], ['null run', [{ name: 'a', history: [1] }, null]],
      ['run and number', [{ name: 'a', history: [1] }, 3]], ['empty run', [{ name: 'a', history: [] }]], ['nameless run', [{ history: [1] }]],
    ] as const) {
      expectError(`lossCurve(${label})`, () => lossCurve(bad(history)), /^history/);
    }
  });

  it('lossCurve checks its options: reference, yScale and markers', () => {
    expectError('reference NaN', () => lossCurve([1], { reference: { value: NaN, label: 'x' } }), /^reference/);
    expectError('reference label', () => lossCurve([1], { reference: bad({ value: 1 }) }), /^reference/);
    expectError('yScale', () => lossCurve([1], { yScale: bad('cubic') }), /^yScale$/);
    expectError('markers', () => lossCurve([1], { markers: bad('yes') }), /^markers$/);
  });

  it('lossCurve draws losses near ±1.8e308 and a million epochs without a stack overflow', () => {
    expectFigure('near max', () => lossCurve([NEAR_MAX, -NEAR_MAX], { reference: { value: NEAR_MAX, label: 'top' } }));
    const figure = expectFigure('1e6', () => lossCurve(new Array<number>(1_000_000).fill(1), { reference: { value: 1, label: 'one' } }));
    expect(figure.data[0]!.x).toHaveLength(1_000_000);
    expect(figure.data[1]!.x).toEqual([1, 1_000_000]);
  });

  it('lossCurve draws every run', () => {
    const runs = Array.from({ length: 12 }, (_, i) => ({ name: `run ${i}`, history: [i + 1, i] }));
    expect(expectFigure('runs', () => lossCurve(runs)).data).toHaveLength(12);
  });
});

describe('lossSparkline', () => {
  it('lossSparkline rejects non-arrays, holes and bad options by name', () => {
    expectError('null', () => lossSparkline(bad(null)), /^losses$/);
    expectError('null prototype', () => lossSparkline(nullPrototype([1, 2])), /^losses$/);
    expectError('hole', () => lossSparkline(holed(1, 2)), /^losses/);
    expectError('string entry', () => lossSparkline(bad([1, '2'])), /^losses/);
    expectError('width', () => lossSparkline([1], { width: NaN }), /^width$/);
    expectError('height', () => lossSparkline([1], { height: -1 }), /^height$/);
    expectError('options', () => lossSparkline([1], bad(3)), /^options$/);
    expectError('epochs', () => lossSparkline([1], { epochs: NaN }), /^epochs$/);
    expectError('epochs 1e300', () => lossSparkline([1], { epochs: 1e300 }), /^epochs$/);
    expectError('yScale', () => lossSparkline([1], { yScale: bad('cubic') }), /^yScale$/);
    expectError('xScale', () => lossSparkline([1], { xScale: bad('cubic') }), /^xScale$/);
  });

  it('lossSparkline leaves out non-finite losses (a diverging run) and draws values near ±1.8e308', () => {
    expectClean('NaN', () => lossSparkline([1, NaN, Infinity, 2]));
    expectClean('empty', () => lossSparkline([]));
    expectClean('near max', () => lossSparkline([NEAR_MAX, -NEAR_MAX, 0]));
    expectClean('near max log', () => lossSparkline([NEAR_MAX, 1e-300], { yScale: 'log' }));
    expectClean('1e6', () => lossSparkline(Array.from({ length: 1_000_000 }, (_, i) => 1 / (i + 1)), { epochs: 2_000_000 }));
  });
});

describe('modelErrorChart', () => {
  it('modelErrorChart rejects bad models, groups and references by name', () => {
    for (const [label, models] of [['null', null], ['[]', []], ['hole', holed('a', 'b')], ['numbers', [1, 2]], ['null prototype', nullPrototype(['a'])]] as const) {
      expectError(`models ${label}`, () => modelErrorChart(bad(models), [1, 2]), /^models/);
    }
    for (const [label, groups] of [
      ['null', null], ['null prototype', nullPrototype([1])], ['NaN', [NaN]], ['hole', holed({ name: 'a', values: [1] }, { name: 'b', values: [1] })],
      ['null group', [{ name: 'a', values: [1] }, null]], ['nameless', [{ values: [1] }]], ['ragged', [{ name: 'a', values: [1] }, { name: 'b', values: [1, 2] }]],
      ['mixed', [{ name: 'a', values: [1] }, 2]],
    ] as const) {
      expectError(`groups ${label}`, () => modelErrorChart(['a'], bad(groups)), /^groups/);
    }
    expectError('reference', () => modelErrorChart(['a'], [1], { reference: { value: Infinity, label: 'x' } }), /^reference/);
  });

  it('modelErrorChart draws a million models and values near ±1.8e308', () => {
    expectFigure('near max', () => modelErrorChart(['a', 'b'], [NEAR_MAX, -NEAR_MAX], { reference: { value: NEAR_MAX, label: 'top' } }));
    const models = Array.from({ length: 1_000_000 }, (_, i) => `m${i}`);
    expect(expectFigure('1e6', () => modelErrorChart(models, new Array<number>(1_000_000).fill(1))).data[0]!.y).toHaveLength(1_000_000);
  });
});

describe('networkDiagram', () => {
  it('networkDiagram rejects bad sizes, labels and weights by name, and a million layers without a stack overflow', () => {
    expectError('null', () => networkDiagram(bad(null)), /^layerSizes/);
    expectError('hole', () => networkDiagram(holed(2, 1)), /^layerSizes/);
    expectError('NaN', () => networkDiagram([2, NaN]), /^layerSizes/);
    expectError('null prototype', () => networkDiagram(nullPrototype([2, 1])), /^layerSizes/);
    expectError('1e6 layers', () => networkDiagram(new Array<number>(1_000_000).fill(1)), /^layerSizes/);
    expectError('inputLabels empty', () => networkDiagram([2, 1], { inputLabels: [] }), /^inputLabels/);
    expectError('inputLabels short', () => networkDiagram([2, 1], { inputLabels: ['a'] }), /^inputLabels/);
    expectError('outputLabels number', () => networkDiagram([2, 1], { outputLabels: bad([1]) }), /^outputLabels/);
    expectError('layerNames hole', () => networkDiagram([2, 1], { layerNames: holed('a', 'b') }), /^layerNames/);
    expectError('weights hole', () => networkDiagram([1, 1, 1], { weights: holed([[1]], [[1]]).slice(1, 3) }), /^weights/);
    expectError('weights sparse', () => networkDiagram([1, 1, 1], { weights: bad([, [[1]]]) }), /^weights/);
    expectError('weights NaN', () => networkDiagram([1, 1], { weights: [[[NaN]]] }), /^weights/);
    expectError('weights null', () => networkDiagram([1, 1], { weights: bad(null) }), /^weights/);
    expectError('weightName', () => networkDiagram([1, 1], { weights: [[[1]]], weightName: bad(3) }), /^weightName/);
  });

  it('networkDiagram draws weights near ±1.8e308', () => {
    const figure = expectFigure('near max', () => networkDiagram([1, 2], { weights: [[[NEAR_MAX, -NEAR_MAX]]], inputLabels: ['x'], outputLabels: ['a', 'b'] }));
    expect(layoutNumbers(figure)).not.toMatch(/null/);
  });
});

describe('predictionsChart', () => {
  it('predictionsChart rejects bad predictions, targets and labels by name', () => {
    for (const [label, predictions] of [
      ['null', null], ['null prototype', nullPrototype([1])], ['hole', holed(1, 2)], ['NaN', [NaN, 1, 2]], ['short', [1]],
      ['series hole', holed({ name: 'a', values: [1, 2, 3] }, { name: 'b', values: [1, 2, 3] })], ['null series', [{ name: 'a', values: [1, 2, 3] }, null]],
      ['nameless', [{ values: [1, 2, 3] }]], ['mixed', [{ name: 'a', values: [1, 2, 3] }, 1]],
    ] as const) {
      expectError(`predictions ${label}`, () => predictionsChart(bad(predictions), [1, 2, 3]), /^predictions/);
    }
    expectError('targets', () => predictionsChart([1], [Infinity]), /^targets/);
    expectError('labels hole', () => predictionsChart([1, 2, 3], [1, 2, 3], { labels: holed('a', 'c') }), /^labels/);
    expectError('labels numbers', () => predictionsChart([1], [1], { labels: bad([1]) }), /^labels/);
  });

  it('predictionsChart draws a million samples and values near ±1.8e308', () => {
    expectFigure('near max', () => predictionsChart([NEAR_MAX, -NEAR_MAX], [-NEAR_MAX, NEAR_MAX]));
    const n = 1_000_000;
    expect(expectFigure('1e6', () => predictionsChart(new Array<number>(n).fill(1), new Array<number>(n).fill(2))).data).toHaveLength(2);
  });
});

describe('timeSeriesChart', () => {
  const dates = ['2020-01-01', '2020-01-02', '2020-01-03'];
  const one = [{ name: 'a', values: [1, 2, 3] }];

  it('timeSeriesChart rejects bad dates, series and periods by name', () => {
    expectError('dates hole', () => timeSeriesChart(holed('2020-01-01', '2020-01-03'), [{ name: 'a', values: [1, 2, 3] }]), /^dates/);
    expectError('dates null prototype', () => timeSeriesChart(nullPrototype(dates), one), /^dates/);
    expectError('dates null', () => timeSeriesChart(bad(null), one), /^dates/);
    for (const [label, series] of [
      ['null', null], ['[]', []], ['hole', holed(one[0], one[0])], ['null series', [one[0], null]], ['NaN', [{ name: 'a', values: [1, NaN, 3] }]],
      ['ragged', [{ name: 'a', values: [1, 2] }]], ['nameless', [{ values: [1, 2, 3] }]], ['reference', [{ name: 'a', values: [1, 2, 3], reference: 'yes' }]],
      ['null prototype', nullPrototype(one)], ['values hole', [{ name: 'a', values: holed(1, 3) }]],
    ] as const) {
      expectError(`series ${label}`, () => timeSeriesChart(dates, bad(series)), /^series/);
    }
    expectError('periods', () => timeSeriesChart(dates, one, { periods: bad({}) }), /^periods/);
    expectError('periods hole', () => timeSeriesChart(dates, one, { periods: holed({ label: 'a', start: dates[0]!, end: dates[1]! }, { label: 'b', start: dates[1]!, end: dates[2]! }) }), /^periods/);
    expectError('period null', () => timeSeriesChart(dates, one, { periods: bad([null]) }), /^periods/);
    expectError('period label', () => timeSeriesChart(dates, one, { periods: bad([{ start: dates[0], end: dates[1] }]) }), /^periods/);
    expectError('yScale', () => timeSeriesChart(dates, one, { yScale: bad('cubic') }), /^yScale$/);
  });

  it('timeSeriesChart draws a million days and values near ±1.8e308', () => {
    expectFigure('near max', () => timeSeriesChart(dates, [{ name: 'a', values: [NEAR_MAX, -NEAR_MAX, 0] }]));
    const start = Date.UTC(1000, 0, 1);
    const many = Array.from({ length: 1_000_000 }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
    const figure = expectFigure('1e6', () => timeSeriesChart(many, [{ name: 'a', values: new Array<number>(many.length).fill(1) }, { name: 'b', values: new Array<number>(many.length).fill(2), reference: true }]));
    expect(figure.data).toHaveLength(2);
  });
});

describe('weight histograms and bins', () => {
  it('initialWeightsChart, binValues and niceRange reject bad values and options by name', () => {
    for (const [label, values] of [['null', null], ['[]', []], ['NaN', [1, NaN]], ['hole', holed(1, 2)], ['string', 'abc'], ['number', 5]] as const) {
      expectError(`initialWeightsChart ${label}`, () => initialWeightsChart(bad(values)), /^values/);
      expectError(`binValues ${label}`, () => binValues(bad(values)), /^values/);
      expectError(`niceRange ${label}`, () => niceRange(bad(values)), /^values/);
    }
    expect(expectError('hole message', () => checkValues('values', holed(1, 2))).message).toMatch(/values\[1\] to be a finite number but found a hole/);
    expectError('bins 1e9', () => initialWeightsChart([1, 2], { bins: 1e9 }), /^bins$/);
    expectError('range', () => initialWeightsChart([1, 2], { range: bad(5) }), /^range$/);
    expectError('range NaN', () => initialWeightsChart([1, 2], { range: [NaN, 1] }), /^range$/);
    expectError('expectedCount', () => initialWeightsChart([1, 2], { expectedCount: NaN }), /^expectedCount$/);
  });

  it('niceRange and binValues stay finite and count every value near ±1.8e308', () => {
    for (const values of [[-NEAR_MAX, NEAR_MAX], [NEAR_MAX, 1e308], [-NEAR_MAX, -1e308], [NEAR_MAX], [0, Number.MAX_VALUE]]) {
      const [start, end] = niceRange(values);
      expect(Number.isFinite(start) && Number.isFinite(end) && start < end, String(values)).toBe(true);
      expect(start <= Math.min(...values) && end >= Math.max(...values), String(values)).toBe(true);
      const bins = binValues(values, { bins: 4 });
      expect(bins.counts.reduce((a, b) => a + b, 0), String(values)).toBe(values.length);
      expect([...bins.edges, ...bins.centers, bins.width].every(Number.isFinite), String(values)).toBe(true);
      expectFigure(`initialWeightsChart ${values}`, () => initialWeightsChart(values));
    }
  });

  it('initialWeightsChart draws a million values', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i));
    expect((expectFigure('1e6', () => initialWeightsChart(values)).data[0]!.y as number[]).reduce((a, b) => a + b, 0)).toBe(1_000_000);
  });

  it('initializersChart rejects bad samples by name and draws every sample', () => {
    for (const [label, samples] of [
      ['null', null], ['[]', []], ['hole', holed({ name: 'a', values: [1] }, { name: 'b', values: [1] })], ['null sample', [{ name: 'a', values: [1] }, null]],
      ['nameless', [{ values: [1] }]], ['NaN', [{ name: 'a', values: [NaN] }]], ['null prototype', nullPrototype([{ name: 'a', values: [1] }])],
    ] as const) {
      expectError(`initializersChart ${label}`, () => initializersChart(bad(samples)), /^samples/);
    }
    expectError('arrangement', () => initializersChart([{ name: 'a', values: [1] }], { arrangement: bad('grid') }), /^arrangement$/);
    const samples = Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, values: [i, -NEAR_MAX, NEAR_MAX] }));
    expect(expectFigure('9 samples near max', () => initializersChart(samples)).data).toHaveLength(9);
  });
});

describe('activation and stacking charts', () => {
  it('activationChart rejects what is not an activation, and bad ranges, by name', () => {
    expectError('null', () => activationChart(bad(null)), /^act$/);
    expectError('name', () => activationChart(bad('tanh')), /^act$/);
    expectError('from NaN', () => activationChart(tanh, { from: NaN }), /^from$/);
    expectError('count 1', () => activationChart(tanh, { count: 1 }), /^count$/);
    expectFigure('wide', () => activationChart(tanh, { from: -NEAR_MAX, to: NEAR_MAX }));
    expect(expectFigure('1e6', () => activationChart(tanh, { count: 1_000_000 })).data[0]!.x).toHaveLength(1_000_000);
  });

  it('overflowChart rejects a bad extent instead of putting NaN in the axis range', () => {
    for (const extent of [NaN, Infinity, -1, 0]) expectError(`extent ${extent}`, () => overflowChart({ extent }), /^extent$/);
    expect(layoutNumbers(expectFigure('near max', () => overflowChart({ extent: NEAR_MAX })))).not.toMatch(/null/);
  });

  it('the stacking charts reject bad ranges by name', () => {
    expectError('linear', () => linearStackingChart({ to: Infinity }), /^to$/);
    expectError('nonlinear', () => nonlinearStackingChart({ count: 0 }), /^count$/);
  });
});

describe('benchmarkChart and chartHtml', () => {
  it('benchmarkChart rejects a malformed report by name, and ratios that are not finite and positive', () => {
    expectError('null', () => benchmarkChart(bad(null)), /^report/);
    expectError('entries', () => benchmarkChart(bad({ ...sampleReport(), entries: null })), /^report/);
    expectError('workloads', () => benchmarkChart(bad({ ...sampleReport(), workloads: 3 })), /^report/);
    const report = sampleReport();
    const zeroed = { ...report, entries: report.entries.map((e) => (e.engine === report.baseline ? { ...e, secondsPerEpoch: 0 } : e)) };
    expectError('zero baseline', () => benchmarkChart(zeroed), /^report/);
    const nan = { ...report, entries: report.entries.map((e) => (e.engine === report.baseline ? e : { ...e, secondsPerEpoch: NaN })) };
    expectError('NaN time', () => benchmarkChart(nan), /^report/);
  });

  it('chartHtml refuses a figure with NaN or Infinity, which JSON would turn silently into null, and a bad index', () => {
    const figure = lossCurve([1, 2]);
    (figure.data[0]!.y as number[])[1] = NaN;
    expect(expectError('NaN', () => chartHtml(figure, 1), /^figure$/).message).toMatch(/figure\.data\[0\]\.y\[1\]/);
    expectError('null', () => chartHtml(bad(null), 1), /^figure$/);
    expectError('index', () => chartHtml(lossCurve([1]), NaN), /^index$/);
  });
});

describe('rounding near 1.8e308', () => {
  it('binValues(values, null) takes the defaults, and its edges stay finite up to Number.MAX_VALUE', () => {
    expect(binValues([1, 2], null as never).counts.reduce((a, b) => a + b, 0)).toBe(2);
    const bins = binValues([Number.MAX_VALUE, 0, 0, 0], { bins: 3 });
    expect(bins.edges.every(Number.isFinite)).toBe(true);
    expect(bins.counts).toEqual([3, 0, 1]);
  });

  it('lossSparkline and networkDiagram write 1.798e+308 rather than Infinity for Number.MAX_VALUE', () => {
    expect(lossSparkline([Number.MAX_VALUE, 0])).toContain('1.798e+308');
    const hover = expectFigure('max', () => networkDiagram([1, 1], { weights: [[[Number.MAX_VALUE]]] })).data.flatMap((t) => t.hovertext ?? []);
    expect(hover).toEqual(['W1[0][0] = 1.798e+308']);
  });
});
