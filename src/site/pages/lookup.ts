/**
 * The family look-up: a receipt opened by its code (typed, or from the QR code's address) or read
 * from its file, and checked in the reader's browser (src/web/site/lookup.ts) against the log's
 * signed checkpoint — the server is trusted for nothing. Without JavaScript, a code sent by the
 * form shows what the receipt records and how to check it on the command line. Only the code opens
 * a receipt: there is no search by name or cédula.
 */
import type { Receipt } from '../../domain/translog/audit.js';
import type { SiteFrame } from '../../usecases/public-site.js';
import { proveReceiptCommands } from '../commands.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import type { Lang } from '../words.js';

const TEXT = {
  es: {
    title: 'Consulta con recibo',
    intro:
      'Si su familiar aparece en una lista o una decisión publicada sin su nombre (solo como un compromiso cifrado), usted recibió un recibo: un papel con un código y un código QR, o un archivo. Con él, esta página muestra lo que se publicó y comprueba, en su propio navegador, que el registro público firmado lo contiene. Sin recibo no se puede consultar a nadie: no hay búsqueda por nombre ni por cédula.',
    byCode: 'Con el código del recibo',
    code: 'Código (por ejemplo 1234-ABCD-EFGH-JKLM-NPQR-STUV-WXYZ)',
    submit: 'Consultar',
    byFile: 'Con el archivo del recibo',
    file: 'Archivo del recibo (.json); no sale de su dispositivo',
    key: 'Clave del registro, si la tiene de otra fuente (si no, se usa la que publica este servidor)',
    advanced: 'Opciones',
    result: 'Resultado',
    noScript:
      'Su navegador no ejecutó la comprobación (JavaScript está desactivado). Lo que el servidor dice que consta está abajo; compruébelo usted con la línea de órdenes: guarde el recibo de abajo como recibo.json y ejecute',
    notFound: 'Ningún recibo tiene este código. Revíselo carácter por carácter, o use el archivo del recibo.',
    what: 'Lo que consta en el recibo',
    receipt: 'El recibo completo (JSON)',
    privacy:
      'El servidor no guarda el código ni el nombre en ningún registro. Su navegador sí puede guardar en su historial la dirección que abrió el código QR: si el teléfono es compartido, ábrala en una ventana privada.',
  },
  en: {
    title: 'Receipt look-up',
    intro:
      'If your relative appears on a list or a decision published without their name (only as a sealed commitment), you were given a receipt: a paper with a code and a QR code, or a file. With it, this page shows what was published and checks, in your own browser, that the signed public log holds it. Without a receipt nobody can be looked up: there is no search by name or cédula.',
    byCode: 'With the receipt’s code',
    code: 'Code (for instance 1234-ABCD-EFGH-JKLM-NPQR-STUV-WXYZ)',
    submit: 'Look up',
    byFile: 'With the receipt file',
    file: 'Receipt file (.json); it does not leave your device',
    key: 'The log’s key, if you have it from another source (otherwise the one this server publishes is used)',
    advanced: 'Options',
    result: 'Result',
    noScript:
      'Your browser did not run the check (JavaScript is off). What the server says is recorded is below; check it yourself on the command line: save the receipt below as receipt.json and run',
    notFound: 'No receipt has this code. Check it character by character, or use the receipt file.',
    what: 'What the receipt records',
    receipt: 'The whole receipt (JSON)',
    privacy:
      'The server keeps neither the code nor the name in any log. Your browser may keep the address the QR code opened in its history: on a shared phone, open it in a private window.',
  },
} as const;

/** The page; `answer` is what a code sent without JavaScript opened (or did not). */
export function lookupPage(lang: Lang, frame: SiteFrame, answer: { code: string; receipt: Receipt | null } | null): string {
  const t = TEXT[lang];
  let subject: Record<string, unknown> = {};
  try {
    subject = answer?.receipt ? (JSON.parse(answer.receipt.subject) as Record<string, unknown>) : {};
  } catch {
    subject = {};
  }
  const result: Html | string = !answer
    ? ''
    : answer.receipt === null
      ? html`<p role="alert">${t.notFound}</p>`
      : html`<p>${t.noScript}</p>${proveReceiptCommands(lang, frame.site)}
<h3>${t.what}</h3><dl class="facts" data-testid="receipt-subject">${Object.entries(subject)
          .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
          .map(([k, v]) => html`<dt>${k}</dt><dd>${String(v)}</dd>`)}</dl>
<details><summary>${t.receipt}</summary><pre>${JSON.stringify(answer.receipt, null, 2)}</pre></details>`;
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<form method="post" action="${pathOf(lang, 'lookup')}" id="por-codigo" class="filters">
<label>${t.code}<input name="codigo" id="codigo" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="80" required value="${answer?.code ?? ''}"></label>
<button type="submit">${t.submit}</button>
</form>
<section id="por-archivo" hidden aria-labelledby="por-archivo-titulo"><h2 id="por-archivo-titulo">${t.byFile}</h2>
<label>${t.file} <input type="file" id="archivo" accept="application/json,.json"></label></section>
<details><summary>${t.advanced}</summary><label>${t.key} <input id="clave" size="60" autocomplete="off" spellcheck="false"></label></details>
<h2>${t.result}</h2>
<div id="resultado" tabindex="-1" aria-live="polite" data-testid="lookup-result">${result}</div>
<p class="hint">${t.privacy}</p>
<script type="module" src="/site/lookup.js"></script>`;
  return page({ lang, name: 'lookup', title: t.title, frame, body });
}
