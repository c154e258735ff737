import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/core/html.js';

describe('escapeHtml', () => {
  it('escapeHtml neutralises markup: & < > " and \' become references', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('escapeHtml keeps other characters as they are by default', () => {
    expect(escapeHtml('1 − x → 😀')).toBe('1 − x → 😀');
  });

  it('escapeHtml with ascii writes every non-ASCII character as a character reference', () => {
    expect(escapeHtml('<a href="x">1 − x & 😀</a>', { ascii: true })).toBe('&lt;a href=&quot;x&quot;&gt;1 &#8722; x &amp; &#128512;&lt;/a&gt;');
  });
});
