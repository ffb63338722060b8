/**
 * Search keys for names: case-, accent- and punctuation-blind, so "María José Pérez"
 * is found by "maria jose perez" or "PEREZ". Computed in the application and stored,
 * because PostgreSQL's unaccent is not IMMUTABLE and cannot back an index directly.
 */

/**
 * Lower-cases, strips diacritics (ñ → n too: people type "Munoz" for "Muñoz") and
 * collapses punctuation and spacing.
 */
export function normalizeForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The full name as one search key: given names, surnames and aliases. */
export function buildNameSearchKey(person: { givenNames: string; firstSurname: string; secondSurname?: string | null; aliases?: readonly string[] }): string {
  const parts = [person.givenNames, person.firstSurname, person.secondSurname ?? '', ...(person.aliases ?? [])];
  return normalizeForSearch(parts.join(' '));
}
