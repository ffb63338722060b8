/**
 * Signing in for staff: name and password, then the authenticator app's code when the account has
 * one; administrators and verifiers without one set it up here (secret shown once, confirmed with
 * a code, then ten recovery codes shown once). Every failure reads the same, whatever went wrong.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { confirmSecondFactor, isProblem, type SessionInfo, signIn, startSecondFactor } from '../session-api.js';

type Step = { kind: 'credentials' } | { kind: 'code' } | { kind: 'enrol'; secret?: string; uri?: string } | { kind: 'recovery'; codes: string[] };

export function SignInPage({ onSignedIn, enrolling = false }: { onSignedIn: (session: SessionInfo) => void; enrolling?: boolean }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>(enrolling ? { kind: 'enrol' } : { kind: 'credentials' });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(name, password, step.kind === 'code' ? code : undefined);
      setPassword('');
      if (session.secondFactor === 'enrol') setStep({ kind: 'enrol' });
      else onSignedIn(session);
    } catch (problem) {
      if (isProblem(problem) && problem.details.some((d) => d.path === 'code')) setStep({ kind: 'code' });
      else setError(isProblem(problem) ? problem.message : t('signin.failed'));
    } finally {
      setBusy(false);
    }
  }

  async function beginEnrolment() {
    setError(null);
    try {
      const { secret, uri } = await startSecondFactor();
      setStep({ kind: 'enrol', secret, uri });
    } catch (problem) {
      setError(isProblem(problem) ? problem.message : t('signin.failed'));
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const { recoveryCodes } = await confirmSecondFactor(code);
      setStep({ kind: 'recovery', codes: recoveryCodes });
    } catch (problem) {
      setError(isProblem(problem) ? problem.message : t('signin.failed'));
    }
  }

  return (
    <main>
      <header className="top">
        <h1>{t('signin.title')}</h1>
      </header>
      {error && (
        <p className="error" role="alert" data-testid="signin-error">
          {error}
        </p>
      )}
      {(step.kind === 'credentials' || step.kind === 'code') && (
        <form onSubmit={submit} className="stack" data-testid="signin-form">
          <label>
            {t('signin.name')}
            <input name="username" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            {t('signin.password')}
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          {step.kind === 'code' && (
            <label>
              {t('signin.code')}
              <input name="code" autoComplete="one-time-code" inputMode="text" value={code} onChange={(e) => setCode(e.target.value)} required />
            </label>
          )}
          <button type="submit" disabled={busy}>
            {t('signin.submit')}
          </button>
        </form>
      )}
      {step.kind === 'enrol' && !step.secret && (
        <section className="stack">
          <p>{t('signin.enrolWhy')}</p>
          <button type="button" onClick={beginEnrolment}>
            {t('signin.enrolStart')}
          </button>
        </section>
      )}
      {step.kind === 'enrol' && step.secret && (
        <form onSubmit={confirm} className="stack">
          <p>{t('signin.enrolSecret')}</p>
          <p>
            <code data-testid="totp-secret">{step.secret.match(/.{1,4}/g)?.join(' ')}</code>
          </p>
          <details>
            <summary>{t('signin.enrolUri')}</summary>
            <code className="wrap">{step.uri}</code>
          </details>
          <label>
            {t('signin.code')}
            <input name="code" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} required />
          </label>
          <button type="submit">{t('signin.enrolConfirm')}</button>
        </form>
      )}
      {step.kind === 'recovery' && (
        <section className="stack">
          <p>{t('signin.recoveryNote')}</p>
          <ol data-testid="recovery-codes">
            {step.codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => onSignedIn({ signedIn: true, secondFactor: 'done' })}>
            {t('signin.recoveryDone')}
          </button>
        </section>
      )}
    </main>
  );
}
