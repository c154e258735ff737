import { describe, expect, it } from 'vitest';
import { networkDiagram } from '../../src/charts/network-diagram.js';
import { expectFigureSnapshot, scatter, trace } from '../support/chart-helpers.js';

describe('networkDiagram', () => {
  it('networkDiagram([2, 4, 1]) draws 7 units in 3 columns and 12 connections', () => {
    const figure = networkDiagram([2, 4, 1]);
    const units = figure.data.filter((t) => t.name !== 'weights');
    expect(units.map((t) => [t.name, t.x.length])).toEqual([['input', 2], ['hidden', 4], ['output', 1]]);
    expect(trace(figure, 'hidden').x).toEqual([1, 1, 1, 1]);
    expect(trace(figure, 'hidden').y).toEqual([1.5, 0.5, -0.5, -1.5]);
    const edges = trace(figure, 'weights');
    expect(edges.x.filter((x) => x === null)).toHaveLength(12);
    expect(edges.x.slice(0, 3)).toEqual([0, 1, null]);
    expect(figure.layout.title?.text).toBe('A 2→4→1 network');
    expect(figure.layout.annotations?.map((a) => a.text)).toEqual(['input<br>2 units', 'hidden<br>4 units', 'output<br>1 unit']);
    expect(figure.layout.xaxis?.visible).toBe(false);
  });

  it('networkDiagram([2, 1]) labels inputs and output and names deeper hidden layers by number', () => {
    const figure = networkDiagram([2, 1], { inputLabels: ['infections today', 'countries'], outputLabels: ['prediction'], layerNames: ['inputs', 'weighted sum'] });
    expect(trace(figure, 'inputs')).toMatchObject({ mode: 'markers+text', text: ['infections today', 'countries'], textposition: 'middle left' });
    expect(trace(figure, 'weighted sum')).toMatchObject({ text: ['prediction'], textposition: 'middle right' });
    expect(figure.layout.xaxis?.range?.[0]).toBeLessThan(-0.4);
    expect(networkDiagram([3, 5, 5, 2]).data.map((t) => t.name)).toContain('hidden 2');
  });

  it('networkDiagram draws weights as lines whose width grows with |w| and whose colour shows the sign', () => {
    const figure = networkDiagram([2, 1], { weights: [[[0.5], [-1]]] });
    const [w0, w1] = [scatter(figure, 'w1[0][0]'), scatter(figure, 'w1[1][0]')];
    expect(w0.y).toEqual([0.5, 0]);
    expect(w0.line?.width).toBe(3.5);
    expect(w1.line?.width).toBe(6);
    expect(w0.line?.color).not.toBe(w1.line?.color);
    expect(trace(figure, 'weight values').hovertext).toEqual(['W1[0][0] = 0.5', 'W1[1][0] = -1']);
    expect(figure.data.some((t) => t.name === 'weights')).toBe(false);
    const gradient = networkDiagram([2, 1], { weights: [[[-5], [-2.5]]], weightName: 'dW' });
    expect(trace(gradient, 'weight values').hovertext).toEqual(['dW1[0][0] = -5', 'dW1[1][0] = -2.5']);
  });

  it('networkDiagram rejects bad sizes, names and weight shapes', () => {
    expect(() => networkDiagram([2])).toThrow(/layerSizes to list at least 2 layers/);
    expect(() => networkDiagram([2, 0])).toThrow(/layerSizes\[1\] to be an integer greater than 0 but found 0/);
    expect(() => networkDiagram([2, 65])).toThrow(/at most 64 units/);
    expect(() => networkDiagram([2, 1], { layerNames: ['a'] })).toThrow(/one name per layer \(2\) but found 1/);
    expect(() => networkDiagram([2, 1], { weights: [] })).toThrow(/one matrix per pair of layers \(1\) but found 0/);
    expect(() => networkDiagram([2, 1], { weights: [[[1, 2], [3, 4]]] })).toThrow(/weights\[0\]/);
  });

  it('networkDiagram matches its JSON snapshots', async () => {
    await expectFigureSnapshot(networkDiagram([2, 4, 1], { layerNames: ['input', 'hidden (tanh)', 'output'] }), 'network-2-4-1');
    await expectFigureSnapshot(networkDiagram([2, 1], { weights: [[[1.3], [0.66]]], inputLabels: ['a', 'b'] }), 'network-2-1-weights');
  });
});
