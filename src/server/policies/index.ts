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
import { AppError } from '../../shared/app-error.js';
import type { Role } from '../../shared/roles.js';
import { type Person, type PublicPerson, SENSITIVE_FIELDS, type SensitiveField } from '../../shared/schemas.js';

export type Actor =
  | { kind: 'public' }
  | { kind: 'admin' }
  | {
      kind: 'account';
      id: string;
      name: string;
      role: Role;
      /** A script's API token, or a person's web session. */
      via?: 'token' | 'session';
      /** A token's scopes (undefined: whatever the role allows). */
      scopes?: readonly string[] | undefined;
      /** The session's id hash (to end it, or keep it when the password changes). */
      sessionHash?: string;
      /** Signed in with a password, but the role's second factor is not set up yet. */
      secondFactorPending?: boolean;
    };

const anyone = () => true;
/** The administrators (the local one and administrator accounts) and the given roles. */
const roles =
  (...allowed: Role[]) =>
  (actor: Actor) =>
    actor.kind === 'admin' || (actor.kind === 'account' && (actor.role === 'administrator' || allowed.includes(actor.role)));
const administrators = roles();
/** Named accounts with one of the given roles only: not administrators, not the shared local token. */
const namedRoles =
  (...allowed: Role[]) =>
  (actor: Actor) =>
    actor.kind === 'account' && allowed.includes(actor.role);
/** A review is a named person's judgement: the shared local token cannot give one. */
const namedVerifiers = (actor: Actor) => actor.kind === 'account' && (actor.role === 'verifier' || actor.role === 'administrator');

/** Every action a route may perform, and who may perform it. */
export const POLICIES = {
  'health.read': anyone,
  'docs.read': anyone,
  'site.read': anyone, // the public site's pages: what the public may see, nothing more
  'reports.submit': anyone, // a report of a detention through the public form: kept, never published
  'reportstatus.read': anyone, // a reporter's follow-up: by its code only, the status only
  'reports.triage': namedRoles('documenter', 'verifier'), // reports name persons and tell accounts: named persons accept, link, reject
  'reports.contact': namedRoles('documenter', 'verifier'), // a reporter's contact, read by a named person (audited)
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
  'reconciliations.delete': administrators, // a stored list and its reviewers' decisions, gone (audited)
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
  'acts.read': roles('analyst', 'documenter', 'verifier'), // acts in custody: kinds, dates, places, agencies — no account
  'acts.write': roles('documenter', 'verifier'),
  'testimonies.read': namedRoles('documenter', 'verifier', 'analyst'), // an act's account, named perpetrators and evidence; never administrators; every read audited
  'testimonies.write': namedRoles('documenter', 'verifier'), // writing or clearing an account: named persons who take testimony
  'sensitive.read': namedRoles('documenter', 'verifier', 'analyst'), // field-level: sensitiveFieldsFor(); every read audited
  'sensitive.write': namedRoles('documenter', 'verifier'),
  'sensitive.erase': administrators, // crypto-erasure: irreversible
  'session.signin': anyone, // throttled; every attempt is audited
  'session.read': anyone, // who is signed in: one's own session (not audited: it says nothing new)
  'session.signout': anyone,
  'session.self': (actor: Actor) => actor.kind === 'account' && actor.via === 'session', // one's own password and second factor
  'accounts.manage': administrators,
  'audit.read': administrators,
  'backups.create': administrators, // a copy of everything (sealed): the organisation's act
} as const satisfies Record<string, (actor: Actor) => boolean>;

export type Action = keyof typeof POLICIES;

export const ACTIONS = Object.keys(POLICIES) as Action[];

/**
 * True when the actor may perform the action: the role allows it, and a token's scopes include
 * it. Until a second factor its role needs is set up, an account may only set it up (and do what
 * the public may).
 */
export function isAllowed(actor: Actor, action: Action): boolean {
  if (actor.kind === 'account' && actor.secondFactorPending) return action === 'session.self' || POLICIES[action]({ kind: 'public' });
  if (!POLICIES[action](actor)) return false;
  return actor.kind !== 'account' || actor.scopes === undefined || actor.scopes.some((scope) => scopeCovers(scope, action));
}

