/**
 * Authorization lives here and only here. Every route names one action; a hook in
 * app.ts refuses to register a route without one and checks it on every request.
 * Record-level rules (which persons an actor may see, and which of their fields) are
 * the functions below, called by the routes that present records.
 *
 * Two actors exist for now: the anonymous public and the local administrator (a token
 * kept in the data folder). Roles for documenters, verifiers and analysts come with the
 * account system.
 */
import type { Consent } from '../../domain/registry/vocabulary.js';
import type { Role } from '../../shared/roles.js';
import type { Person, PublicPerson } from '../../shared/schemas.js';

export type Actor = { kind: 'public' } | { kind: 'admin' } | { kind: 'account'; id: string; name: string; role: Role };

const hasRole = (actor: Actor, roles: readonly Role[]) => actor.kind === 'account' && roles.includes(actor.role);
const anyone = () => true;
const adminOnly = (actor: Actor) => actor.kind === 'admin' || hasRole(actor, ['administrator']);
/** Everyone who works on the registry (not viewers). */
const staff = (actor: Actor) => adminOnly(actor) || hasRole(actor, ['documenter', 'verifier', 'analyst']);
const documenters = (actor: Actor) => adminOnly(actor) || hasRole(actor, ['documenter', 'verifier']);
/** A review is a named person's judgement: the shared local token cannot give one. */
const namedVerifiers = (actor: Actor) => hasRole(actor, ['verifier', 'administrator']);

/** Every action a route may perform, and who may perform it. */
export const POLICIES = {
  'health.read': anyone,
  'docs.read': anyone,
  'persons.read': anyone, // record-level: visiblePersonConsent(); field-level: presentPerson()
  'persons.write': adminOnly,
  'persons.merge': adminOnly, // duplicates show names and cédulas side by side
  'casefile.read': adminOnly, // detentions, events and measures in full: courts, case numbers, notes
  'detentions.write': adminOnly,
  'events.write': adminOnly,
  'measures.write': adminOnly,
  'facilities.read': anyone,
  'facilities.write': adminOnly,
  'offences.read': anyone,
  'offences.write': adminOnly,
  'sources.read': adminOnly, // a source can expose who informed: staff only
  'sources.write': adminOnly,
  'claims.read': anyone,
  'claims.write': adminOnly,
  'counts.read': anyone, // scoped by countScope()
  'imports.write': adminOnly,
  'reconciliations.read': adminOnly, // lists and candidates carry names
  'reconciliations.write': adminOnly,
  'exports.read': anyone, // public exports honour consent
  'rules.read': anyone, // the law and its drafts are public
  'eligibility.evaluate': anyone, // evaluates the facts the caller sends; reads and stores nothing
  'eligibility.read': adminOnly, // runs and comparisons over the registry show each person's outcome
  'eligibility.run': adminOnly,
  'log.read': anyone, // the transparency log is public by design: names only of persons whose consent is public
  'log.cosign': anyone, // a cosignature authenticates itself: only registered witnesses' valid signatures are kept
  'log.publish': adminOnly,
  'log.witnesses': adminOnly,
  'log.receipts': adminOnly, // a receipt holds the salt and the person's details
  'evidence.read': staff, // documents and testimony: never public
  'evidence.write': documenters,
  'verification.read': staff,
  'verification.review': namedVerifiers, // four eyes need two named persons
  'accounts.manage': adminOnly,
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
