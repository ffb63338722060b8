import { describe, expect, it } from 'vitest';
import { html, raw } from './html.js';

describe('html templates', () => {
  it('escapes every value written into a page, so text from the database never becomes markup', () => {
    const name = '<script>alert("x")</script> & \'quoted\'';
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>',
    );
  });

  it('nests templates and lists as markup, and writes nothing for null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.toString()).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
    expect(html`${raw('<b>ours</b>')}`.toString()).toBe('<b>ours</b>');
  });
});
