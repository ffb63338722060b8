import { Component, lazy, type ReactNode, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n.js';

// The public site is rendered on the server (src/site) and needs no script: this is the staff
// workspace, served under /entrar. Its code is a chunk of its own, loaded once the words are set
// up (its sections add theirs as they load).
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
    <ChunkFailed>
      <Suspense fallback={<p>…</p>}>
        <StaffApp />
      </Suspense>
    </ChunkFailed>
  </StrictMode>,
);
