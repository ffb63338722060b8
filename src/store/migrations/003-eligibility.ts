/**
 * Eligibility runs over the registry: which rule set (by id, version and the SHA-256 of its
 * file), which readings, on what date, and each detention's result as it was computed, so
 * that any decision can be re-checked later against the exact text it came from.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table eligibility_runs (
    id uuid primary key default gen_random_uuid(),
    rule_set_id text not null,
    rule_set_version integer not null,
    rule_set_hash text not null check (rule_set_hash ~ '^[0-9a-f]{64}$'),
    variants text[] not null default '{}',
    as_of date not null,
    strict boolean not null,
    covered integer not null,
    excluded integer not null,
    review integer not null,
    created_by text not null,
    created_at timestamptz not null default now()
  )`.execute(db);

  // person_id records whose detention it was at the time (merges move detentions)
  await sql`create table eligibility_results (
    run_id uuid not null references eligibility_runs (id) on delete cascade,
    detention_id uuid not null references detentions (id) on delete cascade,
    person_id uuid not null,
    outcome text not null check (outcome in ('covered', 'excluded', 'review')),
    decisive_rule text,
    decisive_article text,
    result jsonb not null,
    primary key (run_id, detention_id)
  )`.execute(db);
  await sql`create index eligibility_results_person on eligibility_results (person_id)`.execute(db);
  await sql`create index eligibility_results_detention on eligibility_results (detention_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table eligibility_results`.execute(db);
  await sql`drop table eligibility_runs`.execute(db);
}
