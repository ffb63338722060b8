/**
 * Sensitive fields of a person — relatives' contacts, health, address, free-text notes — stored
 * only sealed (AES-256-GCM) with the person's own data key, which is stored wrapped by the master
 * key (kept outside the database). Erasing a person's key leaves ciphertext nobody can open; the
 * erasure itself is recorded (who, when), never what was erased.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table person_keys (
    person_id uuid primary key references persons (id) on delete cascade,
    wrapped text not null check (wrapped like 'rcx1.%'),
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table person_sensitive (
    person_id uuid not null references person_keys (person_id) on delete cascade,
    field text not null check (field in ('relatives', 'health', 'address', 'notes')),
    sealed text not null check (sealed like 'rcx1.%'),
    updated_at timestamptz not null default now(),
    updated_by uuid references accounts (id),
    primary key (person_id, field)
  )`.execute(db);
  await sql`create table erasures (
    person_id uuid primary key,
    erased_at timestamptz not null default now(),
    erased_by uuid references accounts (id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table erasures`.execute(db);
  await sql`drop table person_sensitive`.execute(db);
  await sql`drop table person_keys`.execute(db);
}
