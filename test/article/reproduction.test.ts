import { beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_NETWORK_ERRORS, agrees, describeAgreement, reproduceArticle } from '../../src/article/reproduction.js';
import { useBackend } from '../support/helpers.js';

beforeAll(() => useBackend('wasm'));

describe('reproduceArticle', () => {
  it('reproduceArticle agrees with every number the article prints', () => {
    const checks = reproduceArticle();
    expect(checks.length).toBe(36);
    expect(checks.filter((c) => !c.agrees)).toEqual([]);
  });

  it("every printed section-5 error lies in its seeded range, and the ranges narrow onto the plateau", () => {
    expect(ARTICLE_NETWORK_ERRORS.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 17, 18, 19, 20]);
    for (const { epoch, article, low, high } of ARTICLE_NETWORK_ERRORS) {
      expect(article, `epoch ${epoch}`).toBeGreaterThan(low);
      expect(article, `epoch ${epoch}`).toBeLessThan(high);
    }
    const widths = ARTICLE_NETWORK_ERRORS.map((r) => r.high - r.low);
    expect(Math.max(...widths.slice(4))).toBeLessThan(0.4); // the plateau is pinned to tenths
  });

  it('reproduceArticle covers sections 1, 2 and 5', () => {
    const sections = new Set(reproduceArticle().map((c) => c.section.slice(0, 2)));
    expect([...sections]).toEqual(['1.', '2.', '5.']);
  });
});

describe('agrees', () => {
  it('agrees(exact) compares every digit', () => {
    expect(agrees(0.1 + 0.2, 0.3, { kind: 'exact' })).toBe(false);
    expect(agrees(2.5, 2.5, { kind: 'exact' })).toBe(true);
  });
  it('agrees(relative) uses the tolerance', () => {
    expect(agrees(1, 1 + 5e-7, { kind: 'relative', tolerance: 1e-6 })).toBe(true);
    expect(agrees(1, 1 + 2e-6, { kind: 'relative', tolerance: 1e-6 })).toBe(false);
  });
  it('agrees(decimals) compares the printed digits', () => {
    expect(agrees(3.31, 3.3091659, { kind: 'decimals', digits: 2 })).toBe(true);
    expect(agrees(3.31, 3.3151, { kind: 'decimals', digits: 2 })).toBe(false);
  });
  it('agrees(range) checks bounds', () => {
    expect(agrees(125.7, 95, { kind: 'range', low: 60, high: 160 })).toBe(true);
    expect(agrees(125.7, 161, { kind: 'range', low: 60, high: 160 })).toBe(false);
  });
  it('describeAgreement says the rule in words', () => {
    expect(describeAgreement({ kind: 'exact' })).toBe('every digit');
    expect(describeAgreement({ kind: 'relative', tolerance: 1e-6 })).toBe('within 0.000001 relative');
    expect(describeAgreement({ kind: 'decimals', digits: 2 })).toBe('to 2 decimals');
    expect(describeAgreement({ kind: 'range', low: 1, high: 2 })).toBe('in [1, 2]');
  });
});
