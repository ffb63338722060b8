/**
 * Open data: every public dataset with its definition, its fields, and its CSV and JSON at stable
 * addresses; the Frictionless Data Package that describes them; the licence; the checkpoint of the
 * transparency log the files sit beside.
 */
import type { Dataset } from '../../usecases/open-data.js';
import type { SiteFrame } from '../../usecases/public-site.js';
import { html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import type { Lang } from '../words.js';

const TEXT = {
  es: {
    title: 'Datos abiertos',
    intro:
      'Cada cifra de este sitio, como archivo: CSV y JSON en direcciones estables, descritos por un paquete de datos Frictionless (datapackage.json) con el tipo y la definición de cada campo. Las personas aparecen solo con su consentimiento; cada recuento del registro cubre a quienes consintieron ser contados, y ninguna de sus celdas de 1 a 4 se publica (queda vacía). Las cifras declaradas son las de cada parte, tal como las publicó.',
    package: 'El paquete de datos (datapackage.json)',
    licence: 'Licencia de los datos',
    fields: 'Campos',
    field: 'Campo',
    type: 'Tipo',
    definition: 'Definición',
    checkpoint:
      'Los archivos se calculan del registro al pedirlos; su contenido no está en el registro público verificable. datapackage.json y la cabecera X-Recuento-Checkpoint de cada archivo dicen cuál era su último punto de control firmado en ese momento: lo publicado en él (listas, recuentos, resultados) sí se verifica.',
    api: 'Más datos, con filtros, en la API',
  },
  en: {
    title: 'Open data',
    intro:
      'Every figure on this site, as a file: CSV and JSON at stable addresses, described by a Frictionless Data Package (datapackage.json) with each field’s type and definition. Persons appear only with their consent; every count of the registry covers those who consented to be counted, and none of its cells from 1 to 4 is published (it is left empty). The claimed figures are each party’s, as published.',
    package: 'The data package (datapackage.json)',
    licence: 'Licence of the data',
    fields: 'Fields',
    field: 'Field',
    type: 'Type',
    definition: 'Definition',
    checkpoint:
      'The files are computed from the registry when asked for; their content is not in the verifiable public log. datapackage.json and each file’s X-Recuento-Checkpoint header say which was its latest signed checkpoint at that moment: what is published in it (lists, counts, results) can be verified.',
    api: 'More data, with filters, through the API',
  },
} as const;

export function openDataPage(lang: Lang, frame: SiteFrame, datasets: readonly Dataset[], license: { name: string; path: string; title: string }): string {
  const t = TEXT[lang];
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<p><a href="/datos/datapackage.json">${t.package}</a> · ${t.licence}: <a href="${license.path}" rel="license noreferrer">${license.title}</a> · <a href="/api/docs">${t.api}</a></p>
${datasets.map(
  (d) => html`<section aria-labelledby="datos-${d.name}" data-testid="dataset-${d.name}">
<h2 id="datos-${d.name}">${d.title[lang]}</h2>
<p lang="en">${d.description}</p>
<p><a href="/datos/${d.name}.csv">${d.name}.csv</a> · <a href="/datos/${d.name}.json">${d.name}.json</a></p>
<details><summary>${t.fields}</summary><div class="table-wrap" tabindex="0"><table><caption>${t.fields}: ${d.name}</caption>
<thead><tr><th scope="col">${t.field}</th><th scope="col">${t.type}</th><th scope="col">${t.definition}</th></tr></thead>
<tbody>${d.fields.map((f) => html`<tr><th scope="row"><code>${f.name}</code></th><td>${f.type}</td><td lang="en">${f.description}</td></tr>`)}</tbody></table></div></details>
</section>`,
)}
<p class="hint">${t.checkpoint} <a href="${pathOf(lang, 'methodology')}#verificar">${lang === 'en' ? 'How to verify it' : 'Cómo verificarlo'}</a></p>`;
  return page({ lang, name: 'openData', title: t.title, frame, body });
}
