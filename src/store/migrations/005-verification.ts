/**
 * Named accounts with a role and API tokens (stored as SHA-256 hashes), so that decisions carry
 * who made them and "verified" can demand two different verifiers; evidence items (the files
 * live in the data folder, addressed by their SHA-256) linked to events, detentions and persons;
 * verifiers' reviews and the history of each subject's derived level. Reviews and level changes
 * are never updated or deleted: a correction is a new row. Ids are time-ordered (version 7), so
 * "latest" is the largest id.
 */
import { type Kysely, sql } from 'kysely';

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}

const ROLES = ['administrator', 'documenter', 'verifier', 'analyst', 'viewer'];
const EVIDENCE_KINDS = ['document', 'photo', 'testimony', 'official_list_entry', 'court_record', 'press_report'];
const SUBJECT_KINDS = ['event', 'detention', 'person'];
const LEVELS = ['reported', 'corroborated', 'verified', 'disputed', 'refuted'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table accounts (
    id uuid primary key,
    name text not null unique check (length(name) between 1 and 100),
    role text not null check (${oneOf('role', ROLES)}),
    created_at timestamptz not null default now(),
    disabled_at timestamptz
  )`.execute(db);

  await sql`create table api_tokens (
    id uuid primary key,
    account_id uuid not null references accounts (id),
    token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    label text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`.execute(db);

  await sql`create table evidence (
    id uuid primary key,
    kind text not null check (${oneOf('kind', EVIDENCE_KINDS)}),
    title text not null check (length(title) between 1 and 300),
    sha256 text not null unique check (sha256 ~ '^[0-9a-f]{64}$'),
    media_type text not null,
    size_bytes bigint not null check (size_bytes >= 0),
    source_id uuid references sources (id),
    added_by uuid references accounts (id),
    added_at timestamptz not null default now()
  )`.execute(db);

  await sql`create table evidence_links (
    id uuid primary key,
    evidence_id uuid not null references evidence (id),
    subject_kind text not null check (${oneOf('subject_kind', SUBJECT_KINDS)}),
    subject_id uuid not null,
    linked_by uuid references accounts (id),
    linked_at timestamptz not null default now(),
    unique (evidence_id, subject_kind, subject_id)
  )`.execute(db);
  await sql`create index evidence_links_subject on evidence_links (subject_kind, subject_id)`.execute(db);

  await sql`create table verification_reviews (
    id uuid primary key,
    subject_kind text not null check (${oneOf('subject_kind', SUBJECT_KINDS)}),
    subject_id uuid not null,
    verdict text not null check (${oneOf('verdict', ['confirms', 'disputes', 'refutes'])}),
    reviewer uuid not null references accounts (id),
    evidence_ids uuid[] not null,
    note text,
    reviewed_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index verification_reviews_subject on verification_reviews (subject_kind, subject_id)`.execute(db);

  // changed_by: the account whose action changed the level (null: the local administrator)
  await sql`create table verification_levels (
    id uuid primary key,
    subject_kind text not null check (${oneOf('subject_kind', SUBJECT_KINDS)}),
    subject_id uuid not null,
    level text not null check (${oneOf('level', LEVELS)}),
    previous text check (${oneOf('previous', LEVELS)}),
    independent_sources integer not null,
    cause text not null check (${oneOf('cause', ['evidence', 'source', 'review'])}),
    changed_by uuid references accounts (id),
    changed_at timestamptz not null default now(),
    log_index bigint references log_entries (index)
  )`.execute(db);
  await sql`create index verification_levels_subject on verification_levels (subject_kind, subject_id, id desc)`.execute(db);

  // The level a subject has now: its latest change, or 'reported' when nothing changed it.
  await sql`create view current_verification_levels as
    select distinct on (subject_kind, subject_id) subject_kind, subject_id, level, independent_sources, changed_at
    from verification_levels
    order by subject_kind, subject_id, id desc`.execute(db);

  for (const table of ['verification_reviews', 'verification_levels']) {
    await sql`create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function log_refuse_change()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop view current_verification_levels`.execute(db);
  for (const table of ['verification_levels', 'verification_reviews', 'evidence_links', 'evidence', 'api_tokens', 'accounts']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
