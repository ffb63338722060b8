/**
 * Authorization lives here and only here. Every route names one action; a hook in
 * app.ts refuses to register a route without one and checks it on every request.
 * Record-level rules (which persons an actor may see, and which of their fields) are
 * the functions below, called by the routes that present records.
 *
 * Actors: the anonymous public; the local administrator (a token kept in the data folder);
 * named accounts calling with an API token, each with one role:
 * - administrator: everything, including accounts, publication and witnesses;
 * - documenter: enters and corrects records, sources, claims, imports, evidence, reconciles lists;
 * - verifier: what a documenter does, and reviews evidence (four eyes), merges records, gives receipts;
 * - analyst (legal): reads case files, sources, evidence and verification, runs eligibility;
 * - viewer: reads case files, nothing else beyond what the public sees.
 * The expected matrix is written out, action by action and role by role, in
 * src/server/authorization-matrix.test.ts, which calls every route as every actor.
 */
import type { Consent } from '../../domain/registry/vocabulary.js';
import type { Role } from '../../shared/roles.js';
import type { Person, PublicPerson } from '../../shared/schemas.js';

export type Actor = { kind: 'public' } | { kind: 'admin' } | { kind: 'account'; id: string; name: string; role: Role };

const anyone = () => true;
/** The administrators (the local one and administrator accounts) and the given roles. */
const roles =
  (...allowed: Role[]) =>
  (actor: Actor) =>
    actor.kind === 'admin' || (actor.kind === 'account' && (actor.role === 'administrator' || allowed.includes(actor.role)));
const administrators = roles();
/** A review is a named person's judgement: the shared local token cannot give one. */
const namedVerifiers = (actor: Actor) => actor.kind === 'account' && (actor.role === 'verifier' || actor.role === 'administrator');

/** Every action a route may perform, and who may perform it. */
export const POLICIES = {
  'health.read': anyone,
  'docs.read': anyone,
  'persons.read': anyone, // record-level: visiblePersonConsent(); field-level: presentPerson()
  'persons.write': roles('documenter', 'verifier'),
  'persons.merge': roles('verifier'), // a merge can hide a person: verifiers, and it can be undone
  'casefile.read': roles('viewer', 'analyst', 'documenter', 'verifier'), // courts, case numbers, notes, identifiers
  'detentions.write': roles('documenter', 'verifier'),
  'events.write': roles('documenter', 'verifier'),
  'measures.write': roles('documenter', 'verifier'),
  'facilities.read': anyone,
  'facilities.write': administrators, // reference data
  'offences.read': anyone,
  'offences.write': administrators, // reference data
  'sources.read': roles('analyst', 'documenter', 'verifier'), // a source can expose who informed
  'sources.write': roles('documenter', 'verifier'),
  'claims.read': anyone,
  'claims.write': roles('documenter', 'verifier'),
  'counts.read': anyone, // scoped by countedPersonConsent()
  'imports.write': roles('documenter', 'verifier'),
  'reconciliations.read': roles('analyst', 'documenter', 'verifier'), // lists and candidates carry names
  'reconciliations.write': roles('documenter', 'verifier'),
  'exports.read': anyone, // public exports honour consent
  'rules.read': anyone, // the law and its drafts are public
  'eligibility.evaluate': anyone, // evaluates the facts the caller sends; reads and stores nothing
  'eligibility.read': roles('analyst', 'documenter', 'verifier'), // runs over the registry show each person's outcome
  'eligibility.run': roles('analyst'),
  'log.read': anyone, // the transparency log is public by design: names only of persons whose consent is public
  'log.cosign': anyone, // a cosignature authenticates itself: only registered witnesses' valid signatures are kept
  'log.publish': administrators, // publishing is the organisation's act
  'log.witnesses': administrators,
  'log.receipts': roles('verifier'), // a receipt holds the salt and the person's details
  'evidence.read': roles('analyst', 'documenter', 'verifier'), // documents and testimony: never public
  'evidence.write': roles('documenter', 'verifier'),
  'verification.read': roles('analyst', 'documenter', 'verifier'),
  'verification.review': namedVerifiers, // four eyes need two named persons
  'accounts.manage': administrators,
  'audit.read': administrators,
} as const satisfies Record<string, (actor: Actor) => boolean>;

export type Action = keyof typeof POLICIES;

/** True when the actor may perform the action. */
export function isAllowed(actor: Actor, action: Action): boolean {
  return POLICIES[action](actor);
}

/** The consent levels whose persons the actor may see individually (undefined: all). */
export function visiblePersonConsent(actor: Actor): readonly Consent[] | undefined {
  return isAllowed(actor, 'casefile.read') ? undefined : ['public'];
}

/** The consent levels whose persons count in the numbers the actor sees. */
export function countedPersonConsent(actor: Actor): readonly Consent[] | undefined {
  return isAllowed(actor, 'casefile.read') ? undefined : ['public', 'aggregate_only'];
}

/** True when the actor may see this person's record at all. */
export function canSeePerson(actor: Actor, person: Pick<Person, 'consent'>): boolean {
  const allowed = visiblePersonConsent(actor);
  return allowed === undefined || allowed.includes(person.consent);
}

/** True when the actor sees every field: identifiers, birth dates, courts, case numbers, sources. */
export function seesStaffFields(actor: Actor): boolean {
  return isAllowed(actor, 'casefile.read');
}

/** The fields of a person the actor may see: all for staff; name, group and status for the public. */
export function presentPerson(actor: Actor, person: Person): Person | PublicPerson {
  if (seesStaffFields(actor)) return person;
  return {
    id: person.id,
    givenNames: person.givenNames,
    firstSurname: person.firstSurname,
    secondSurname: person.secondSurname,
    occupationGroup: person.occupationGroup,
    status: person.status,
    synthetic: person.synthetic,
  };
}

/** Who did it, as recorded beside a decision: an account's name, or the local administrator. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'account' ? actor.name : actor.kind === 'admin' ? 'local administrator' : 'anonymous';
}

/** The account an action is recorded against (null: the local administrator). */
export function doerOf(actor: Actor): { accountId: string | null } {
  return { accountId: actor.kind === 'account' ? actor.id : null };
}
