/** The staff side of the web UI (/entrar): sign in, set up the second factor, the account page. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentSession, type SessionInfo } from '../session-api.js';
import { AccountPage } from './AccountPage.js';
import { SignInPage } from './SignInPage.js';

export function StaffApp() {
  const { t } = useTranslation();
  const [session, setSession] = useState<SessionInfo | null>(null);
  useEffect(() => {
    currentSession()
      .then(setSession)
      .catch(() => setSession({ signedIn: false }));
  }, []);
  if (!session) return <p>{t('loading')}</p>;
  if (!session.signedIn || session.secondFactor === 'enrol') {
    return <SignInPage enrolling={session.secondFactor === 'enrol'} onSignedIn={() => currentSession().then(setSession)} />;
  }
  return <AccountPage session={session} onSignedOut={() => setSession({ signedIn: false })} />;
}