/** A token scope: "*", a resource ("persons.*"), a verb ("*.read") or one action ("imports.write"). */
export function scopeCovers(scope: string, action: Action): boolean {
  if (scope === '*' || scope === action) return true;
  const [resource, verb] = action.split('.') as [string, string];
  return scope === `${resource}.*` || scope === `*.${verb}`;
}

/** Why a scope is refused (undefined when it names at least one action). */
export function scopeProblem(scope: string): string | undefined {
  if (!/^(\*|[a-z]+\.\*|\*\.[a-z]+|[a-z]+\.[a-z]+)$/.test(scope)) return `"${scope}" is not a scope: use *, resource.*, *.verb or resource.verb`;
  if (!ACTIONS.some((action) => scopeCovers(scope, action))) return `"${scope}" covers no action (see GET /api/session/scopes)`;
  return undefined;
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
  return pickFields(person, PUBLIC_RECORD.person);
}

/**
 * What consent "public" publishes of a person's record, field by field — exactly this, and
 * docs/SECURITY.md ("What consent publishes") says the same (a test compares them). What
 * happened, when and where, as NGOs publish it: never identifiers, birth date, case numbers,
 * courts, notes, sources or the records' own ids.
 */
export const PUBLIC_RECORD = {
  person: ['id', 'givenNames', 'firstSurname', 'secondSurname', 'occupationGroup', 'status', 'synthetic'],
  detention: ['arrestedOn', 'arrestedOnPrecision', 'agency', 'facilityId', 'protestWave', 'charges'],
  event: ['kind', 'occurredOn', 'occurredOnPrecision', 'facilityId', 'measures'],
  measure: ['kind', 'everyDays', 'startsOn', 'endsOn'],
} as const;

/** The listed fields of a value, and no other. */
export function pickFields<T extends object, K extends keyof T>(value: T, fields: readonly K[]): Pick<T, K> {
  return Object.fromEntries(fields.map((field) => [field, value[field]])) as Pick<T, K>;
}

/**
 * The sensitive fields each role may read: those who work with families see everything; legal
 * analysts see health (humanitarian release) and the case notes; administrators and viewers none.
 * Administrators manage accounts and publication, not families' contacts.
 */
const SENSITIVE_READ: Record<Role, readonly SensitiveField[]> = {
  documenter: SENSITIVE_FIELDS,
  verifier: SENSITIVE_FIELDS,
  analyst: ['health', 'notes'],
  administrator: [],
  viewer: [],
};

/** The sensitive fields the actor may read (empty: none). */
export function sensitiveFieldsFor(actor: Actor): readonly SensitiveField[] {
  if (actor.kind !== 'account' || !isAllowed(actor, 'sensitive.read')) return [];
  return SENSITIVE_READ[actor.role];
}

/** Who did it, as recorded beside a decision: an account's name, or the local administrator. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'account' ? actor.name : actor.kind === 'admin' ? 'local administrator' : 'anonymous';
}

/** The account an action is recorded against (null: the local administrator). */
export function doerOf(actor: Actor): { accountId: string | null } {
  return { accountId: actor.kind === 'account' ? actor.id : null };
}

/**
 * Checks scopes; undefined means all the role allows. With the account's role, a scope that
 * gives that role nothing (imports.write for a viewer) is refused rather than kept silently.
 */
export function checkScopes(scopes: readonly string[] | undefined, role?: Role): string[] | null {
  if (!scopes) return null;
  const holder: Actor | null = role ? { kind: 'account', id: '', name: '', role } : null;
  const problems = scopes
    .map((scope) => {
      const problem = scopeProblem(scope);
      if (problem || !holder || scope === '*') return problem;
      const given = ACTIONS.filter((action) => scopeCovers(scope, action) && POLICIES[action](holder));
      return given.length === 0 ? `"${scope}" gives a ${role} nothing: the role may do none of what it covers` : undefined;
    })
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) {
    throw new AppError('validation_failed', 'bad scopes', {
      publicMessage: problems.join('; '),
      details: problems.map((reason) => ({ path: 'scopes', reason })),
    });
  }
  return scopes.includes('*') ? null : [...new Set(scopes)];
}
