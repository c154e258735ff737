import { describe, expect, it } from 'vitest';
import { lossSparkline } from '../../src/charts/loss-sparkline.js';

const points = (svg: string) => /points="([^"]*)"/.exec(svg)![1]!.split(' ').map((p) => p.split(',').map(Number));

describe('lossSparkline', () => {
  it('lossSparkline draws a polyline from the largest loss at the top left to the last epoch', () => {
    const svg = lossSparkline([9, 4, 1], { width: 200, height: 100 });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="200" height="100"/);
    const p = points(svg);
    expect(p).toHaveLength(3);
    expect(p[0]).toEqual([56, 10]); // epoch 1, top
    expect(p[2]).toEqual([188, 78]); // last epoch at the right edge, bottom
    expect(svg).toContain('>9</text>');
    expect(svg).toContain('>1</text>');
    expect(svg).toContain('>epoch 1</text>');
  });

  it('lossSparkline grows into a frame of `epochs` and skips non-finite losses', () => {
    const p = points(lossSparkline([9, NaN, 1], { width: 200, height: 100, epochs: 5 }));
    expect(p.map(([x]) => x)).toEqual([56, 122]);
    expect(lossSparkline([1], { epochs: 5 })).toContain('>5</text>');
  });

  it('lossSparkline on a log scale leaves out losses ≤ 0 and draws an empty frame when nothing is left', () => {
    expect(points(lossSparkline([100, 10, 0, 1], { yScale: 'log', width: 200, height: 100 }))).toHaveLength(3);
    const empty = lossSparkline([]);
    expect(empty).not.toContain('polyline');
    expect(empty).toMatch(/<\/svg>$/);
  });

  it('lossSparkline draws a long run on a log epoch axis, so the first epochs are not squeezed into the first pixel', () => {
    const losses = Array.from({ length: 2000 }, (_, i) => 29 + 100 / (i + 1));
    const svg = lossSparkline(losses, { width: 420, epochs: 2000 });
    const xs = points(svg).map(([x]) => x);
    expect(xs[1]! - xs[0]!).toBeGreaterThan(20); // epoch 2 sits well right of epoch 1 (linear: 0.2 px)
    expect(svg).toContain('>100</text>'); // a decade tick
    expect(points(lossSparkline(losses, { width: 420, epochs: 2000, xScale: 'linear' })).map(([x]) => x)[1]! - 56).toBeLessThan(1);
  });

  it('lossSparkline keeps at most four points per pixel column, the extremes included, however long the run', () => {
    const losses = Array.from({ length: 1_000_000 }, (_, i) => (i === 500_000 ? 500 : 10 + Math.sin(i)));
    const svg = lossSparkline(losses, { width: 420, xScale: 'linear' });
    const p = points(svg);
    expect(p.length).toBeLessThanOrEqual(4 * (420 - 56 - 12 + 1));
    expect(Math.min(...p.map(([, y]) => y!))).toBe(10); // the spike at 500 is still the top
    expect(svg.length).toBeLessThan(40_000);
  });

  it('lossSparkline matches its snapshot', () => {
    expect(lossSparkline([95.45, 60, 40, 32, 30, 29.5], { epochs: 20 })).toMatchSnapshot();
  });
});
