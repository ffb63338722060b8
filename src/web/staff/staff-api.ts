/**
 * The staff screens' calls to the documented API (/api/docs), nothing private. Names travel only
 * in request bodies (search is a POST); URLs carry opaque ids and vocabulary filters.
 */
import type { Detention, Facility, Measure, Offence, Person, PersonFields, Source, SourceLink, TimelineEvent } from '../../shared/schemas.js';
import { call } from '../session-api.js';

export type PersonListItem = Person & { statusLevel: string };
export type PersonPage = { items: PersonListItem[]; total: number; limit: number; offset: number };

/** Filters carry no personal data, so they may sit in the address bar. */
export type PersonFilters = {
  status?: string;
  facilityId?: string;
  protestWave?: string;
  occupationGroup?: string;
  level?: string;
  consent?: string;
};

export function listPersons(filters: PersonFilters, q: string, limit: number, offset: number): Promise<PersonPage> {
  if (q.trim()) return call<PersonPage>('POST', '/api/persons/search', { ...filters, q: q.trim(), limit, offset });
  const query = new URLSearchParams({ ...filters, limit: String(limit), offset: String(offset) });
  return call<PersonPage>('GET', `/api/persons?${query}`);
}

export type PersonRecord = {
  person: Person;
  detentions: Detention[];
  timeline: (TimelineEvent & { measures: Measure[] })[];
  sources?: (SourceLink & { source: Source })[];
};

export const personRecord = (id: string) => call<PersonRecord>('GET', `/api/persons/${encodeURIComponent(id)}/record`);
export const getPerson = (id: string) => call<Person>('GET', `/api/persons/${encodeURIComponent(id)}`);
export const createPerson = (fields: PersonFields) => call<Person>('POST', '/api/persons', fields);
/** Saves over the version read (`updatedAt`): if the person changed since, the API answers 412 stale_version. */
export const updatePerson = (id: string, patch: Partial<PersonFields>, version: string) =>
  call<Person>('PATCH', `/api/persons/${encodeURIComponent(id)}`, patch, { 'if-match': `"${version}"` });

export type EventFields = Omit<TimelineEvent, 'id' | 'seq' | 'personId'>;
export const addEvent = (personId: string, fields: EventFields) => call<TimelineEvent>('POST', '/api/events', { ...fields, personId });
export const correctEvent = (id: string, fields: Partial<EventFields>) => call<TimelineEvent>('PATCH', `/api/events/${encodeURIComponent(id)}`, fields);

/** Reference data (facilities, offences), read once per page load; a failure is tried again next time. */
function once<T>(url: string): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => {
    answer ??= call<T>('GET', url).catch((error: unknown) => {
      answer = undefined;
      throw error;
    });
    return answer;
  };
}
export const facilities = once<Facility[]>('/api/facilities');
export const offences = once<Offence[]>('/api/offences');
