import { describe, expect, it } from 'vitest';
import { BOOK_CSS, COLORS, TEXT_ON_BACKGROUND } from '../../../tools/book/styles.js';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('BOOK_CSS', () => {
  it.each(TEXT_ON_BACKGROUND)('BOOK_CSS text colour %s on %s has a contrast of at least 4.5:1', (text, background) => {
    expect(contrast(COLORS[text], COLORS[background])).toBeGreaterThanOrEqual(4.5);
  });

  it('BOOK_CSS draws controls with a border of at least 3:1 and a focus outline in the accent colour', () => {
    expect(contrast(COLORS.border, COLORS.bg)).toBeGreaterThanOrEqual(3);
    expect(contrast(COLORS.accent, COLORS['sidebar-bg'])).toBeGreaterThanOrEqual(3);
    expect(BOOK_CSS).toContain(':focus-visible { outline: 3px solid var(--accent)');
  });

  it('BOOK_CSS defines every colour it uses', () => {
    const used = new Set([...BOOK_CSS.matchAll(/var\(--([a-z-]+)\)/g)].map((m) => m[1]));
    const defined = new Set([...BOOK_CSS.matchAll(/--([a-z-]+):/g)].map((m) => m[1]));
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });
});
