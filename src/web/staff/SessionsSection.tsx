/** My open sessions (when, from where), and ending one or all the others — my password asked again. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endSessions, isProblem, type OpenSession, openSessions } from '../session-api.js';

export function SessionsSection() {
  const { t, i18n } = useTranslation();
  const [sessions, setSessions] = useState<OpenSession[]>([]);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const load = useCallback(async () => {
    try {
      setSessions(await openSessions());
    } catch (problem) {
      setMessage({ ok: false, text: isProblem(problem) ? problem.message : t('signin.failed') });
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, [load]);

  async function end(ref?: string) {
    try {
      const { ended } = await endSessions(password, ref);
      setPassword('');
      setMessage({ ok: true, text: t('account.ended', { count: ended }) });
      await load();
    } catch (problem) {
      setMessage({ ok: false, text: isProblem(problem) ? problem.message : t('signin.failed') });
    }
  }

  const others = sessions.filter((s) => !s.current);
  return (
    <section className="stack" data-testid="sessions">
      <h2>{t('account.sessions')}</h2>
      <p className="note">{t('account.sessionsNote')}</p>
      {message && (
        <p className={message.ok ? 'note' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <ul>
        {sessions.map((s) => (
          <li key={s.ref} data-testid="open-session">
            {t('account.sessionRow', { ip: s.ip, created: when(s.createdAt), seen: when(s.lastSeenAt) })}
            {s.current ? (
              <strong> — {t('account.sessionThis')}</strong>
            ) : (
              <>
                {' '}
                <button type="button" disabled={password === ''} onClick={() => void end(s.ref)}>
                  {t('account.endSession')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <label>
            {t('account.sessionPassword')}
            <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="button" disabled={password === ''} onClick={() => void end()}>
            {t('account.endOthers')}
          </button>
        </>
      )}
    </section>
  );
}
