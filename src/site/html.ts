/**
 * HTML from tagged templates, escaped by default: `html\`<p>${name}</p>\`` escapes `name`; a
 * value that is already `Html` (another template, or `raw` for trusted markup we wrote) goes in
 * as it is; arrays are joined; null, undefined and false write nothing. No other way exists to
 * put text into a page, so no text read from the database can become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function write(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(write).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < parts.length; i++) out += write(parts[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup we wrote ourselves (an SVG path, an attribute list): never text from outside. */
export function raw(markup: string): Html {
  return new Html(markup);
}
