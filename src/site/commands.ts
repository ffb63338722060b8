/**
 * The commands that check what the site publishes, without trusting it: run from a copy of Recuento
 * (its code is open), with the log's key as printed on a receipt or read from elsewhere, against
 * this site's own address.
 */
import { type Html, html } from './html.js';
import type { Lang } from './words.js';

const SETUP = {
  es: '# una vez, con Node.js 20: una copia del código de Recuento\ngit clone <repositorio de Recuento> recuento && cd recuento && npm ci && npm run build',
  en: "# once, with Node.js 20: a copy of Recuento's code\ngit clone <Recuento's repository> recuento && cd recuento && npm ci && npm run build",
};
const KEY = { es: 'CLAVE-DEL-REGISTRO (la impresa en su recibo, o la de /api/log/key)', en: 'LOG-KEY (the one printed on your receipt, or /api/log/key)' };

/** Checking that the log only grew since a checkpoint kept earlier. */
export function verifyLogCommands(lang: Lang, site = 'https://recuento.example.org'): Html {
  return html`<pre><code>${SETUP[lang]}
curl -s ${site}/api/log/checkpoint > ${lang === 'es' ? 'nuevo' : 'new'}.txt
node bin/recuento.js log verify --checkpoint ${lang === 'es' ? 'nuevo.txt --previous anterior.txt' : 'new.txt --previous old.txt'} --key '${KEY[lang]}' --server ${site}</code></pre>`;
}

/** Checking a family's receipt file. */
export function proveReceiptCommands(lang: Lang, site = 'https://recuento.example.org'): Html {
  return html`<pre><code>${SETUP[lang]}
node bin/recuento.js log prove --receipt ${lang === 'es' ? 'recibo' : 'receipt'}.json --key '${KEY[lang]}' --server ${site}</code></pre>`;
}
