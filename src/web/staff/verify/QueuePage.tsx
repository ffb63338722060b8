/**
 * What waits for verifiers: subjects at a level (by default corroborated or disputed), newest
 * change first, each with whose it is, what it is, and who confirmed it so far — the first
 * confirmation waits for a second person.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiState, useApi, usePageTitle } from '../ApiState.js';
import { formatDate } from '../registry/dates.js';
import { type QueueItem, verificationQueue } from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

const SHOWN = ['corroborated,disputed', 'corroborated', 'disputed', 'reported', 'verified', 'refuted'] as const;

/** What a subject is, in words: "Released, 14 Jan 2026", "Detention of 3 Aug 2024". */
export function subjectWords(item: Pick<QueueItem, 'subjectKind' | 'subjectType' | 'subjectDate'>, language: string, s: TFunction<'staff'>) {
  const on = item.subjectDate ? `, ${formatDate(item.subjectDate, 'day', language)}` : '';
  if (item.subjectKind === 'event')
    return `${item.subjectType ? s(`event.kinds.${item.subjectType}`, { defaultValue: item.subjectType }) : s('verify.subjects.event')}${on}`;
  if (item.subjectKind === 'detention')
    return item.subjectDate ? s('verify.detentionOf', { on: formatDate(item.subjectDate, 'day', language) }) : s('verify.subjects.detention');
  if (item.subjectKind === 'act') return `${s('verify.subjects.act')}${on}`;
  return s('verify.subjects.person');
}

export function QueuePage() {
  const { t } = useTranslation();
  const { t: s, i18n } = useTranslation('staff');
  usePageTitle(s('verify.title'));
  const [params, setParams] = useSearchParams();
  const level = SHOWN.find((l) => l === params.get('nivel')) ?? SHOWN[0];
  const [loaded, retry] = useApi(() => verificationQueue(level), [level]);
  return (
    <>
      <h1>{s('verify.title')}</h1>
      <p className="lede">{s('verify.intro')}</p>
      <div className="filters">
        <label>
          {s('verify.show')}
          <select value={level} onChange={(e) => setParams(e.target.value === SHOWN[0] ? {} : { nivel: e.target.value }, { replace: true })}>
            {SHOWN.map((l) => (
              <option key={l} value={l}>
                {s(`verify.levels.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ApiState loaded={loaded} retry={retry}>
        {(items) =>
          items.length === 0 ? (
            <p className="note">{s('verify.none')}</p>
          ) : (
            <TableWrap>
              <table data-testid="verification-queue">
                <thead>
                  <tr>
                    <th scope="col">{s('verify.what')}</th>
                    <th scope="col">{s('verify.level')}</th>
                    <th scope="col" className="num">
                      {s('verify.sources')}
                    </th>
                    <th scope="col">{s('verify.confirmations')}</th>
                    <th scope="col">{s('verify.changed')}</th>
                    <th scope="col">{s('verify.person')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={`${item.subjectKind}:${item.subjectId}`}>
                      <td>
                        <Link to={`/verificar/${item.subjectKind}/${item.subjectId}`}>{subjectWords(item, i18n.language, s)}</Link>
                      </td>
                      <td>
                        <span className={`level level-${item.level}`}>{t(`levels.${item.level}`)}</span>
                      </td>
                      <td className="num">{item.independentSources}</td>
                      <td>
                        {item.level === 'verified'
                          ? item.confirmedBy.join(', ')
                          : item.level === 'disputed' || item.level === 'refuted'
                            ? s(`verify.levelNote.${item.level}`)
                            : item.confirmedBy.length === 0
                              ? s('verify.waitsFirst')
                              : s('verify.waitsSecond', { name: item.confirmedBy.join(', ') })}
                      </td>
                      <td>{new Date(item.changedAt).toLocaleString(i18n.language)}</td>
                      <td>{item.personId && <Link to={`/registro/${item.personId}`}>{item.personName ?? s('verify.openRecord')}</Link>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )
        }
      </ApiState>
    </>
  );
}
