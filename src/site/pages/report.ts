/**
 * Report a detention: a form that reads and sends without JavaScript. What is sent goes to the
 * staff's triage queue and is never published as it is; the contact is sealed. The sender gets a
 * code to follow it (/informar/seguimiento), which tells only whether it was reviewed.
 */
import { KNOWN_AGENCIES } from '../../domain/registry/vocabulary.js';
import { REPORT_RELATIONS } from '../../shared/schemas.js';
import type { SiteFrame } from '../../usecases/public-site.js';
import { type Html, html } from '../html.js';
import { page } from '../layout.js';
import { pathOf } from '../paths.js';
import type { Lang } from '../words.js';

const TEXT = {
  es: {
    title: 'Informar una detención',
    intro:
      'Si detuvieron a alguien por razones políticas, cuéntelo aquí. Lo recibe el equipo de documentación, que lo revisa antes de registrar nada; nada de lo que envíe se publica tal cual, y su contacto queda cifrado: solo lo abren las personas del equipo de documentación, y cada vez queda registrado. Solo el nombre y la relación son obligatorios.',
    who: 'La persona detenida',
    name: 'Nombre y apellidos',
    cedula: 'Cédula (si la sabe)',
    arrestedOn: 'Fecha de la detención (si la sabe)',
    place: 'Dónde la detuvieron (ciudad, estado)',
    agency: 'Quién la detuvo (si lo sabe)',
    facility: 'Dónde está detenida (si lo sabe)',
    unknown: 'No lo sé',
    account: 'Qué pasó, con sus palabras',
    you: 'Usted',
    relation: 'Su relación con la persona',
    choose: 'Elija…',
    relations: {
      family: 'Familiar',
      friend: 'Amigo o amiga',
      lawyer: 'Abogado o abogada',
      witness: 'Testigo',
      self: 'Soy yo (fui detenido/a)',
      other: 'Otra',
    } as Record<string, string>,
    contact: 'Cómo contactarle (teléfono, correo o red social), si quiere que le contacten',
    leaveEmpty: 'Deje este campo vacío',
    send: 'Enviar',
    required: '(obligatorio)',
    errors: 'Revise lo marcado: no se envió nada.',
    sent: 'Recibido. Gracias.',
    keepCode: 'Guarde este código: con él puede ver si el equipo ya revisó su informe (no muestra nada más).',
    follow: 'Ver el estado de un informe',
    followTitle: 'El estado de su informe',
    code: 'Código (R-…)',
    check: 'Ver',
    statuses: {
      received: 'Recibido; el equipo aún no lo revisó.',
      reviewed: 'Revisado por el equipo. Si dejó un contacto y hace falta, le escribirán.',
    } as Record<string, string>,
    notFound: 'Ningún informe tiene este código. Revíselo carácter por carácter.',
    tooMany: 'Se enviaron demasiados informes desde aquí en la última hora. Intente más tarde.',
    problems: {
      name: 'Escriba el nombre de la persona detenida.',
      relation: 'Elija su relación con la persona.',
      arrestedOn: 'Escriba una fecha real (día, mes y año), o déjela vacía.',
      facilityId: 'Elija un centro de la lista, o «No lo sé».',
      stale: 'El formulario caducó: no se envió nada. Revíselo y envíelo otra vez.',
      fast: 'El formulario se envió demasiado rápido para haberlo llenado una persona: no se envió nada. Revíselo y envíelo otra vez.',
      other: 'Revise este campo.',
    } as Record<string, string>,
    received: 'Recibido el',
    reviewed: 'Revisado el',
    safety:
      'Si teme por su seguridad, envíelo desde un dispositivo y una red que no le identifiquen. Este sitio no usa cookies ni analítica y no pide nada a terceros.',
  },
  en: {
    title: 'Report a detention',
    intro:
      'If someone was detained for political reasons, tell us here. The documentation team receives it and reviews it before recording anything; nothing you send is published as it is, and your contact is sealed: only the documentation team’s members open it, each time recorded. Only the name and your relation are required.',
    who: 'The person detained',
    name: 'Full name',
    cedula: 'Cédula (if you know it)',
    arrestedOn: 'Date of the detention (if you know it)',
    place: 'Where they were detained (town, state)',
    agency: 'Who detained them (if you know)',
    facility: 'Where they are held (if you know)',
    unknown: 'I do not know',
    account: 'What happened, in your words',
    you: 'You',
    relation: 'Your relation to the person',
    choose: 'Choose…',
    relations: { family: 'Family', friend: 'Friend', lawyer: 'Lawyer', witness: 'Witness', self: 'It is me (I was detained)', other: 'Other' },
    contact: 'How to reach you (phone, e-mail or social network), if you want to be contacted',
    leaveEmpty: 'Leave this field empty',
    send: 'Send',
    required: '(required)',
    errors: 'Please check what is marked: nothing was sent.',
    sent: 'Received. Thank you.',
    keepCode: 'Keep this code: with it you can see whether the team has reviewed your report (it shows nothing else).',
    follow: 'See the status of a report',
    followTitle: 'The status of your report',
    code: 'Code (R-…)',
    check: 'See',
    statuses: {
      received: 'Received; the team has not reviewed it yet.',
      reviewed: 'Reviewed by the team. If you left a contact and it is needed, they will write to you.',
    },
    notFound: 'No report has this code. Check it character by character.',
    tooMany: 'Too many reports were sent from here in the last hour. Please try again later.',
    problems: {
      name: 'Write the name of the person detained.',
      relation: 'Choose your relation to the person.',
      arrestedOn: 'Write a real date (day, month and year), or leave it empty.',
      facilityId: 'Choose a facility from the list, or “I do not know”.',
      stale: 'The form had expired: nothing was sent. Check it and send it again.',
      fast: 'The form was sent too quickly to have been filled by a person: nothing was sent. Check it and send it again.',
      other: 'Check this field.',
    },
    received: 'Received on',
    reviewed: 'Reviewed on',
    safety:
      'If you fear for your safety, send it from a device and a network that do not identify you. This site uses no cookies and no analytics, and asks nothing of third parties.',
  },
} as const;

