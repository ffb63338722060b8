/**
 * Import mappings kept by name, so that next week's sheet from the same organisation is mapped as
 * this week's was: the case-history mapping (columns, value tables, declarations) as JSON, who saved
 * it last and when. A mapping holds column names, vocabulary and the value tables' keys — cells as a
 * sheet writes them ("Zona 7", "Obstaculización de vías"): no field of a person is ever mapped there,
 * but a key is whatever the cell held. Only what the import reads is kept (the route drops the rest).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table import_mappings (
    name text primary key check (length(name) between 1 and 80),
    mapping jsonb not null,
    updated_by text not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
}
