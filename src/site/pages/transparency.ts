/**
 * Transparency: the log's newest signed checkpoint and the witnesses who cosigned it, everything
 * published into it, an explorer of its entries (fifty at a time), and how to check all of it
 * without trusting this server — on the command line, or in the browser with a family's receipt.
 */
import { ENTRIES_PAGE, type SiteFrame, type TransparencyPage } from '../../usecases/public-site.js';
import { verifyLogCommands } from '../commands.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import type { Lang } from '../words.js';

const TEXT = {
  es: {
    title: 'Transparencia: el registro público verificable',
    intro:
      'Lo que Recuento publica —listas de excarcelaciones verificadas, recuentos, resultados de la amnistía, cada decisión de verificación— entra en un registro firmado de solo añadidura (un árbol de Merkle como los de Certificate Transparency). Nada puede cambiarse ni borrarse después sin que se note: cada punto de control firmado resume todo lo anterior, y testigos independientes lo cofirman.',
    checkpoint: 'El último punto de control',
    noCheckpoint: 'Aún no se ha publicado nada.',
    size: 'Entradas',
    root: 'Raíz del árbol (SHA-256)',
    signed: 'Firmado el',
    note: 'El punto de control firmado, tal cual',
    witnesses: 'Testigos',
    noWitnesses: 'Aún no hay testigos aceptados.',
    cosigned: 'cofirmó este punto de control',
    notCosigned: 'aún no cofirmó este punto de control',
    publications: 'Lo publicado (las 100 publicaciones más recientes)',
    noPublications: 'Nada aún.',
    when: 'Cuándo',
    kind: 'Qué',
    kinds: {
      list: 'Lista',
      counts: 'Recuentos',
      eligibility: 'Resultados de un instrumento',
      verification: 'Decisión de verificación',
      'key-rotation': 'Cambio de clave',
    } as Record<string, string>,
    what: 'Título',
    range: 'Entradas',
    entries: 'Las entradas',
    entriesNote:
      'Cada entrada, tal como está en el árbol. Una persona que consintió solo ser contada aparece como un compromiso (un hash que nadie puede asociar a un nombre sin su recibo); una persona privada no aparece.',
    index: 'N.º',
    type: 'Tipo',
    data: 'Contenido',
    older: 'Anteriores',
    newer: 'Siguientes',
    verify: 'Cómo comprobarlo sin confiar en este servidor',
    verifyCli: 'Con la línea de órdenes (cualquier copia de Recuento, o el verificador independiente que describe la documentación):',
    verifyBrowser: 'Una familia con un recibo lo comprueba en el navegador:',
    lookup: 'la consulta con recibo',
  },
  en: {
    title: 'Transparency: the verifiable public log',
    intro:
      'What Recuento publishes — lists of verified releases, counts, amnesty results, each verification decision — goes into a signed, append-only log (a Merkle tree like Certificate Transparency’s). Nothing can be changed or removed afterwards unnoticed: each signed checkpoint sums up everything before it, and independent witnesses cosign it.',
    checkpoint: 'The latest checkpoint',
    noCheckpoint: 'Nothing has been published yet.',
    size: 'Entries',
    root: 'Tree root (SHA-256)',
    signed: 'Signed on',
    note: 'The signed checkpoint, as it is',
    witnesses: 'Witnesses',
    noWitnesses: 'No witnesses accepted yet.',
    cosigned: 'cosigned this checkpoint',
    notCosigned: 'has not cosigned this checkpoint yet',
    publications: 'What was published (the 100 most recent publications)',
    noPublications: 'Nothing yet.',
    when: 'When',
    kind: 'What',
    kinds: {
      list: 'List',
      counts: 'Counts',
      eligibility: 'Results of an instrument',
      verification: 'Verification decision',
      'key-rotation': 'Key rotation',
    } as Record<string, string>,
    what: 'Title',
    range: 'Entries',
    entries: 'The entries',
    entriesNote:
      'Each entry, as it is in the tree. A person who consented only to be counted appears as a commitment (a hash nobody can tie to a name without their receipt); a private person does not appear.',
    index: 'No.',
    type: 'Type',
    data: 'Content',
    older: 'Earlier',
    newer: 'Later',
    verify: 'How to check it without trusting this server',
    verifyCli: 'On the command line (any copy of Recuento, or the independent verifier the documentation describes):',
    verifyBrowser: 'A family with a receipt checks it in the browser:',
    lookup: 'the receipt look-up',
  },
} as const;

