import { describe, expect, it } from 'vitest';
import { CHART_CONFIG, THEME, themeColor, themedAxis, themedFigure } from '../../src/charts/theme.js';

describe('themeColor', () => {
  it('themeColor cycles through the palette, also for negative indices', () => {
    expect(themeColor(0)).toBe(THEME.colors[0]);
    expect(themeColor(THEME.colors.length + 1)).toBe(THEME.colors[1]);
    expect(themeColor(-1)).toBe(THEME.colors.at(-1));
  });
});

describe('themedAxis', () => {
  it('themedAxis sets the title and lets extra fields win', () => {
    const axis = themedAxis('epoch', { type: 'log', showgrid: false });
    expect(axis.title).toEqual({ text: 'epoch', standoff: 8 });
    expect(axis.type).toBe('log');
    expect(axis.showgrid).toBe(false);
    expect(axis.gridcolor).toBe(THEME.gridColor);
  });
});

describe('themedFigure', () => {
  const data = [{ type: 'scatter' as const, mode: 'lines' as const, x: [0, 1], y: [1, 0] }];

  it('themedFigure applies the font, title, height and config, without a legend by default', () => {
    const figure = themedFigure(data, { title: 'A line' });
    expect(figure.data).toBe(data);
    expect(figure.layout.title?.text).toBe('A line');
    expect(figure.layout.font?.family).toBe(THEME.fontFamily);
    expect(figure.layout.height).toBe(THEME.height);
    expect(figure.layout.showlegend).toBe(false);
    expect(figure.layout.legend).toBeUndefined();
    expect(figure.config).toEqual(CHART_CONFIG);
  });

  it('themedFigure makes room for a legend and merges layout fields last', () => {
    const figure = themedFigure(data, { title: 't', height: 200, showlegend: true, layout: { bargap: 0 } });
    expect(figure.layout.showlegend).toBe(true);
    expect(figure.layout.legend?.orientation).toBe('h');
    expect(figure.layout.margin?.t).toBe(80);
    expect(figure.layout.height).toBe(200);
    expect(figure.layout.bargap).toBe(0);
  });

  it('themedFigure gives every figure its own config object', () => {
    const a = themedFigure(data, { title: 'a' });
    a.config!.modeBarButtonsToRemove!.push('zoom2d');
    expect(themedFigure(data, { title: 'b' }).config!.modeBarButtonsToRemove).toEqual(['lasso2d', 'select2d']);
  });
});
