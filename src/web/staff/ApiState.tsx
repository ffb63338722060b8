/**
 * Every screen's four states — loading, error, forbidden, and the data (empty is the screen's own
 * to word) — and the API's stable error codes said in words.
 */
import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiProblem, isProblem } from '../session-api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; problem: ApiProblem };

/** A problem from anything thrown: the API's own, or the network's. */
export function asProblem(error: unknown): ApiProblem {
  if (isProblem(error)) return error;
  return { status: 0, code: 'network', message: String(error), details: [] };
}

/**
 * Loads on mount and whenever deps change (showing the loading state); the second value loads
 * again in place, the data on screen kept until the new answer replaces it.
 */
export function useApi<T>(load: () => Promise<T>, deps: DependencyList): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const shownFor = useRef<DependencyList | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let live = true;
    const sameDeps = shownFor.current !== null && shownFor.current.length === deps.length && shownFor.current.every((d, i) => Object.is(d, deps[i]));
    if (!sameDeps) setLoaded({ state: 'loading' });
    shownFor.current = deps;
    load().then(
      (data) => live && setLoaded({ state: 'ok', data }),
      (error: unknown) => live && setLoaded({ state: 'error', problem: asProblem(error) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return [loaded, useCallback(() => setRound((n) => n + 1), [])];
}

/** Codes whose words say all there is to say: the server's sentence would only repeat them, in English. */
const SAID_IN_FULL = new Set([
  'not_found',
  'unauthenticated',
  'stale_version',
  'too_many_requests',
  'database_unavailable',
  'busy',
  'disk_full',
  'internal',
  'network',
]);

/** Whether asking again could end otherwise: the network, the server's own failures, a busy server; never a refusal. */
export function mayRetry(problem: ApiProblem): boolean {
  return problem.status === 0 || problem.status === 408 || problem.status === 429 || problem.status >= 500;
}

/** The API's code in words, and each detail with the field it names. */
export function ProblemText({ problem }: { problem: ApiProblem }) {
  const { t, i18n } = useTranslation('staff');
  const details = problem.details.filter((d) => d.reason);
  const known = i18n.exists(`errors.${problem.code}`, { ns: 'staff' });
  const specific = details.length === 0 && problem.message && problem.status >= 400 && problem.status < 500 && !SAID_IN_FULL.has(problem.code);
  return (
    <>
      {t(`errors.${problem.code}`, { defaultValue: t('errors.internal') })}
      {/* an answer that is not the API's own (a proxy's page): its status at least */}
      {(!known || (problem.code === 'internal' && problem.status < 500)) && problem.status > 0 && ` (HTTP ${problem.status})`}
      {/* with nothing to mark, the server's own sentence (in English) says what is wrong and what to do */}
      {specific && (
        <>
          {' '}
          (<span lang="en">{problem.message}</span>)
        </>
      )}
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={`${d.path}:${d.reason}`}>{d.path ? `${d.path.replace(/^body\./, '')}: ${d.reason}` : d.reason}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What a change came to: a line saying it was done, or the API's refusal in words. */
export type Note = { ok: true; text: string } | { ok: false; problem: ApiProblem };

export function Notice({ note }: { note: Note | null }) {
  if (!note) return null;
  return note.ok ? (
    <p className="note" role="status">
      {note.text}
    </p>
  ) : (
    <div className="error" role="alert">
      <ProblemText problem={note.problem} />
    </div>
  );
}

/** The window's title for this screen (never a person's name: titles are kept in the browser's history). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Recuento`;
  }, [title]);
}

/** Renders the data when it is there; otherwise loading, forbidden or the error with a retry. */
export function ApiState<T>({ loaded, retry, children }: { loaded: Loaded<T>; retry?: () => void; children: (data: T) => ReactNode }) {
  const { t } = useTranslation('staff');
  if (loaded.state === 'loading') return <p aria-live="polite">{t('states.loading')}</p>;
  if (loaded.state === 'error') {
    if (loaded.problem.status === 403) return <p className="note">{t('states.forbidden')}</p>;
    if (loaded.problem.status === 401)
      return (
        <p className="error" role="alert">
          {t('errors.unauthenticated')} <a href="/entrar">{t('states.signInAgain')}</a>
        </p>
      );
    return (
      <div className="error" role="alert">
        <ProblemText problem={loaded.problem} />
        {retry && mayRetry(loaded.problem) && (
          <>
            {' '}
            <button type="button" onClick={retry}>
              {t('states.retry')}
            </button>
          </>
        )}
      </div>
    );
  }
  return <>{children(loaded.data)}</>;
}
