/** Changing one's password (the current one is asked again) and one's open sessions. */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changePassword, isProblem } from '../session-api.js';
import { usePageTitle } from './ApiState.js';
import { SessionsSection } from './SessionsSection.js';

export function AccountPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  usePageTitle(t('account.title'));
  const [changes, setChanges] = useState(0); // the sessions list is read again after a password change

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setMessage({ ok: true, text: t('account.passwordChanged') });
      setChanges((n) => n + 1);
    } catch (problem) {
      setMessage({ ok: false, text: isProblem(problem) ? problem.message : t('signin.failed') });
    }
  }

  return (
    <>
      <h1>{t('account.title')}</h1>
      <p>
        <a href="/">{t('account.publicPage')}</a> · <a href="/api/docs">{t('account.apiDocs')}</a>
      </p>
      <form onSubmit={submit} className="stack" data-testid="password-form">
        <h2>{t('account.changePassword')}</h2>
        {message && (
          <p className={message.ok ? 'note' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <label>
          {t('account.current')}
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          {t('account.next')}
          <input type="password" autoComplete="new-password" minLength={12} value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <button type="submit">{t('account.save')}</button>
      </form>
      <SessionsSection key={changes} />
    </>
  );
}
