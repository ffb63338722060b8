/**
 * The family look-up, in the reader's browser: a receipt — opened by its look-up code (typed, or
 * from the address its QR code opens: /consulta#codigo=…, a fragment no server ever receives) or
 * read from its file — is checked here, not by the server: the commitment from the receipt's own
 * salt and details, the inclusion proof up to the checkpoint's root, and the checkpoint's Ed25519
 * signature with WebCrypto against the log's key (shown, to be compared with the one printed on the
 * receipt, or given from elsewhere). The page reads completely without this script; it only adds
 * the checks. No name is ever put in an address or stored.
 */
import { checkReceipt, type Ed25519Verify, type Receipt, type Step } from '../../domain/translog/audit.js';
import { sha256 } from '../../domain/translog/sha256.js';
import { parseVerifierKey, type VerifierKey } from '../../domain/translog/signed-note.js';
import { LEVEL_LABELS, STATUS_LABELS } from '../../shared/vocabulary-labels.js';

const lang = document.documentElement.lang === 'en' ? 'en' : 'es';
const WORDS = {
  es: {
    checking: 'Comprobando en este navegador…',
    ok: 'Comprobado en este navegador: el registro público contiene esta entrada, firmada por la clave de abajo.',
    failed: 'La comprobación falló: este recibo no corresponde al registro público, o fue alterado.',
    noCrypto: 'Este navegador no sabe comprobar firmas Ed25519. Use otro navegador actualizado o la línea de órdenes.',
    notFound: 'Ningún recibo tiene este código. Revíselo carácter por carácter, o use el archivo del recibo.',
    unreadable: 'El archivo no es un recibo de Recuento (JSON).',
    network: 'No se pudo consultar el servidor. Intente de nuevo.',
    key: 'Clave del registro con la que se comprobó la firma (compárela con la impresa en su recibo):',
    badKey: 'La clave dada no es una clave de verificación válida.',
    what: 'Lo que consta',
    steps: 'Cada comprobación',
    fields: {
      name: 'Nombre',
      cedula: 'Cédula',
      status: 'Situación publicada',
      list: 'Lista',
      level: 'Nivel de verificación',
      kind: 'Qué se verificó',
      decidedAt: 'Decidido el',
      outcome: 'Resultado',
      run: 'Aplicación de la ley (identificador)',
      detention: 'Detención (identificador)',
      id: 'Hecho verificado (identificador)',
    } as Record<string, string>,
    values: {
      covered: 'Amparado',
      excluded: 'Excluido',
      review: 'Por revisar',
      event: 'un hecho de su línea de tiempo',
      detention: 'su detención',
      act: 'un acto sufrido bajo custodia',
      person: 'su identidad',
    } as Record<string, string>,
  },
  en: {
    checking: 'Checking in this browser…',
    ok: 'Checked in this browser: the public log holds this entry, signed by the key below.',
    failed: 'The check failed: this receipt does not match the public log, or it was altered.',
    noCrypto: 'This browser cannot check Ed25519 signatures. Use another, up-to-date browser or the command line.',
    notFound: 'No receipt has this code. Check it character by character, or use the receipt file.',
    unreadable: 'The file is not a Recuento receipt (JSON).',
    network: 'The server could not be reached. Please try again.',
    key: 'The log key the signature was checked with (compare it with the one printed on your receipt):',
    badKey: 'The key given is not a valid verifier key.',
    what: 'What is recorded',
    steps: 'Each check',
    fields: {
      name: 'Name',
      cedula: 'Cédula',
      status: 'Status published',
      list: 'List',
      level: 'Verification level',
      kind: 'What was verified',
      decidedAt: 'Decided on',
      outcome: 'Outcome',
      run: 'Application of the law (id)',
      detention: 'Detention (id)',
      id: 'Fact verified (id)',
    },
    values: {
      covered: 'Covered',
      excluded: 'Excluded',
      review: 'To review',
      event: 'a fact of their timeline',
      detention: 'their detention',
      act: 'an act suffered in custody',
      person: 'their identity',
    },
  },
}[lang];

const output = document.getElementById('resultado')!;

/** A status, a level, an outcome or a kind in the reader's words; a list by its title; anything else as recorded. */
function wordFor(field: string, value: string, titles: ReadonlyMap<string, string>): string {
  if (field === 'status') return (STATUS_LABELS[lang] as Record<string, string>)[value] ?? value;
  if (field === 'level') return (LEVEL_LABELS[lang] as Record<string, string>)[value] ?? value;
  if (field === 'outcome' || field === 'kind') return (WORDS.values as Record<string, string>)[value] ?? value;
  if (field === 'list') return titles.get(value) ?? value;
  return value;
}

/** The titles of what was published, by id (a receipt names its list by id). */
async function publicationTitles(): Promise<Map<string, string>> {
  try {
    const response = await fetch('/api/log/publications');
    const published = response.ok ? ((await response.json()) as { id: string; title: string }[]) : [];
    return new Map(published.map((p) => [p.id, p.title]));
  } catch {
    return new Map();
  }
}

function show(...children: Node[]): void {
  output.replaceChildren(...children);
  output.focus();
}

