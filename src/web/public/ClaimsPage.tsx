/**
 * The public page: every party's claimed counts over time, the registry's own count
 * beside them, the gap between the highest and lowest claim, and the source of every
 * number one tap away (a point in the chart, or a row of the table).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLAIM_METRICS } from '../../domain/registry/vocabulary.js';
import type { Claim, ShownCountRow } from '../../shared/schemas.js';
import { type CountsResponse, fetchClaims, fetchCounts } from '../api.js';
import { switchLanguage } from '../i18n.js';
import { ActsCounts } from './ActsCounts.js';
import { ClaimsChart, type RegistryPoint } from './ClaimsChart.js';
import { LevelCells } from './LevelCells.js';

type Loaded = { claims: Claim[]; registry: RegistryPoint[]; latest: ShownCountRow[]; status: CountsResponse };

/** Metrics the registry can count itself, and how. */
async function loadRegistrySeries(metric: string, claims: Claim[]): Promise<RegistryPoint[]> {
  // Drawn over the same weeks as the claims, so both can be read on one axis.
  const first = claims[0]?.asOf;
  const last = claims[claims.length - 1]?.asOf;
  if (metric === 'released' && first && last) {
    const counts = await fetchCounts(`by=day&event=releases&from=${first.slice(0, 4)}-01-01&to=${last}`);
    let total = 0;
    return counts.rows.map((r) => {
      total += r.count;
      return { date: r.key ?? '', count: total };
    });
  }
  if (metric === 'held') {
    const counts = await fetchCounts('by=status');
    const held = counts.rows.filter((r) => r.key === 'detained' || r.key === 'disappeared').reduce((s, r) => s + r.count, 0);
    return [{ date: new Date().toISOString().slice(0, 10), count: held }];
  }
  return [];
}

