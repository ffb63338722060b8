/**
 * The registry: persons a page at a time (the server paginates), filtered by vocabulary (kept in the
 * address, so a filtered view can be bookmarked and shared) and searched by name accent-blind (the
 * name goes in a POST body and stays in memory: never in the address, never in browser storage).
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CONSENT_LEVELS, OCCUPATION_GROUPS, PERSON_STATUSES, PROTEST_WAVES, VERIFICATION_LEVELS } from '../../../domain/registry/vocabulary.js';
import { ApiState, useApi, usePageTitle } from '../ApiState.js';
import { facilities, listPersons, type PersonFilters } from '../staff-api.js';
import { TableWrap } from '../TableWrap.js';
import { fullName } from './names.js';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTERS = ['status', 'facilityId', 'protestWave', 'occupationGroup', 'level', 'consent'] as const;
let rememberedQuery = ''; // the last search, kept while the page lives (memory only; signing out reloads)
let listAddress = '/registro'; // the list as last shown (filters and page), for the way back from a record

/** The registry's address with the filters and page last used. */
export const registryAddress = () => listAddress;

export function PersonsPage({ may }: { may: ReadonlySet<string> }) {
  const { t, i18n } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [params, setParams] = useSearchParams();
  const [typed, setTyped] = useState(rememberedQuery);
  const [query, setQuery] = useState(rememberedQuery);
  const searchBox = useRef<HTMLInputElement>(null);
  const filters: PersonFilters = Object.fromEntries(FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : [])));
  const page = Math.max(1, Number(params.get('pagina')) || 1);
  // reached by "next": the page continues after the last person of the one before (keyset paging,
  // as fast deep in a million as on the first page); reached otherwise, it is counted from the start
  const after = UUID.test(params.get('tras') ?? '') ? params.get('tras')! : undefined;
  const keyOf = (target: number, afterId: string | undefined) => JSON.stringify([filters, query, target, afterId]);
  const key = keyOf(page, after);
  const [loaded, retry] = useApi(() => listPersons(filters, query, PAGE_SIZE, after ? 0 : (page - 1) * PAGE_SIZE, after), [key]);
  const [places] = useApi(facilities, []);
  // after Previous or Next, the new page is shown from its top (its count), focus with it: otherwise
  // the browser keeps the scroll of the shorter "loading" page and a phone lands inside the table
  const countLine = useRef<HTMLParagraphElement>(null);
  const pagedTo = useRef<string | null>(null); // the page Previous or Next asked for
  // on each answer only (a new key alone still shows the page before it)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is read as it is when the answer comes
  useEffect(() => {
    if (loaded.state === 'loading' || pagedTo.current !== key) return;
    pagedTo.current = null;
    if (loaded.state !== 'ok') return;
    countLine.current?.scrollIntoView({ block: 'start' });
    // focus follows only from the pager (its button is gone while the page loads): never out of a box being typed in
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('.pager')) countLine.current?.focus({ preventScroll: true });
  }, [loaded]);
  usePageTitle(s('registry.title'));
  useEffect(() => {
    listAddress = `/registro${params.size > 0 ? `?${params}` : ''}`;
  }, [params]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function search(event: FormEvent) {
    event.preventDefault();
    rememberedQuery = typed;
    setQuery(typed);
    setFilter('pagina', '');
  }
  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('pagina');
    next.delete('tras');
    setParams(next);
  }
  function goToPage(target: number, afterId: string | null) {
    const next = new URLSearchParams(params);
    if (target > 1) next.set('pagina', String(target));
    else next.delete('pagina');
    if (afterId) next.set('tras', afterId);
    else next.delete('tras');
    pagedTo.current = keyOf(target, afterId ?? undefined);
    setParams(next);
  }
  const select = (name: (typeof FILTERS)[number], label: string, options: readonly (readonly [string, string])[]) => (
    <label>
      {label}
      <select value={params.get(name) ?? ''} onChange={(e) => setFilter(name, e.target.value)}>
        <option value="">{s('registry.any')}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <div className="top">
        <h1>{s('registry.title')}</h1>
        {may.has('persons.write') && (
          <Link className="button" to="/registro/nueva">
            {s('registry.create')}
          </Link>
        )}
      </div>
      <search>
        <form onSubmit={search} className="searchbar">
          <label htmlFor="person-search">{s('registry.search')}</label>
          <div>
            <input
              id="person-search"
              ref={searchBox}
              type="search"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              aria-describedby="search-hint"
            />
            <button type="submit">{s('registry.searchButton')}</button>
          </div>
          <span id="search-hint" className="hint">
            {s('registry.searchHint')}
          </span>
        </form>
      </search>
      <fieldset className="filters">
        <legend>{s('registry.filters')}</legend>
        {select(
          'status',
          s('registry.status'),
          PERSON_STATUSES.map((v) => [v, t(`statuses.${v}`)]),
        )}
        {select('facilityId', s('registry.facility'), places.state === 'ok' ? places.data.map((f) => [f.id, f.name]) : [])}
        {select(
          'protestWave',
          s('registry.wave'),
          PROTEST_WAVES.map((v) => [v, s(`waves.${v}`)]),
        )}
        {select(
          'occupationGroup',
          s('registry.occupation'),
          OCCUPATION_GROUPS.map((v) => [v, s(`occupations.${v}`)]),
        )}
        {select(
          'level',
          s('registry.level'),
          VERIFICATION_LEVELS.map((v) => [v, t(`levels.${v}`)]),
        )}
        {select(
          'consent',
          s('registry.consent'),
          CONSENT_LEVELS.map((v) => [v, s(`consents.${v}`)]),
        )}
        {FILTERS.some((f) => params.get(f)) && (
          <button type="button" onClick={() => setParams(new URLSearchParams())}>
            {s('registry.clear')}
          </button>
        )}
      </fieldset>
      <ApiState loaded={loaded} retry={retry}>
        {(result) => {
          const filtered = query !== '' || FILTERS.some((f) => params.get(f));
          if (result.total === 0) return <p className="note">{filtered ? s('registry.none') : s('registry.emptyRegistry')}</p>;
          const pages = Math.ceil(result.total / PAGE_SIZE);
          const first = (page - 1) * PAGE_SIZE;
          return (
            <>
              <p aria-live="polite" data-testid="persons-count" ref={countLine} tabIndex={-1}>
                {s('registry.count', {
                  from: (first + 1).toLocaleString(i18n.language),
                  to: (first + result.items.length).toLocaleString(i18n.language),
                  total: result.total.toLocaleString(i18n.language),
                })}
              </p>
              <TableWrap>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{s('registry.name')}</th>
                      <th scope="col">{s('registry.identifiers')}</th>
                      <th scope="col">{s('registry.status')}</th>
                      <th scope="col">{s('registry.level')}</th>
                      <th scope="col">{s('registry.occupation')}</th>
                      <th scope="col">{s('registry.consent')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((person) => (
                      <tr key={person.id}>
                        <td>
                          <Link to={`/registro/${person.id}`}>{fullName(person)}</Link>
                          {person.synthetic && <span className="tag">{s('registry.synthetic')}</span>}
                        </td>
                        <td>{(person.identifiers ?? []).map((i) => `${s(`person.identifierKinds.${i.kind}`)} ${i.value}`).join(', ')}</td>
                        <td>{t(`statuses.${person.status}`)}</td>
                        <td>
                          <span className={`level level-${person.statusLevel}`}>{t(`levels.${person.statusLevel}`)}</span>
                        </td>
                        <td>{s(`occupations.${person.occupationGroup}`)}</td>
                        <td>{person.consent ? s(`consents.${person.consent}`) : ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <nav className="pager" aria-label={s('registry.page', { page, pages })}>
                <button type="button" disabled={page <= 1} onClick={() => goToPage(page - 1, null)}>
                  {s('registry.previous')}
                </button>
                <span>{s('registry.page', { page, pages })}</span>
                {/* a name search's pages are counted from its start: a person it found is never put in the address */}
                <button type="button" disabled={!result.next} onClick={() => goToPage(page + 1, query ? null : result.next)}>
                  {s('registry.next')}
                </button>
              </nav>
            </>
          );
        }}
      </ApiState>
    </>
  );
}