function element(tag: string, text?: string, attributes: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** The checks need a synchronous Ed25519: record what must be verified, verify it with WebCrypto, then check again with the answers. */
async function verifyWithWebCrypto(receipt: unknown, keys: readonly VerifierKey[]): Promise<{ ok: boolean; steps: Step[]; subject: unknown }> {
  const asked: [Uint8Array, Uint8Array, Uint8Array][] = [];
  const record: Ed25519Verify = (publicKey, message, signature) => {
    asked.push([publicKey, message, signature]);
    return true;
  };
  checkReceipt(sha256, receipt, keys, [], record);
  const answers = await Promise.all(
    asked.map(async ([publicKey, message, signature]) => {
      const key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
      return crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, message as BufferSource);
    }),
  );
  const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  const verify: Ed25519Verify = (publicKey, message, signature) =>
    asked.some(([k, m, s], i) => answers[i] === true && same(k, publicKey) && same(m, message) && same(s, signature));
  const result = checkReceipt(sha256, receipt, keys, [], verify);
  return { ok: result.ok, steps: result.steps, subject: result.subject };
}

async function logKeys(): Promise<{ keys: VerifierKey[]; text: string } | null> {
  const given = (document.getElementById('clave') as HTMLInputElement | null)?.value.trim();
  let text = given ?? '';
  if (!text) {
    try {
      const response = await fetch('/api/log/key');
      if (!response.ok) throw new Error(String(response.status));
      text = (await response.text()).trim();
    } catch {
      show(element('p', WORDS.network, { role: 'alert' }));
      return null;
    }
  }
  const parsed = parseVerifierKey(sha256, text);
  if (!parsed.ok) {
    show(element('p', given ? WORDS.badKey : WORDS.network, { role: 'alert' }));
    return null;
  }
  return { keys: [parsed], text };
}

async function check(receipt: unknown): Promise<void> {
  show(element('p', WORDS.checking));
  if (!crypto?.subtle) return show(element('p', WORDS.noCrypto, { role: 'alert' }));
  const key = await logKeys();
  if (!key) return;
  let result: { ok: boolean; steps: Step[]; subject: unknown };
  try {
    result = await verifyWithWebCrypto(receipt, key.keys);
  } catch {
    return show(element('p', WORDS.noCrypto, { role: 'alert' }));
  }
  const verdict = element('p', result.ok ? WORDS.ok : WORDS.failed, {
    role: result.ok ? 'status' : 'alert',
    class: result.ok ? 'verdict ok' : 'verdict bad',
    'data-testid': 'verdict',
  });
  const parts: Node[] = [verdict];
  if (result.ok && result.subject && typeof result.subject === 'object') {
    parts.push(element('h3', WORDS.what));
    const facts = element('dl', undefined, { class: 'facts', 'data-testid': 'receipt-subject' });
    const subject = result.subject as Record<string, unknown>;
    const titles = await publicationTitles();
    const order = ['name', 'cedula', 'status', 'level', 'kind', 'decidedAt', 'outcome', 'list', 'run', 'detention'];
    const names = Object.keys(subject).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    for (const name of names) {
      const value = subject[name];
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      facts.append(element('dt', (WORDS.fields as Record<string, string>)[name] ?? name), element('dd', wordFor(name, String(value), titles)));
    }
    parts.push(facts);
  }
  parts.push(element('p', WORDS.key), element('code', key.text, { class: 'hash', 'data-testid': 'log-key' }));
  const steps = element('ol', undefined, { lang: 'en' });
  for (const step of result.steps) steps.append(element('li', `${step.ok ? '✓' : '✗'} ${step.check}: ${step.detail}`));
  const details = element('details');
  details.append(element('summary', WORDS.steps), steps);
  parts.push(details);
  show(...parts);
}

async function lookup(code: string): Promise<void> {
  show(element('p', WORDS.checking));
  let response: Response;
  try {
    response = await fetch('/api/log/receipts/lookup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  } catch {
    return show(element('p', WORDS.network, { role: 'alert' }));
  }
  if (response.status === 404) return show(element('p', WORDS.notFound, { role: 'alert' }));
  if (!response.ok) return show(element('p', WORDS.network, { role: 'alert' }));
  await check((await response.json()) as Receipt);
}

const form = document.getElementById('por-codigo') as HTMLFormElement | null;
const input = document.getElementById('codigo') as HTMLInputElement | null;
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  void lookup(input?.value ?? '');
});
document.getElementById('archivo')?.addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  let receipt: unknown;
  try {
    receipt = JSON.parse(await file.text());
  } catch {
    return show(element('p', WORDS.unreadable, { role: 'alert' }));
  }
  await check(receipt);
});
document.getElementById('por-archivo')?.removeAttribute('hidden');
// the QR code opens /consulta#codigo=…: the code is read from the fragment, which no server receives
const fromFragment = new URLSearchParams(location.hash.slice(1)).get('codigo');
if (fromFragment && input) {
  input.value = fromFragment;
  history.replaceState(null, '', location.pathname);
  void lookup(fromFragment);
}
