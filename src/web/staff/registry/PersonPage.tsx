/**
 * One person's record: identity (corrected with optimistic concurrency: an edit based on an old
 * version is refused and both versions are shown), detentions and charges, the timeline (events
 * added and corrected with their date's precision, facility and court), measures, sources and levels.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Facility, Offence, Person, PersonFields } from '../../../shared/schemas.js';
import { ApiState, asProblem, useApi } from '../ApiState.js';
import { facilities, getPerson, offences, type PersonRecord, personRecord, updatePerson } from '../staff-api.js';
import { formatDate } from './dates.js';
import { EventForm } from './EventForm.js';
import { fullName } from './names.js';
import { PERSON_FIELDS, PersonForm, shownValue } from './PersonForm.js';

export function PersonPage({ may }: { may: ReadonlySet<string> }) {
  const { id = '' } = useParams();
  const [loaded, reload] = useApi(() => personRecord(id), [id]);
  const [places] = useApi(facilities, []);
  const [charges] = useApi(offences, []);
  const { t: s } = useTranslation('staff');
  return (
    <>
      <p>
        <Link to="/registro">{s('person.back')}</Link>
      </p>
      <ApiState loaded={loaded} retry={reload}>
        {(record) => (
          <Record
            record={record}
            facilities={places.state === 'ok' ? places.data : []}
            offences={charges.state === 'ok' ? charges.data : []}
            may={may}
            reload={reload}
          />
        )}
      </ApiState>
    </>
  );
}

function Record({
  record,
  facilities,
  offences,
  may,
  reload,
}: {
  record: PersonRecord;
  facilities: Facility[];
  offences: Offence[];
  may: ReadonlySet<string>;
  reload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState<{ mine: PersonFields; theirs: Person } | null>(null);
  const [eventForm, setEventForm] = useState<string | 'new' | null>(null);
  const [saved, setSaved] = useState('');
  const { person } = record;
  const placeName = (facilityId: string | null | undefined) => facilities.find((f) => f.id === facilityId)?.name ?? '';
  const chargeName = (code: string) => {
    const offence = offences.find((o) => o.code === code);
    return offence ? `${i18n.language === 'en' ? offence.labelEn : offence.labelEs} (${offence.legalCode}, art. ${offence.article})` : code;
  };
  const subjectOf = (link: NonNullable<PersonRecord['sources']>[number]) => {
    if (link.eventId) {
      const event = record.timeline.find((e) => e.id === link.eventId);
      return event ? `${s(`event.kinds.${event.kind}`)}, ${date(event.occurredOn, event.occurredOnPrecision)}` : s('person.subjects.event');
    }
    if (link.detentionId) return s('person.subjects.detention');
    if (link.measureId) return s('person.subjects.measure');
    if (link.actId) return s('person.subjects.act');
    return s('person.subjects.person');
  };
  const date = (iso: string | null | undefined, precision: string | null | undefined) => formatDate(iso, precision, i18n.language);

  async function save(fields: PersonFields, version: string) {
    try {
      await updatePerson(person.id, fields, version);
      setEditing(false);
      setConflict(null);
      setSaved(s('person.saved'));
      reload();
    } catch (error) {
      const problem = asProblem(error);
      if (problem.code !== 'stale_version') throw error;
      setConflict({ mine: fields, theirs: await getPerson(person.id) });
    }
  }

  return (
    <>
      <div className="top">
        <h1>
          {fullName(person)}
          {person.synthetic && <span className="tag">{s('registry.synthetic')}</span>}
        </h1>
        <span className="status-now">
          {s('person.statusNow')}: <strong>{t(`statuses.${person.status}`)}</strong>
        </span>
      </div>
      {saved && (
        <p className="note" role="status">
          {saved}
        </p>
      )}

      <section aria-labelledby="identity">
        <div className="top">
          <h2 id="identity">{s('person.identity')}</h2>
          {may.has('persons.write') && !editing && !conflict && (
            <button type="button" onClick={() => setEditing(true)}>
              {s('person.edit')}
            </button>
          )}
        </div>
        {conflict ? (
          <Conflict
            conflict={conflict}
            keepMine={() => save(conflict.mine, conflict.theirs.updatedAt)}
            takeTheirs={() => {
              setConflict(null);
              setEditing(false);
              reload();
            }}
          />
        ) : editing ? (
          <PersonForm
            initial={person}
            submitLabel={s('person.save')}
            onSubmit={(fields) => save(fields, person.updatedAt)}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <dl className="facts">
            {PERSON_FIELDS.map((name) => (
              <div key={name}>
                <dt>{s(`person.${name}`)}</dt>
                <dd>{(name === 'birthDate' ? person.birthDate && date(person.birthDate, person.birthDatePrecision) : shownValue(person, name, s)) || '—'}</dd>
              </div>
            ))}
          </dl>
        )}
        <p className="hint">{s('person.version', { when: new Date(person.updatedAt).toLocaleString(i18n.language) })}</p>
      </section>

      <section aria-labelledby="detentions">
        <h2 id="detentions">{s('person.detentions')}</h2>
        {record.detentions.length === 0 ? (
          <p className="note">{s('person.noDetentions')}</p>
        ) : (
          <ul className="cards">
            {record.detentions.map((d) => (
              <li key={d.id}>
                <strong>{d.arrestedOn ? s('person.arrested', { date: date(d.arrestedOn, d.arrestedOnPrecision) }) : s('person.arrestedUnknown')}</strong>
                {[d.place, placeName(d.facilityId)].filter(Boolean).length > 0 && <> · {[d.place, placeName(d.facilityId)].filter(Boolean).join(' · ')}</>}
                <dl className="facts compact">
                  {d.agency && (
                    <div>
                      <dt>{s('person.agency')}</dt>
                      <dd>{d.agency}</dd>
                    </div>
                  )}
                  {d.court && (
                    <div>
                      <dt>{s('person.court')}</dt>
                      <dd>{d.court}</dd>
                    </div>
                  )}
                  {d.caseNumber && (
                    <div>
                      <dt>{s('person.caseNumber')}</dt>
                      <dd>{d.caseNumber}</dd>
                    </div>
                  )}
                  <div>
                    <dt>{s('person.charges')}</dt>
                    <dd>{d.charges?.length ? d.charges.map(chargeName).join('; ') : s('person.noCharges')}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="timeline">
        <div className="top">
          <h2 id="timeline">{s('person.timeline')}</h2>
          {may.has('events.write') && eventForm === null && (
            <button type="button" onClick={() => setEventForm('new')}>
              {s('event.add')}
            </button>
          )}
        </div>
        {eventForm === 'new' && (
          <EventForm
            record={record}
            facilities={facilities}
            onDone={() => {
              setEventForm(null);
              setSaved(s('event.saved'));
              reload();
            }}
            onCancel={() => setEventForm(null)}
          />
        )}
        {record.timeline.length === 0 ? (
          <p className="note">{s('person.noEvents')}</p>
        ) : (
          <ol className="timeline">
            {record.timeline.map((event) => (
              <li key={event.id}>
                <div className="top">
                  <span>
                    <time dateTime={event.occurredOn}>{date(event.occurredOn, event.occurredOnPrecision)}</time> —{' '}
                    <strong>{s(`event.kinds.${event.kind}`)}</strong>
                    {event.facilityId && <> · {placeName(event.facilityId)}</>}
                    {event.court && <> · {event.court}</>}
                  </span>
                  {may.has('events.write') && eventForm === null && (
                    <button
                      type="button"
                      className="small"
                      onClick={() => setEventForm(event.id!)}
                      aria-label={`${s('event.correct')}: ${s(`event.kinds.${event.kind}`)} ${event.occurredOn}`}
                    >
                      {s('event.correct')}
                    </button>
                  )}
                </div>
                {event.notes && <p className="hint">{event.notes}</p>}
                {event.measures.length > 0 && (
                  <p>
                    {s('person.measures')}:{' '}
                    {event.measures.map((m) => `${s(`measureKinds.${m.kind}`)}${m.everyDays ? ` (${s('everyDays', { count: m.everyDays })})` : ''}`).join(', ')}
                  </p>
                )}
                {eventForm === event.id && (
                  <EventForm
                    record={record}
                    facilities={facilities}
                    event={event}
                    onDone={() => {
                      setEventForm(null);
                      setSaved(s('event.saved'));
                      reload();
                    }}
                    onCancel={() => setEventForm(null)}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="sources">
        <h2 id="sources">{s('person.sources')}</h2>
        {record.sources === undefined ? (
          <p className="note">{s('person.sourcesHidden')}</p>
        ) : record.sources.length === 0 ? (
          <p className="note">{s('person.noSources')}</p>
        ) : (
          <ul>
            {record.sources.map((link) => (
              <li key={link.id}>
                <span className={`level level-${link.level}`}>{t(`levels.${link.level}`)}</span> <em>{subjectOf(link)}</em> — {link.source.organisation}:{' '}
                {link.source.url ? (
                  <a href={link.source.url} rel="noreferrer noopener" target="_blank">
                    {link.source.title}
                  </a>
                ) : (
                  link.source.title
                )}
                {link.source.publishedOn && <> ({link.source.publishedOn})</>}
                {link.note && <span className="hint"> — {link.note}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Both versions, field by field, the differences marked; the person chooses. */
function Conflict({ conflict, keepMine, takeTheirs }: { conflict: { mine: PersonFields; theirs: Person }; keepMine: () => void; takeTheirs: () => void }) {
  const { t: s } = useTranslation('staff');
  return (
    <div className="conflict" role="alert" data-testid="conflict">
      <h3>{s('person.conflictTitle')}</h3>
      <p>{s('person.conflictNote')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{s('person.field')}</th>
              <th scope="col">{s('person.mine')}</th>
              <th scope="col">{s('person.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {PERSON_FIELDS.map((name) => {
              const mine = shownValue(conflict.mine, name, s);
              const theirs = shownValue(conflict.theirs, name, s);
              return (
                <tr key={name} className={mine === theirs ? undefined : 'differs'}>
                  <th scope="row">
                    {mine === theirs ? '' : '≠ '}
                    {s(`person.${name}`)}
                  </th>
                  <td>{mine || '—'}</td>
                  <td>{theirs || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" onClick={keepMine}>
          {s('person.keepMine')}
        </button>
        <button type="button" onClick={takeTheirs}>
          {s('person.takeTheirs')}
        </button>
      </div>
    </div>
  );
}