export type ReportFormState = {
  token: string;
  values?: Record<string, string>;
  /** Problems by field (the API's paths), or a problem of the whole form under "". */
  problems?: Record<string, string>;
  facilities: { id: string; name: string }[];
};

export function reportPage(lang: Lang, frame: SiteFrame, state: ReportFormState | { code: string }): string {
  const t = TEXT[lang];
  if ('code' in state) {
    const body = html`<h1>${t.title}</h1>
<p role="status" class="verdict ok">${t.sent}</p>
<p>${t.keepCode}</p>
<p class="follow-code"><code data-testid="follow-code">${state.code}</code></p>
<p><a href="${pathOf(lang, 'follow')}">${t.follow}</a></p>`;
    return page({ lang, name: 'report', title: t.title, frame, body });
  }
  const v = state.values ?? {};
  const problems = state.problems ?? {};
  const field = (name: string, label: string, control: Html, required = false): Html =>
    html`<div class="field${problems[name] ? ' invalid' : ''}"><label for="f-${name}">${label}${required ? html` <small>${t.required}</small>` : ''}</label>${control}${
      problems[name] ? html`<p class="problem" id="e-${name}">${problems[name]}</p>` : ''
    }</div>`;
  const described = (name: string) => (problems[name] ? html` aria-invalid="true" aria-describedby="e-${name}"` : '');
  const input = (name: string, attributes: Html | string = '') =>
    html`<input id="f-${name}" name="${name}" value="${v[name] ?? ''}"${described(name)}${attributes}>`;
  const body = html`<h1>${t.title}</h1>
<p>${t.intro}</p>
${Object.keys(problems).length > 0 ? html`<p role="alert" class="verdict bad">${problems[''] ?? t.errors}</p>` : ''}
<form method="post" action="${pathOf(lang, 'report')}" class="report-form" novalidate>
<input type="hidden" name="token" value="${state.token}">
<fieldset><legend>${t.who}</legend>
${field('name', t.name, input('name', html` required maxlength="200" autocomplete="off"`), true)}
${field('cedula', t.cedula, input('cedula', html` maxlength="20" inputmode="numeric" autocomplete="off"`))}
${field('arrestedOn', t.arrestedOn, input('arrestedOn', html` type="date"`))}
${field('place', t.place, input('place', html` maxlength="200"`))}
${field('agency', t.agency, html`${input('agency', html` maxlength="40" list="agencias"`)}<datalist id="agencias">${KNOWN_AGENCIES.map((a) => html`<option value="${a}"></option>`)}</datalist>`)}
${field(
  'facilityId',
  t.facility,
  html`<select id="f-facilityId" name="facilityId"${described('facilityId')}><option value="">${t.unknown}</option>${state.facilities.map(
    (f) => html`<option value="${f.id}"${v.facilityId === f.id ? html` selected` : ''}>${f.name}</option>`,
  )}</select>`,
)}
${field('account', t.account, html`<textarea id="f-account" name="account" rows="6" maxlength="3000"${described('account')}>${v.account ?? ''}</textarea>`)}
</fieldset>
<fieldset><legend>${t.you}</legend>
${field(
  'relation',
  t.relation,
  html`<select id="f-relation" name="relation" required${described('relation')}><option value="">${t.choose}</option>${REPORT_RELATIONS.map(
    (r) => html`<option value="${r}"${v.relation === r ? html` selected` : ''}>${(t.relations as Record<string, string>)[r]}</option>`,
  )}</select>`,
  true,
)}
${field('contact', t.contact, input('contact', html` maxlength="300" autocomplete="off"`))}
<div class="trap" aria-hidden="true"><label for="f-website">${t.leaveEmpty}</label><input id="f-website" name="website" tabindex="-1" autocomplete="off"></div>
</fieldset>
<button type="submit">${t.send}</button>
</form>
<p class="hint">${t.safety}</p>
<p><a href="${pathOf(lang, 'follow')}">${t.follow}</a></p>`;
  return page({ lang, name: 'report', title: t.title, frame, body });
}