export function ClaimsPage() {
  const { t } = useTranslation();
  const [metric, setMetric] = useState<string>('released');
  const [data, setData] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState(false);
  const [selected, setSelected] = useState<Claim | null>(null);

  useEffect(() => {
    let cancelled = false;
    setFailed(false);
    setSelected(null);
    fetchClaims(metric)
      .then((claims) =>
        Promise.all([claims, loadRegistrySeries(metric, claims), fetchCounts(`by=claimant&metric=${metric}`), fetchCounts('by=status')] as const),
      )
      .then(([claims, registry, latest, status]) => {
        if (!cancelled) setData({ claims, registry, latest: latest.rows, status });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [metric]);

  const synthetic = data?.status.includesSynthetic ?? false;
  return (
    <main>
      <header className="top">
        <h1>{t('title')}</h1>
        <span>
          <a href="/entrar" className="staff-link">
            {t('signin.link')}
          </a>{' '}
          <button type="button" className="lang" onClick={switchLanguage} aria-label={t('languageLabel')}>
            {t('language')}
          </button>
        </span>
      </header>
      <p className="tagline">{t('tagline')}</p>
      {synthetic && (
        <p className="banner" role="note" data-testid="demo-banner">
          {t('demoBanner')}
        </p>
      )}

      <section aria-labelledby="chart-title">
        <h2 id="chart-title">{t('chartTitle')}</h2>
        <label className="metric">
          {t('metric')}{' '}
          <select value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="metric">
            {CLAIM_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`metrics.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {failed && <p role="alert">{t('loadError')}</p>}
        {!data && !failed && <p>{t('loading')}</p>}
        {data && (
          <>
            <ClaimsChart
              claims={data.claims}
              registry={data.registry}
              registryLabel={synthetic ? t('registrySeriesSynthetic') : t('registrySeries')}
              onSelect={setSelected}
            />
            <p className="hint">{t('chartHint')}</p>
            {selected && <ClaimDetail claim={selected} />}
            <Gap rows={data.latest} />
            <ClaimsTable claims={data.claims} />
          </>
        )}
      </section>

      {data && <StatusCounts counts={data.status} />}

      <ActsCounts />

      <section aria-labelledby="downloads">
        <h2 id="downloads">{t('downloads')}</h2>
        <ul className="links">
          <li>
            <a href="/api/exports/claims.csv">{t('downloadClaims')}</a>
          </li>
          <li>
            <a href="/api/exports/persons.csv">{t('downloadPersons')}</a>
          </li>
          <li>
            <a href="/api/docs">{t('apiDocs')}</a>
          </li>
          <li>
            <a href="/api/log/checkpoint">{t('logCheckpoint')}</a> · <a href="/api/log/key">{t('logKey')}</a> ·{' '}
            <a href="/api/log/publications">{t('logPublications')}</a>
          </li>
        </ul>
      </section>
    </main>
  );
}

function useFormatValue() {
  const { t } = useTranslation();
  return (claim: Pick<Claim, 'qualifier' | 'value' | 'valueHigh'>) =>
    t(`qualifiers.${claim.qualifier}`, { value: claim.value.toLocaleString(), high: claim.valueHigh?.toLocaleString() ?? '' });
}

function ClaimDetail({ claim }: { claim: Claim }) {
  const { t } = useTranslation();
  const format = useFormatValue();
  return (
    <aside className="detail" aria-live="polite" data-testid="claim-detail">
      <h3>{t('selected')}</h3>
      <p>
        <strong>{format(claim)}</strong> — {claim.claimant} ({t(`kinds.${claim.claimantKind}`)}), {claim.asOf}
        {claim.asOfPrecision === 'approximate' ? ` (${t('approximate')})` : ''}
      </p>
      <p>{claim.scope}</p>
      <p>
        {t('reportedBy')}: <cite>{claim.citation}</cite>
        {claim.publishedOn ? ` · ${t('published')} ${claim.publishedOn}` : ''}
        {claim.url ? (
          <>
            {' · '}
            <a href={claim.url} rel="noreferrer noopener" target="_blank">
              {claim.url}
            </a>
          </>
        ) : null}
      </p>
    </aside>
  );
}

function Gap({ rows }: { rows: ShownCountRow[] }) {
  const { t } = useTranslation();
  if (rows.length < 2) return null;
  const high = rows[0]!;
  const low = rows[rows.length - 1]!;
  if (high.count === low.count) return null;
  return (
    <p className="gap" data-testid="gap">
      <strong>{t('gapTitle')}:</strong>{' '}
      {t('gap', {
        high: high.count.toLocaleString(),
        highWho: high.key,
        low: low.count.toLocaleString(),
        lowWho: low.key,
        diff: (high.count - low.count).toLocaleString(),
      })}
    </p>
  );
}

function ClaimsTable({ claims }: { claims: Claim[] }) {
  const { t } = useTranslation();
  const format = useFormatValue();
  return (
    <>
      <h3>{t('tableTitle')}</h3>
      <div className="table-wrap">
        <table data-testid="claims-table">
          <thead>
            <tr>
              <th scope="col">{t('date')}</th>
              <th scope="col">{t('claimant')}</th>
              <th scope="col">{t('value')}</th>
              <th scope="col">{t('source')}</th>
            </tr>
          </thead>
          <tbody>
            {claims.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.asOf}
                  {c.asOfPrecision === 'approximate' ? '*' : ''}
                </td>
                <td>
                  {c.claimant}
                  <br />
                  <small>{t(`kinds.${c.claimantKind}`)}</small>
                </td>
                <td className="num">{format(c)}</td>
                <td>
                  <details>
                    <summary>{t('showSource')}</summary>
                    <p>{c.scope}</p>
                    <cite>{c.citation}</cite>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Every count states its level: the status table's columns, most certain first. */
const LEVEL_COLUMNS = ['verified', 'corroborated', 'reported', 'disputed', 'refuted'] as const;

function StatusCounts({ counts }: { counts: CountsResponse }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{t('statusTitle')}</h2>
      <p className="hint">
        {t('statusNote')} {counts.includesSynthetic ? t('syntheticNote') : ''}
      </p>
      <table data-testid="status-table">
        <thead>
          <tr>
            <th scope="col">{t('statusColumn')}</th>
            <th scope="col" className="num">
              {t('total')}
            </th>
            {LEVEL_COLUMNS.map((level) => (
              <th scope="col" className="num" key={level}>
                {t(`levels.${level}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {counts.rows.map((r) => (
            <tr key={r.key ?? 'none'}>
              <th scope="row">{t(`statuses.${r.key}`)}</th>
              <td className="num">{r.count.toLocaleString()}</td>
              <LevelCells levels={r.levels} columns={LEVEL_COLUMNS} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
