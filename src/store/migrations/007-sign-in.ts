/**
 * Signing in: a password (Argon2id hash) and a TOTP second factor (its secret sealed by the master
 * key) on each account, single-use recovery codes (SHA-256), sessions (only the SHA-256 of the
 * cookie's value and of its CSRF token are kept), throttling of failed sign-ins per name and per
 * address, and scopes on API tokens (null: whatever the account's role allows).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts
    add column password_hash text check (password_hash like '$argon2id$%'),
    add column password_changed_at timestamptz,
    add column totp_secret text,
    add column totp_enabled_at timestamptz,
    add column totp_last_step bigint`.execute(db);
  await sql`alter table api_tokens add column scopes text[]`.execute(db);

  await sql`create table recovery_codes (
    id uuid primary key,
    account_id uuid not null references accounts (id),
    code_hash text not null unique check (code_hash ~ '^[0-9a-f]{64}$'),
    made_at timestamptz not null default now(),
    used_at timestamptz
  )`.execute(db);
  await sql`create index recovery_codes_account on recovery_codes (account_id)`.execute(db);

  await sql`create table sessions (
    id_hash text primary key check (id_hash ~ '^[0-9a-f]{64}$'),
    account_id uuid not null references accounts (id),
    csrf_hash text not null check (csrf_hash ~ '^[0-9a-f]{64}$'),
    second_factor_done boolean not null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    ended_at timestamptz,
    ip text not null
  )`.execute(db);
  await sql`create index sessions_account on sessions (account_id) where ended_at is null`.execute(db);

  await sql`create table login_throttle (
    key text primary key check (key ~ '^(name|address):[0-9a-f]{64}$'),
    failures integer not null check (failures >= 1),
    first_failure_at timestamptz not null,
    locked_until timestamptz
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_throttle`.execute(db);
  await sql`drop table sessions`.execute(db);
  await sql`drop table recovery_codes`.execute(db);
  await sql`alter table api_tokens drop column scopes`.execute(db);
  await sql`alter table accounts drop column password_hash, drop column password_changed_at, drop column totp_secret,
    drop column totp_enabled_at, drop column totp_last_step`.execute(db);
}
