import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n.js';
import { ClaimsPage } from './public/ClaimsPage.js';

// The staff workspace is a chunk of its own: the public page never downloads it.
const StaffApp = lazy(() => import('./staff/StaffApp.js'));

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {window.location.pathname.startsWith('/entrar') ? (
      <Suspense fallback={<p>…</p>}>
        <StaffApp />
      </Suspense>
    ) : (
      <ClaimsPage />
    )}
  </StrictMode>,
);
