/**
 * Acts suffered in custody, as the public may see them: persons (never names, of victims or of
 * perpetrators) by kind of act, facility, agency or month, each row split by verification level,
 * no number from 1 to 4 (GET /api/acts/counts, docs/VIOLATIONS.md). Each kind's definition and
 * the text it is drawn from are one tap away.
 */
import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACT_KINDS } from '../../domain/violations/vocabulary.js';
import { type ActCountsResponse, fetchActCounts } from '../api.js';
import { LevelCells } from './LevelCells.js';

const DIMENSIONS = ['kind', 'facility', 'agency', 'month'] as const;
const LEVELS = ['verified', 'corroborated', 'reported', 'disputed'] as const;

export function ActsCounts() {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<(typeof DIMENSIONS)[number]>('kind');
  const [counts, setCounts] = useState<ActCountsResponse | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setFailed(false);
    fetchActCounts(by)
      .then((c) => !cancelled && setCounts(c))
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [by]);
  const lang = i18n.language === 'en' ? 'en' : 'es';
  const label = (key: string, fallback: string) => {
    if (key === '_small_cells') return t('acts.pooled');
    if (key === '_not_recorded') return t('acts.notRecorded');
    if (key === '_whereabouts_unknown') return t('acts.whereaboutsUnknown');
    if (key === 'other agency') return t('acts.otherAgency');
    return ACT_KINDS.find((k) => k.code === key)?.label[lang] ?? fallback;
  };
  return (
    <section aria-labelledby="acts-title" data-testid="acts-counts">
      <h2 id="acts-title">{t('acts.title')}</h2>
      <p className="hint">{t('acts.note')}</p>
      <label className="metric">
        {t('acts.by')}{' '}
        <select value={by} onChange={(e) => setBy(e.target.value as typeof by)} data-testid="acts-by">
          {DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {t(`acts.dimensions.${d}`)}
            </option>
          ))}
        </select>
      </label>
      {failed && <p role="alert">{t('loadError')}</p>}
      {!failed && counts?.by !== by && <p>{t('loading')}</p>}
      {counts && counts.by === by && counts.cells.length === 0 && <p>{t('acts.empty')}</p>}
      {counts && counts.by === by && counts.cells.length > 0 && (
        <div className="table-wrap">
          <table data-testid="acts-table">
            <thead>
              <tr>
                <th scope="col">{t(`acts.dimensions.${by}`)}</th>
                <th scope="col" className="num">
                  {t('acts.persons')}
                </th>
                {LEVELS.map((level) => (
                  <th scope="col" className="num" key={level}>
                    {t(`levels.${level}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {counts.cells.map((cell) => {
                const kind = by === 'kind' ? ACT_KINDS.find((k) => k.code === cell.key) : undefined;
                return (
                  <Fragment key={cell.key}>
                    <tr>
                      <th scope="row">
                        {kind ? (
                          <button
                            type="button"
                            className="linklike"
                            aria-expanded={open === kind.code}
                            onClick={() => setOpen(open === kind.code ? null : kind.code)}
                          >
                            {label(cell.key, cell.label)}
                          </button>
                        ) : cell.span && cell.span.from !== cell.span.to ? (
                          `${cell.span.from} – ${cell.span.to}`
                        ) : (
                          label(cell.key, cell.label)
                        )}
                      </th>
                      <td className="num">{cell.persons.toLocaleString()}</td>
                      <LevelCells levels={cell.levels} columns={LEVELS} />
                    </tr>
                    {kind && open === kind.code && (
                      <tr className="definition" data-testid="act-definition">
                        <td colSpan={2 + LEVELS.length}>
                          <p>{kind.definition[lang]}</p>
                          <cite>{kind.source}</cite>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {counts && counts.by === by && counts.cells.length > 0 && (
        <p className="hint" data-testid="acts-total">
          {t('acts.total', { persons: counts.persons === null || counts.persons === undefined ? t('fewerThan5') : counts.persons.toLocaleString() })}
        </p>
      )}
      {counts && (
        <details className="hint">
          <summary>{t('acts.definition')}</summary>
          <p>{counts.definition[lang]}</p>
        </details>
      )}
    </section>
  );
}
