/**
 * The staff workspace (/entrar/…): sign in and set up the second factor, then the sections the
 * role may use, each at its own address under /entrar. Addresses carry opaque ids and vocabulary
 * filters only, never a name. Loaded as its own chunk: the public pages never download it.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { currentSession, type SessionInfo } from '../session-api.js';
import './staff-i18n.js';
import './staff.css';
import { AccountPage } from './AccountPage.js';
import { AuditSection } from './AuditSection.js';
import { AccountsPage } from './admin/AccountsPage.js';
import { SystemPage } from './admin/SystemPage.js';
import { ConditionsPage } from './conditions/ConditionsPage.js';
import { DuplicatesPage } from './duplicates/DuplicatesPage.js';
import { EligibilityPage } from './eligibility/EligibilityPage.js';
import { RunPage } from './eligibility/RunPage.js';
import { ImportWizard } from './imports/ImportWizard.js';
import { PublishPage } from './publish/PublishPage.js';
import { ReconciliationsPage } from './reconcile/ReconciliationsPage.js';
import { ReportPage } from './reconcile/ReportPage.js';
import { ReviewPage } from './reconcile/ReviewPage.js';
import { NewPersonPage } from './registry/NewPersonPage.js';
import { PersonPage } from './registry/PersonPage.js';
import { PersonsPage } from './registry/PersonsPage.js';
import { SignInPage } from './SignInPage.js';
import { StaffLayout } from './StaffLayout.js';
import { TriagePage } from './triage/TriagePage.js';
import { QueuePage } from './verify/QueuePage.js';
import { SubjectPage } from './verify/SubjectPage.js';

export default function StaffApp() {
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
  const may = new Set(session.may ?? []);
  // a screen the role may not use says so (the server refuses its calls in any case)
  const only = (action: string, screen: ReactNode) => (may.has(action) ? screen : <Forbidden />);
  return (
    <BrowserRouter basename="/entrar">
      <Routes>
        <Route element={<StaffLayout session={session} may={may} onSignedOut={() => setSession({ signedIn: false })} />}>
          <Route index element={<Navigate to={may.has('casefile.read') ? '/registro' : '/cuenta'} replace />} />
          <Route path="registro" element={only('casefile.read', <PersonsPage may={may} />)} />
          <Route path="registro/nueva" element={only('persons.write', <NewPersonPage />)} />
          <Route path="registro/:id" element={only('casefile.read', <PersonPage may={may} />)} />
          <Route path="importar" element={only('imports.write', <ImportWizard />)} />
          <Route path="conciliar" element={only('reconciliations.read', <ReconciliationsPage may={may} />)} />
          <Route path="conciliar/:id" element={only('reconciliations.read', <ReportPage />)} />
          <Route path="conciliar/:id/revisar" element={only('reconciliations.read', <ReviewPage may={may} />)} />
          <Route path="duplicados" element={only('persons.merge', <DuplicatesPage />)} />
          <Route path="informes" element={only('reports.triage', <TriagePage may={may} />)} />
          <Route path="verificar" element={only('verification.read', <QueuePage />)} />
          <Route path="verificar/:kind/:id" element={only('verification.read', <SubjectPage may={may} me={session.account?.name ?? ''} />)} />
          <Route path="elegibilidad" element={only('eligibility.read', <EligibilityPage may={may} />)} />
          <Route path="elegibilidad/:id" element={only('eligibility.read', <RunPage />)} />
          <Route path="medidas" element={only('casefile.read', <ConditionsPage may={may} />)} />
          <Route path="publicar" element={only('log.publish', <PublishPage />)} />
          <Route path="sistema" element={only('accounts.manage', <SystemPage may={may} />)} />
          <Route path="cuentas" element={only('accounts.manage', <AccountsPage />)} />
          <Route path="cuenta" element={<AccountPage />} />
          <Route path="auditoria" element={only('audit.read', <AuditSection />)} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

function Forbidden() {
  const { t: s } = useTranslation('staff');
  return <p className="note">{s('states.forbidden')}</p>;
}
