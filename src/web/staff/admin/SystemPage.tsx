/**
 * The system, for administrators: a backup made now (and what restoring it needs), the transparency
 * log's size, checkpoint and verifier key, and its witnesses (accept one by its key).
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import { addWitness, logState, makeBackup, witnesses } from '../staff-api.js';
import './words.js';

export function SystemPage({ may }: { may: ReadonlySet<string> }) {
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('system.title'));
  const [log] = useApi(logState, []);
  const [known, reloadWitnesses] = useApi(witnesses, []);
  const [backupNote, setBackupNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState('');
  const [witnessNote, setWitnessNote] = useState<Note | null>(null);
  async function backup() {
    setBusy(true);
    setBackupNote(null);
    try {
      const made = await makeBackup();
      setBackupNote({ ok: true, text: s('system.backedUp', { file: made.file, rows: made.rows, tables: made.tables, key: made.masterKey }) });
    } catch (error) {
      setBackupNote({ ok: false, problem: asProblem(error) });
    } finally {
      setBusy(false);
    }
  }
  async function accept(event: FormEvent) {
    event.preventDefault();
    setWitnessNote(null);
    try {
      const added = await addWitness(key.trim());
      setWitnessNote({ ok: true, text: s('system.witnessAdded', { name: added.name }) });
      setKey('');
      reloadWitnesses();
    } catch (error) {
      setWitnessNote({ ok: false, problem: asProblem(error) });
    }
  }
  return (
    <>
      <h1>{s('system.title')}</h1>
      {may.has('backups.create') && (
        <section aria-labelledby="backups" className="boxed" data-testid="backups">
          <h2 id="backups">{s('system.backups')}</h2>
          <p className="note">{s('system.backupNote')}</p>
          <button type="button" disabled={busy} onClick={backup}>
            {busy ? s('system.backingUp') : s('system.backupNow')}
          </button>
          <Notice note={backupNote} />
        </section>
      )}
      <section aria-labelledby="log">
        <h2 id="log">{s('system.log')}</h2>
        <ApiState loaded={log}>
          {({ checkpoint, key: verifier }) => (
            <>
              <p data-testid="log-size">{s('system.size', { size: Number(checkpoint.split('\n')[1]).toLocaleString(i18n.language) })}</p>
              <h3>{s('system.checkpoint')}</h3>
              <pre className="evidence-preview">{checkpoint}</pre>
              <h3>{s('system.verifierKey')}</h3>
              <pre className="evidence-preview">{verifier}</pre>
            </>
          )}
        </ApiState>
      </section>
      <section aria-labelledby="witnesses">
        <h2 id="witnesses">{s('system.witnesses')}</h2>
        <p className="note">{s('system.witnessNote')}</p>
        <ApiState loaded={known} retry={reloadWitnesses}>
          {(list) =>
            list.length === 0 ? (
              <p className="note">{s('system.noWitnesses')}</p>
            ) : (
              <ul data-testid="witness-list">
                {list.map((w) => (
                  <li key={w.key}>
                    <strong>{w.name}</strong> · {s('system.added')} {new Date(w.addedAt).toLocaleDateString(i18n.language)} · <code>{w.key}</code>
                  </li>
                ))}
              </ul>
            )
          }
        </ApiState>
        {may.has('log.witnesses') && (
          <form className="grid-form" onSubmit={accept}>
            <div className="field wide">
              <label htmlFor="witness-key">{s('system.witnessKey')}</label>
              <input id="witness-key" required spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />
            </div>
            <div className="wide">
              <Notice note={witnessNote} />
            </div>
            <div className="actions wide">
              <button type="submit">{s('system.addWitness')}</button>
            </div>
          </form>
        )}
      </section>
    </>
  );
}
