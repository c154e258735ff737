// tools/latency/report.ts: medians, the table and the machine; no timings are asserted.
import { describe, expect, it } from 'vitest';
import { formatComparison, formatMs, formatReport, machineInfo, median, readmeTables, reportRows, TARGETS, type LatencyReport } from '../../../tools/latency/report.js';

describe('median', () => {
  it('median takes the middle sample, or the mean of the middle two, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('formatMs', () => {
  it('formatMs shows milliseconds below a second and tenths of seconds above', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1_234)).toBe('1.2 s');
    expect(formatMs(Number.NaN)).toBe('–');
  });
});

describe('formatReport', () => {
  const report: LatencyReport = {
    createdAt: '2026-11-29T00:00:00.000Z',
    machine: { ...machineInfo(), cpu: 'Test CPU', cores: 2, node: 'v20', loadAverageAtStart: [0.5, 0.4, 0.3], loadAverageAtEnd: [1, 0.9, 0.8] },
    repeat: 3,
    kernelStart: [{ readyMs: 2_000, firstOutputMs: 2_100 }],
    smallCells: { small: [10, 30, 20], declaring: [70], import: [900], smallAfterImport: [15], declaringAfterImport: [95] },
    notebooks: [
      { notebook: 'notebooks/01-a.ipynb', fullRunMs: 9_000, kernelStartMs: 2_000, slowestCells: [], declaringCellMs: [100], rerun: { cells: ['s', 't'], ms: [500, 3_000, 400] } },
      { notebook: 'notebooks/07-b.ipynb', fullRunMs: 30_000, kernelStartMs: 2_000, slowestCells: [], declaringCellMs: [100], rerun: { cells: ['u'], ms: [5_000] } },
    ],
    book: { command: ['node', 'book/cli.js', '--out', '/tmp/x'], wallMs: 70_000, exitCode: 0, perNotebookSeconds: {} },
  };
  const table = formatReport(report);

  it('formatReport prints the machine and the load average at the start and end', () => {
    expect(table).toMatch(/^Latency on 2 CPUs \(Test CPU\), Node v20; median of 3/);
    expect(table).toContain('Load average at start 0.5 0.4 0.3, at end 1 0.9 0.8.');
  });

  it('formatReport prints one row per measurement with the median of its samples', () => {
    expect(table).toMatch(/kernel start → first output +2\.1 s/);
    expect(table).toMatch(/rerun `1 \+ 1` +20 ms/);
    expect(table).toMatch(/01-a: full run +9\.0 s/);
  });

  it('formatReport judges chapters 1–5 reruns and the book against the targets, and nothing else', () => {
    expect(table).toMatch(new RegExp(`01-a: rerun s \\+ t +500 ms +within ${formatMs(TARGETS.rerunMs)}`));
    expect(table).toMatch(/07-b: rerun u +5\.0 s$/m);
    expect(table).toMatch(/book \(node dist-tools\/book\/cli\.js\) +70\.0 s +over 60\.0 s/);
  });
});

describe('formatComparison', () => {
  const base: LatencyReport = { createdAt: 'then', machine: { ...machineInfo(), loadAverageAtStart: [1, 1, 1] }, repeat: 3 };
  const before: LatencyReport = { ...base, smallCells: { small: [10], declaring: [80, 100, 90], import: [400], smallAfterImport: [10], declaringAfterImport: [100] } };
  const after: LatencyReport = { ...base, createdAt: 'now', kernelStart: [{ readyMs: 1, firstOutputMs: 2 }], smallCells: { small: [10], declaring: [45], import: [100], smallAfterImport: [5], declaringAfterImport: [25] } };

  it('formatComparison shows both medians and after/before for each measurement both reports have', () => {
    const text = formatComparison(before, after);
    expect(text).toMatch(/^Before: then, load 1 1 1 → \?\.\nAfter: +now/);
    expect(text).toMatch(/rerun `const two = 1 \+ 1;` +90 ms +45 ms +×0\.50$/m);
    expect(text).toMatch(/rerun the import cell \(library\) +400 ms +100 ms +×0\.25$/m);
    expect(text).not.toContain('kernel start');
  });

  it('reportRows lists every measurement of a report with its samples', () => {
    expect(reportRows(before).map((r) => r.what)).toHaveLength(5);
    expect(reportRows(before)[1]).toEqual({ what: 'rerun `const two = 1 + 1;`', samples: [80, 100, 90] });
  });
});

describe('machineInfo', () => {
  it('machineInfo names the CPU, its count, Node and the load average now', () => {
    const machine = machineInfo();
    expect(machine.cores).toBeGreaterThan(0);
    expect(machine.node).toBe(process.version);
    expect(machine.loadAverageAtStart).toHaveLength(3);
  });
});

describe('readmeTables', () => {
  const report: LatencyReport = {
    createdAt: '2026-11-29T00:00:00.000Z',
    machine: { ...machineInfo(), loadAverageAtStart: [0, 0, 0] },
    repeat: 3,
    kernelStart: [{ readyMs: 1_000, firstOutputMs: 1_400 }, { readyMs: 1_000, firstOutputMs: 1_600 }, { readyMs: 1_000, firstOutputMs: 1_500 }],
    smallCells: { small: [4], declaring: [10], import: [850, 70, 74], smallAfterImport: [5, 4, 6], declaringAfterImport: [20, 22, 40] },
    notebooks: [
      { notebook: 'notebooks/01-a.ipynb', fullRunMs: 3_500, kernelStartMs: 1_400, slowestCells: [], declaringCellMs: [30], rerun: { cells: ['s', 't'], ms: [100, 140, 97] } },
      { notebook: 'notebooks/05-b.ipynb', fullRunMs: 4_000, kernelStartMs: 1_400, slowestCells: [], declaringCellMs: [30], rerun: { cells: ['u'], ms: [2_500, 2_600, 2_400] } },
      { notebook: 'notebooks/07-c.ipynb', fullRunMs: 9_000, kernelStartMs: 1_400, slowestCells: [], declaringCellMs: [30], rerun: { cells: ['v'], ms: [3_000] } },
      { notebook: 'notebooks/09-d.ipynb', fullRunMs: 30_000, kernelStartMs: 1_400, slowestCells: [], declaringCellMs: [30] },
    ],
    book: { command: ['node', 'book/cli.js'], wallMs: 45_000, exitCode: 0, perNotebookSeconds: {} },
  };

  it('readmeTables gives the kernel\'s and small cells\' medians, the first import apart from its reruns', () => {
    const text = readmeTables(report);
    expect(text).toContain('| kernel start → first output (a fresh kernel) | 1.5 s |');
    expect(text).toContain("| a chapter's import cell, first run in a fresh kernel | 850 ms |");
    expect(text).toContain('| rerun the import cell | 72 ms |');
    expect(text).toContain('| rerun `const two = 1 + 1;`, library imported | 22 ms |');
  });

  it('readmeTables judges chapters 1–5 reruns and the book against the targets, and nothing else', () => {
    const text = readmeTables(report);
    expect(text).toContain('| 01-a.ipynb | 3.5 s | 100 ms (`s` + `t`) | within 2.0 s |');
    expect(text).toContain('| 05-b.ipynb | 4.0 s | 2.5 s (`u`) | over 2.0 s |');
    expect(text).toContain('| 07-c.ipynb | 9.0 s | 3.0 s (`v`) |  |');
    expect(text).toContain('| 09-d.ipynb | 30.0 s | – |  |');
    expect(text).toMatch(/\| the whole book .* \| 45\.0 s \| \| within 60\.0 s \|$/m);
  });
});