export function transparencyPage(lang: Lang, frame: SiteFrame, data: TransparencyPage): string {
  const t = TEXT[lang];
  const number = new Intl.NumberFormat(lang);
  const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  const c = data.checkpoint;
  const size = c?.size ?? 0;
  const link = (start: number, label: string): Html =>
    html`<a href="${pathOf(lang, 'transparency', start > 0 ? `?desde=${start}` : '')}#entradas">${label}</a>`;
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<h2>${t.checkpoint}</h2>
${
  c
    ? html`<dl class="facts" data-testid="checkpoint-facts"><dt>${t.size}</dt><dd>${number.format(c.size)}</dd><dt>${t.root}</dt><dd><code class="hash">${c.root}</code></dd><dt>${t.signed}</dt><dd>${when(c.signedAt)}</dd></dl>
<details><summary>${t.note}</summary><pre>${c.note}</pre></details>`
    : html`<p>${t.noCheckpoint}</p>`
}
<h2>${t.witnesses}</h2>
${
  data.witnesses.length === 0
    ? html`<p>${t.noWitnesses}</p>`
    : html`<ul>${data.witnesses.map((w) => html`<li>${w.name} — <code class="hash">${w.key}</code>: ${w.cosigned ? t.cosigned : t.notCosigned}</li>`)}</ul>`
}
<h2>${t.publications}</h2>
${
  data.publications.length === 0
    ? html`<p>${t.noPublications}</p>`
    : html`<div class="table-wrap" tabindex="0"><table data-testid="publications"><caption>${t.publications}</caption>
<thead><tr><th scope="col">${t.when}</th><th scope="col">${t.kind}</th><th scope="col">${t.what}</th><th scope="col">${t.range}</th></tr></thead>
<tbody>${data.publications.map(
        (p) =>
          html`<tr><td>${when(p.createdAt)}</td><td>${t.kinds[p.kind] ?? p.kind}</td><th scope="row">${p.title}</th><td>${link(p.firstIndex, `${number.format(p.firstIndex)}–${number.format(p.firstIndex + p.entries - 1)}`)}</td></tr>`,
      )}</tbody></table></div>`
}
<h2 id="entradas">${t.entries}</h2>
<p class="hint">${t.entriesNote}</p>
${
  data.entries.length === 0
    ? html`<p>${t.noCheckpoint}</p>`
    : html`<div class="table-wrap" tabindex="0"><table data-testid="entries"><caption>${t.entries}: ${number.format(data.start)}–${number.format(data.start + data.entries.length - 1)} / ${number.format(size)}</caption>
<thead><tr><th scope="col">${t.index}</th><th scope="col">${t.type}</th><th scope="col">${t.data}</th></tr></thead>
<tbody>${data.entries.map((e) => html`<tr><th scope="row">${e.index}</th><td>${e.kind}</td><td><code class="entry">${e.data}</code></td></tr>`)}</tbody></table></div>
<nav class="pager" aria-label="${t.entries}">${data.start > 0 ? link(Math.max(0, data.start - ENTRIES_PAGE), t.older) : ''}${data.start + ENTRIES_PAGE < size ? link(data.start + ENTRIES_PAGE, t.newer) : ''}</nav>`
}
<h2 id="verificar">${t.verify}</h2>
<p>${t.verifyCli}</p>
${verifyLogCommands(lang, frame.site)}
<p>${t.verifyBrowser} <a href="${pathOf(lang, 'lookup')}">${t.lookup}</a>.</p>`;
  return page({ lang, name: 'transparency', title: t.title, frame, body, query: data.start > 0 ? `?desde=${data.start}` : '' });
}
