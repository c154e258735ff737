// README's latency tables quote the committed latency report (data/latency/latest.json,
// written by `npm run latency`, tools/latency/): a new report committed without
// updating README fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeTables, type LatencyReport } from '../../tools/latency/report.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const report = JSON.parse(readFileSync(new URL('../../data/latency/latest.json', import.meta.url), 'utf8')) as LatencyReport;

describe('README latencies', () => {
  it('README shows the latency report\'s tables as readmeTables gives them', () => {
    expect(README).toContain(readmeTables(report));
  });

  it('README says when and under what load the report was taken, and by which builders', () => {
    const load = (l: number[] | undefined) => (l ?? []).map((x) => x.toFixed(2)).join(', ');
    expect(README).toContain(`load average ${load(report.machine.loadAverageAtStart)} at the start and ${load(report.machine.loadAverageAtEnd)} at the end`);
    expect(report.kernelBuilders ?? 'light').toBe('light');
    expect(report.notebooks?.length, 'every notebook measured').toBe(9);
  });
});
