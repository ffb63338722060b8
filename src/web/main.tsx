import { Component, lazy, type ReactNode, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n.js';
import { ClaimsPage } from './public/ClaimsPage.js';

// The staff workspace is a chunk of its own: the public page never downloads it.
const StaffApp = lazy(() => import('./staff/StaffApp.js'));

/** If the workspace's code cannot be fetched (a poor connection), say so and offer to try again. */
class ChunkFailed extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main>
        <p role="alert">
          {document.documentElement.lang === 'en' ? 'The page could not be loaded.' : 'No se pudo cargar la página.'}{' '}
          <a href={window.location.pathname}>{document.documentElement.lang === 'en' ? 'Try again' : 'Reintentar'}</a>
        </p>
      </main>
    );
  }
}

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {window.location.pathname.startsWith('/entrar') ? (
      <ChunkFailed>
        <Suspense fallback={<p>…</p>}>
          <StaffApp />
        </Suspense>
      </ChunkFailed>
    ) : (
      <ClaimsPage />
    )}
  </StrictMode>,
);
