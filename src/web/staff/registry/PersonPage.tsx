/**
 * One person's record: identity (corrected with optimistic concurrency: an edit based on an old
 * version is refused and both versions are shown), detentions and charges, the timeline (events
 * added and corrected with their date's precision, facility and court), measures, sources and levels.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Facility, Offence, Person, PersonFields } from '../../../shared/schemas.js';
import type { ApiProblem } from '../../session-api.js';
import { ApiState, asProblem, ProblemText, useApi, usePageTitle } from '../ApiState.js';
import { ReceiptsSection } from '../publish/ReceiptsSection.js';
import { facilities, getPerson, offences, type PersonRecord, personRecord, updatePerson } from '../staff-api.js';
import { TableWrap } from '../TableWrap.js';
import { formatDate } from './dates.js';
import { EventForm } from './EventForm.js';
import { fullName } from './names.js';
import { PERSON_FIELDS, PersonForm, shownValue } from './PersonForm.js';
import { registryAddress } from './PersonsPage.js';
import { SensitiveSection } from './SensitiveSection.js';

export function PersonPage({ may }: { may: ReadonlySet<string> }) {
  const { id = '' } = useParams();
  const [loaded, reload] = useApi(() => personRecord(id), [id]);
  const [places] = useApi(facilities, []);
  const [charges] = useApi(offences, []);
  const { t: s } = useTranslation('staff');
  usePageTitle(s('person.pageTitle'));
  return (
    <>
      <p>
        <Link to={registryAddress()}>{s('person.back')}</Link>
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
  // the version the form was opened on: an edit is sent against it, whatever has been reloaded since
  const [editing, setEditing] = useState<Person | null>(null);
  const [conflict, setConflict] = useState<Conflicting | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const timelineHeading = useRef<HTMLHeadingElement>(null);
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

  /** Sends only the fields changed since the form opened, against that version. */
  async function save(base: Person, fields: PersonFields) {
    const mine = changedFields(base, fields);
    if (Object.keys(mine).length === 0) return closeEditor();
    await send(base, mine, base.updatedAt);
  }

  async function send(base: Person, mine: Partial<PersonFields>, version: string) {
    try {
      await updatePerson(person.id, mine, version);
      closeEditor();
      setSaved(s('person.saved'));
      reload();
    } catch (error) {
      const problem = asProblem(error);
      if (problem.code !== 'stale_version') throw error;
      setConflict({ base, mine, theirs: await getPerson(person.id) });
    }
  }

  function closeEventForm() {
    setEventForm(null);
    setTimeout(() => timelineHeading.current?.focus());
  }

  function closeEditor() {
    setEditing(null);
    setConflict(null);
    setTimeout(() => editButton.current?.focus());
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
            <button type="button" ref={editButton} onClick={() => setEditing(person)}>
              {s('person.edit')}
            </button>
          )}
        </div>
        {conflict ? (
          <Conflict
            conflict={conflict}
            keepMine={() => send(conflict.base, conflict.mine, conflict.theirs.updatedAt)}
            takeTheirs={closeEditor}
            reload={reload}
          />
        ) : editing ? (
          <PersonForm initial={editing} submitLabel={s('person.save')} onSubmit={(fields) => save(editing, fields)} onCancel={closeEditor} />
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
          <h2 id="timeline" ref={timelineHeading} tabIndex={-1}>
            {s('person.timeline')}
          </h2>
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
              closeEventForm();
              setSaved(s('event.saved'));
              reload();
            }}
            onCancel={closeEventForm}
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
                  {may.has('verification.read') && (
                    <Link
                      className="button small"
                      to={`/verificar/event/${event.id}`}
                      aria-label={`${s('person.verify')}: ${s(`event.kinds.${event.kind}`)} ${event.occurredOn}`}
                    >
                      {s('person.verify')}
                    </Link>
                  )}
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
                      closeEventForm();
                      setSaved(s('event.saved'));
                      reload();
                    }}
                    onCancel={closeEventForm}
                  />
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <SensitiveSection key={person.id} personId={person.id} may={may} />
      <ReceiptsSection key={`receipts-${person.id}`} personId={person.id} name={fullName(person)} may={may} />
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

type Conflicting = { base: Person; mine: Partial<PersonFields>; theirs: Person };

/** The fields the form changed from the version it was opened on (a birth date with its precision). */
function changedFields(base: Person, fields: PersonFields): Partial<PersonFields> {
  const changed: Partial<PersonFields> = {};
  for (const name of [...PERSON_FIELDS, 'birthDatePrecision'] as const) {
    if (JSON.stringify(fields[name] ?? null) !== JSON.stringify(base[name] ?? null)) Object.assign(changed, { [name]: fields[name] });
  }
  return changed;
}

/**
 * What changed on each side since the form opened, field by field: keeping mine sends only my
 * changes over the saved version (the other person's changes stay); a field both changed is marked.
 */
function Conflict({
  conflict,
  keepMine,
  takeTheirs,
  reload,
}: {
  conflict: Conflicting;
  keepMine: () => Promise<void>;
  takeTheirs: () => void;
  reload: () => void;
}) {
  const { t: s } = useTranslation('staff');
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const { base, mine, theirs } = conflict;
  const merged = { ...base, ...mine } as Person;
  const rows = PERSON_FIELDS.map((name) => {
    const before = shownValue(base, name, s);
    const now = shownValue(theirs, name, s);
    const changedByMe = name in mine || (name === 'birthDate' && 'birthDatePrecision' in mine);
    return { name, before, mine: changedByMe ? shownValue(merged, name, s) : null, now, theyChanged: before !== now };
  }).filter((r) => r.mine !== null || r.theyChanged);
  return (
    <div className="conflict" data-testid="conflict">
      <h3 ref={heading} tabIndex={-1}>
        {s('person.conflictTitle')}
      </h3>
      <p role="alert">{s('person.conflictNote')}</p>
      <TableWrap>
        <table>
          <thead>
            <tr>
              <th scope="col">{s('person.field')}</th>
              <th scope="col">{s('person.before')}</th>
              <th scope="col">{s('person.mine')}</th>
              <th scope="col">{s('person.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const both = r.mine !== null && r.theyChanged && r.mine !== r.now;
              return (
                <tr key={r.name} className={both ? 'differs' : undefined}>
                  <th scope="row">
                    {both ? '≠ ' : ''}
                    {s(`person.${r.name}`)}
                  </th>
                  <td>{r.before || '—'}</td>
                  <td>{r.mine === null ? <span className="hint">{s('person.unchanged')}</span> : r.mine || '—'}</td>
                  <td>{r.now || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {problem && (
        <div className="error" role="alert">
          <ProblemText problem={problem} />
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await keepMine();
            } catch (error) {
              setProblem(asProblem(error));
            } finally {
              setBusy(false);
            }
          }}
        >
          {s('person.keepMine')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            takeTheirs();
            reload();
          }}
        >
          {s('person.takeTheirs')}
        </button>
      </div>
    </div>
  );
}
