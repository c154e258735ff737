// tools/latency/cli.ts: the command line, and what a run on the real kernel writes
// (the report's shape, never its timings).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main, PARTS, USAGE, bookCommand } from '../../../tools/latency/cli.js';
import { parseBookTimes } from '../../../tools/latency/measure.js';
import type { LatencyReport } from '../../../tools/latency/report.js';
import { itHasTheCliShape, runMain } from '../cli-shape.js';

describe('latency command line', () => {
  itHasTheCliShape({ main, USAGE, EXIT }, [
    [['--repeat', '0'], /Expected --repeat to be an integer greater than 0 but found 0/],
    [['--repeat', '1.5'], /Expected --repeat to be an integer greater than 0 but found 1\.5/],
    [['--only', 'kernel,bogus'], /Expected --only to list parts among kernel, cells, notebooks, book but found "bogus"/],
    [['--notebooks', 'x', 'a.ipynb'], /Expected either --notebooks or notebook files, not both/],
    [['a.txt'], /Expected notebook files \(\*\.ipynb\) but found "a.txt"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--compare', 'a.json'], /Expected --compare to be two report files, BEFORE.json,AFTER.json, but found "a.json"/],
  ]);

  it('main(["--compare", "BEFORE,AFTER"]) measures nothing and prints the two reports side by side; 1 for a report it cannot read', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'latency-compare-'));
    try {
      const report = (ms: number): LatencyReport => ({ createdAt: 'x', repeat: 1, machine: { cpu: 'c', cores: 2, memoryGb: 1, os: 'o', node: 'v', loadAverageAtStart: [0, 0, 0] }, kernelStart: [{ readyMs: ms, firstOutputMs: ms }] });
      await writeFile(join(dir, 'a.json'), JSON.stringify(report(2_000)));
      await writeFile(join(dir, 'b.json'), JSON.stringify(report(1_000)));
      const run = await runMain(main, '--compare', `${join(dir, 'a.json')},${join(dir, 'b.json')}`);
      expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
      expect(run.stdout).toMatch(/kernel start → first output +2\.0 s +1\.0 s +×0\.50/);
      const missing = await runMain(main, '--compare', `${join(dir, 'a.json')},${join(dir, 'none.json')}`);
      expect(missing.code).toBe(EXIT.failed);
      expect(missing.stderr).toMatch(/^Cannot compare .*a\.json and .*none\.json: .*ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('PARTS lists every part the usage describes', () => {
    for (const part of PARTS) expect(USAGE).toMatch(new RegExp(`^  ${part} `, 'm'));
  });

  it('bookCommand runs the built book builder with this Node, to the folder given, for the notebooks given', () => {
    const command = bookCommand('/tmp/b');
    expect(command[0]).toBe(process.execPath);
    expect(command[1]).toMatch(/book[\\/]cli\.js$/);
    expect(command.slice(2)).toEqual(['--out', '/tmp/b', '--notebooks', 'notebooks']);
    expect(bookCommand('/tmp/b', 'other').slice(2)).toEqual(['--out', '/tmp/b', '--notebooks', 'other']);
  });
});

describe('parseBookTimes', () => {
  it('parseBookTimes reads the time per notebook the book builder prints', () => {
    const stdout = '\nTime per notebook:\n     9.7 s  notebooks/01-a.ipynb\n    31.0 s  notebooks/09-b.ipynb\n\nBuilt 2 pages in 40.1 s. Open book/index.html\n';
    expect(parseBookTimes(stdout)).toEqual({ 'notebooks/01-a.ipynb': 9.7, 'notebooks/09-b.ipynb': 31 });
  });
});

describe('latency runs on the real kernel', () => {
  let dir: string;
  const cell = (id: string, source: string, tags?: string[]) => ({ cell_type: 'code', id, source, metadata: tags ? { tags } : {}, execution_count: null, outputs: [] });
  const notebook = (cells: object[]) => JSON.stringify({
    nbformat: 4, nbformat_minor: 5, cells,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'latency-test-'));
    await writeFile(join(dir, 'good.ipynb'), notebook([
      cell('settings', 'const settings = { steps: 3 };', ['settings']),
      cell('train', 'let total = 0;\nfor (let i = 0; i < settings.steps; i++) total += i;\nconsole.log(total);'),
      { cell_type: 'markdown', id: 'try', source: '**Try it.**', metadata: { 'backprop-ts': { try: [{ cell: 'settings', find: 'steps: 3', replace: 'steps: 4', expect: [{ cell: 'train', output: '6' }] }] } } },
    ]));
    await writeFile(join(dir, 'bad.ipynb'), notebook([cell('boom', "throw new Error('boom');")]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('main(["--only", "notebooks", ...]) runs the notebook, reruns its settings and training cells, and writes the report', async () => {
    const out = join(dir, 'report.json');
    const run = await runMain(main, '--only', 'notebooks', '--repeat', '2', '--out', out, join(dir, 'good.ipynb'));
    expect(run.stderr).toContain('good.ipynb: full run, then reruns');
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(await readFile(out, 'utf8')) as LatencyReport;
    expect(report.repeat).toBe(2);
    expect(report.kernelBuilders).toBe(process.env['BACKPROP_KERNEL_FULL_BUILDER'] === '1' ? 'full' : 'light');
    expect(report.machine.loadAverageAtEnd).toHaveLength(3);
    expect(report.kernelStart).toBeUndefined();
    expect(report.book).toBeUndefined();
    const [measured] = report.notebooks!;
    expect(measured!.rerun!.cells).toEqual(['settings', 'train']);
    expect(measured!.rerun!.ms).toHaveLength(2);
    expect(measured!.declaringCellMs).toHaveLength(2);
    expect(measured!.slowestCells.map((c) => c.id).sort()).toEqual(['settings', 'train']);
    expect(measured!.fullRunMs).toBeGreaterThan(measured!.kernelStartMs);
    expect(run.stdout).toMatch(/good: rerun settings \+ train +\S+ m?s\n/);
    expect(run.stdout).toContain(`Wrote ${out}`);
  }, 60_000);

  it('main(["--only", "kernel,cells", ...]) measures a fresh kernel and the small cells, each as often as asked', async () => {
    const out = join(dir, 'cells.json');
    const run = await runMain(main, '--only', 'kernel,cells', '--repeat', '1', '--notebooks', join(process.cwd(), 'notebooks'), '--out', out);
    expect(run.code).toBe(EXIT.ok);
    const report = JSON.parse(await readFile(out, 'utf8')) as LatencyReport;
    expect(report.kernelStart).toHaveLength(1);
    expect(report.kernelStart![0]!.firstOutputMs).toBeGreaterThanOrEqual(report.kernelStart![0]!.readyMs);
    expect(Object.keys(report.smallCells!)).toEqual(['small', 'declaring', 'import', 'smallAfterImport', 'declaringAfterImport']);
    expect(Object.values(report.smallCells!).every((ms) => ms.length === 1)).toBe(true);
    expect(report.notebooks).toBeUndefined();
  }, 60_000);

  it('main() returns 1 and writes no report when a cell fails, naming the notebook and the error', async () => {
    const out = join(dir, 'bad.json');
    const run = await runMain(main, '--only', 'notebooks', '--out', out, join(dir, 'bad.ipynb'));
    expect(run.code).toBe(EXIT.failed);
    expect(run.stderr).toMatch(/Latency measurement failed: .*bad\.ipynb: cell boom failed: .*boom/);
    await expect(readFile(out, 'utf8')).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
