/** The frame of every staff screen: a skip link, the sections the role may use, the language, who is signed in, sign out. */

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { switchLanguage } from '../i18n.js';
import { type SessionInfo, signOut } from '../session-api.js';
import { ScreenFailed } from './ScreenFailed.js';

export function StaffLayout({ session, may, onSignedOut }: { session: SessionInfo; may: ReadonlySet<string>; onSignedOut: () => void }) {
  const { t } = useTranslation();
  const { t: s } = useTranslation('staff');
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  // a new screen: focus goes to its content, so a screen reader starts there
  // biome-ignore lint/correctness/useExhaustiveDependencies: on each change of screen
  useEffect(() => main.current?.focus(), [pathname]);
  const sections = [
    { to: '/registro', label: s('nav.registry'), shown: may.has('casefile.read') },
    { to: '/importar', label: s('nav.import'), shown: may.has('imports.write') },
    { to: '/medidas', label: s('nav.conditions'), shown: may.has('casefile.read') },
    { to: '/conciliar', label: s('nav.reconcile'), shown: may.has('reconciliations.read') },
    { to: '/verificar', label: s('nav.verify'), shown: may.has('verification.read') },
    { to: '/duplicados', label: s('nav.duplicates'), shown: may.has('persons.merge') },
    { to: '/informes', label: s('nav.triage'), shown: may.has('reports.triage') },
    { to: '/elegibilidad', label: s('nav.eligibility'), shown: may.has('eligibility.read') },
    { to: '/publicar', label: s('nav.publish'), shown: may.has('log.publish') },
    { to: '/cuentas', label: s('nav.accounts'), shown: may.has('accounts.manage') },
    { to: '/sistema', label: s('nav.system'), shown: may.has('accounts.manage') },
    { to: '/auditoria', label: s('nav.audit'), shown: may.has('audit.read') },
    { to: '/cuenta', label: s('nav.account'), shown: true },
  ];
  return (
    <>
      <a className="skip" href="#content">
        {s('nav.skip')}
      </a>
      <header className="staff-top">
        <a className="brand" href="/">
          Recuento
        </a>
        <nav aria-label={s('nav.label')}>
          <ul>
            {sections
              .filter((section) => section.shown)
              .map((section) => (
                <li key={section.to}>
                  <NavLink to={section.to}>{section.label}</NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <span data-testid="signed-in-as">
            {t('account.signedInAs', { name: session.account?.name ?? '', role: t(`roles.${session.account?.role ?? 'viewer'}`) })}
          </span>
          <button type="button" className="lang" onClick={switchLanguage} aria-label={t('languageLabel')}>
            {t('language')}
          </button>
          <button
            type="button"
            className="lang"
            onClick={async () => {
              await signOut();
              onSignedOut();
              window.location.assign('/entrar'); // a fresh page: nothing of this session stays in memory
            }}
          >
            {t('account.signOut')}
          </button>
        </div>
      </header>
      <main id="content" ref={main} tabIndex={-1} className="staff-main">
        <ScreenFailed key={pathname}>
          <Outlet />
        </ScreenFailed>
      </main>
    </>
  );
}
