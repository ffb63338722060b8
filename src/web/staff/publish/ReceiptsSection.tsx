/**
 * A family's receipts (verifiers): for each commitment the transparency log holds for the person,
 * what it proves, the file to hand over, and a printable page with the same and how to check it.
 * A receipt carries the name and the salt: it is built on demand, kept in memory only, never stored
 * by the browser.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lookupCodeOf } from '../../../domain/translog/entries.js';
import { sha256 } from '../../../domain/translog/sha256.js';
import { fromBase64 } from '../../../domain/translog/signed-note.js';
import { asProblem, type Note, Notice } from '../ApiState.js';
import { logState, publications, type Receipt, receiptsOf } from '../staff-api.js';
import { QrCode } from './QrCode.js';
import './words.js';

/** The family's look-up code: typed on /consulta, or opened from the QR code's address. */
function lookupCode(receipt: Receipt): string | null {
  const salt = fromBase64(receipt.salt);
  return salt?.length === 32 ? lookupCodeOf(sha256, salt, receipt.leafIndex) : null;
}

/** The address a receipt's QR code opens: the code in the fragment, which no server receives. */
const lookupAddress = (code: string) => `${window.location.origin}/consulta#codigo=${code}`;

/** What a receipt's committed details say, in words. */
function proves(
  receipt: Receipt,
  s: (key: string, options?: Record<string, unknown>) => string,
  word: (key: string) => string,
  titleOf: (list: string) => string,
): string {
  try {
    const subject = JSON.parse(receipt.subject) as Record<string, string>;
    if (subject.list) return s('publish.subject.list', { list: titleOf(subject.list), status: word(`statuses.${subject.status ?? ''}`) });
    if (subject.outcome) return s('publish.subject.eligibility', { outcome: s(`eligibility.outcomes.${subject.outcome}`, { defaultValue: subject.outcome }) });
    if (subject.level) return s('publish.subject.verification', { level: word(`levels.${subject.level}`) });
  } catch {}
  return receipt.subject;
}

export function ReceiptsSection({ personId, name, may }: { personId: string; name: string; may: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [receipts, setReceipts] = useState<Receipt[] | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const [lists, setLists] = useState<Map<string, string>>(new Map());
  const [key, setKey] = useState<string | null>(null);
  if (!may.has('log.receipts')) return null;
  const say = (key: string, options?: Record<string, unknown>) => s(key, options ?? {}) as string;
  const word = (key: string) => t(key, { defaultValue: key.split('.').pop() }) as string;
  // a list by its title (the publications say which), never by an id fragment
  const titleOf = (list: string) => lists.get(list) ?? list.slice(0, 8);
  async function load() {
    setBusy(true);
    setNote(null);
    try {
      const [found, published, state] = await Promise.all([receiptsOf(personId), publications().catch(() => []), logState().catch(() => null)]);
      setLists(new Map(published.map((p) => [p.id, p.title])));
      setKey(state?.key.trim() ?? null);
      setReceipts(found);
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  function printReceipts() {
    document.body.classList.add('printing-receipt');
    window.addEventListener('afterprint', () => document.body.classList.remove('printing-receipt'), { once: true });
    window.print();
  }
  function download(receipt: Receipt) {
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(receipt, null, 2)}\n`], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `recibo-${receipt.leafIndex}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <section aria-labelledby="receipts" className="boxed" data-testid="receipts">
      <h2 id="receipts">{s('publish.receipts')}</h2>
      <p className="note">{s('publish.receiptsNote')}</p>
      <Notice note={note} />
      {receipts === null ? (
        <button type="button" disabled={busy} onClick={load}>
          {s('publish.loadReceipts')}
        </button>
      ) : receipts.length === 0 ? (
        <p className="note">{s('publish.noReceipts')}</p>
      ) : (
        <>
          <ol className="cards">
            {receipts.map((receipt, n) => (
              <li key={receipt.leafIndex} data-testid="receipt">
                <h3>{s('publish.receipt', { n: n + 1, index: receipt.leafIndex })}</h3>
                <p>
                  {s('publish.proves')}: {proves(receipt, say, word, titleOf)}
                </p>
                <LookupCode receipt={receipt} s={say} />
                <div className="actions no-print">
                  <button type="button" className="small" onClick={() => download(receipt)}>
                    {s('publish.downloadJson')}
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <div className="actions no-print">
            <button type="button" onClick={printReceipts}>
              {s('publish.print')}
            </button>
          </div>
          <div className="print-only" data-testid="printable-receipt">
            <h2>{s('publish.printTitle')}</h2>
            <p>{s('publish.printFor', { name })}</p>
            <ol>
              {receipts.map((receipt) => (
                <li key={receipt.leafIndex}>
                  {proves(receipt, say, word, titleOf)} — {receipt.origin}, {s('publish.receipt', { n: '', index: receipt.leafIndex })}
                  <LookupCode receipt={receipt} s={say} />
                  <pre>{receipt.checkpoint}</pre>
                </li>
              ))}
            </ol>
            {key && (
              <p>
                {s('publish.printKey')} <code>{key}</code>
              </p>
            )}
            <p>{s('publish.printKeep')}</p>
            <p>{s('publish.howToCheck')}</p>
          </div>
          <p className="note no-print">{s('publish.howToCheck')}</p>
        </>
      )}
    </section>
  );
}

/** A receipt's look-up code in words and as a QR code of the address that opens it. */
function LookupCode({ receipt, s }: { receipt: Receipt; s: (key: string, options?: Record<string, unknown>) => string }) {
  const code = lookupCode(receipt);
  if (!code) return null;
  return (
    <div className="lookup-code">
      <QrCode text={lookupAddress(code)} label={s('publish.qrLabel')} />
      <p>
        {s('publish.lookupCode')} <code data-testid="lookup-code">{code}</code>
      </p>
    </div>
  );
}