export function followPage(
  lang: Lang,
  frame: SiteFrame,
  answer: { code: string; status: string | null; receivedAt?: string; reviewedAt?: string | null } | null,
): string {
  const t = TEXT[lang];
  const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
  const result: Html | string = !answer
    ? ''
    : answer.status === null
      ? html`<p role="alert">${t.notFound}</p>`
      : html`<p role="status" data-testid="report-status">${t.statuses[answer.status as keyof typeof t.statuses] ?? answer.status}</p>
<p class="hint">${t.received} ${answer.receivedAt ? when(answer.receivedAt) : ''}${answer.reviewedAt ? html` · ${t.reviewed} ${when(answer.reviewedAt)}` : ''}</p>`;
  const body = html`<h1>${t.followTitle}</h1>
<form method="post" action="${pathOf(lang, 'follow')}" class="filters">
<label>${t.code}<input name="codigo" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="80" required value="${answer?.code ?? ''}"></label>
<button type="submit">${t.check}</button>
</form>
${result}
<p><a href="${pathOf(lang, 'report')}">${t.title}</a></p>`;
  return page({ lang, name: 'follow', title: t.followTitle, frame, body });
}

/** The problems of a refused form, in the reader's words, by field ("" for the whole form). */
export function reportProblems(lang: Lang, details: readonly { path?: string; reason: string }[], tooMany = false): Record<string, string> {
  const t = TEXT[lang];
  if (tooMany) return { '': t.tooMany };
  const problems: Record<string, string> = {};
  for (const detail of details) {
    const path = detail.path ?? '';
    // a form too fast with fields to correct: the fields speak first (it will be slow enough once corrected)
    if (path === 'token')
      problems[''] = details.some((d) => d.path !== 'token') ? t.errors : /too soon/.test(detail.reason) ? t.problems.fast! : t.problems.stale!;
    else problems[path] = (t.problems as Record<string, string>)[path] ?? t.problems.other!;
  }
  return problems;
}
