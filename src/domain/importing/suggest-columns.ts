/**
 * First guesses for the import wizard: which column of a sheet holds which field, from the header as
 * NGOs write it ("Fecha de detención", "Centro de reclusión", "C.I."), and how a column writes its
 * dates. Only suggestions: the person confirms or changes each one before anything is read as data.
 */
import type { CaseField } from './case-history.js';
import { foldValue } from './match-vocabulary.js';

/** How headers name each field, folded for case and accents; the field's own name counts too. */
const HEADER_NAMES: Partial<Record<CaseField | 'idColumn', readonly string[]>> = {
  idColumn: ['n', 'no', 'nro', 'numero', 'id', 'codigo', 'external id', 'ficha', 'caso', 'n caso'],
  fullName: ['nombre completo', 'nombre y apellido', 'nombres y apellidos', 'nombre', 'full name', 'name'],
  givenNames: ['nombres', 'primer nombre', 'given names'],
  firstSurname: ['primer apellido', 'apellido paterno', 'apellido', 'apellidos', 'first surname', 'surname'],
  secondSurname: ['segundo apellido', 'apellido materno', 'second surname'],
  aliases: ['alias', 'apodo', 'otros nombres'],
  cedula: ['cedula', 'ci', 'c i', 'cedula de identidad', 'documento', 'documento de identidad', 'cedula id'],
  passport: ['pasaporte', 'passport'],
  nationality: ['nacionalidad', 'nationality', 'pais'],
  sex: ['sexo', 'genero', 'sex', 'gender'],
  birthDate: ['fecha de nacimiento', 'nacimiento', 'birth date', 'date of birth'],
  occupationGroup: ['ocupacion', 'profesion', 'oficio', 'perfil', 'occupation'],
  consent: ['consentimiento', 'consent', 'publicar'],
  arrestDate: ['fecha de detencion', 'fecha detencion', 'fecha de arresto', 'fecha de aprehension', 'detenido el', 'arrest date'],
  arrestPlace: ['lugar de detencion', 'lugar de aprehension', 'lugar de arresto', 'arrest place'],
  agency: ['organismo aprehensor', 'organismo', 'cuerpo aprehensor', 'cuerpo', 'aprehensor', 'agency'],
  facility: ['centro de reclusion', 'lugar de reclusion', 'centro', 'penal', 'carcel', 'recluido en', 'facility'],
  court: ['tribunal', 'juzgado', 'court'],
  caseNumber: ['expediente', 'n de expediente', 'numero de expediente', 'causa', 'case number'],
  charges: ['delitos imputados', 'delitos', 'cargos', 'imputacion', 'imputaciones', 'charges'],
  judgment: ['preso politico', 'es preso politico', 'condicion', 'calificacion', 'judgment'],
  status: ['situacion actual', 'situacion', 'estatus', 'estado actual', 'status'],
  statusDate: ['fecha de situacion', 'fecha de la situacion', 'status date'],
  releaseDate: ['fecha de excarcelacion', 'excarcelado el', 'fecha de liberacion', 'release date'],
  measures: ['medidas cautelares', 'medidas', 'measures'],
  eventKind: ['evento', 'tipo de evento', 'event', 'event kind'],
  eventDate: ['fecha del evento', 'fecha de evento', 'event date'],
};

const fold = (header: string) =>
  foldValue(header)
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** For each field, the first header written as that field is usually written; each header serves one field. */
export function suggestCaseColumns(header: readonly string[]): { idColumn?: string; columns: Partial<Record<CaseField, string>> } {
  const taken = new Set<string>();
  const found: Partial<Record<CaseField | 'idColumn', string>> = {};
  const folded = header.map((h) => [h, fold(h)] as const);
  for (const [field, names] of Object.entries(HEADER_NAMES) as [CaseField | 'idColumn', readonly string[]][]) {
    const wanted = [...names, fold(field.replace(/([A-Z])/g, ' $1'))];
    const hit = folded.find(([h, f]) => !taken.has(h) && wanted.includes(f));
    if (hit) {
      found[field] = hit[0];
      taken.add(hit[0]);
    }
  }
  // a sheet with given names and surnames apart needs no full name
  if (found.fullName && found.givenNames && found.firstSurname) delete found.fullName;
  const { idColumn, ...columns } = found;
  return { ...(idColumn ? { idColumn } : {}), columns };
}

export const DATE_FORMATS = ['dd/mm/yyyy', 'yyyy-mm-dd', 'mm/yyyy', 'yyyy-mm', 'yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
const DATE_PATTERNS: readonly [DateFormat, RegExp][] = [
  ['dd/mm/yyyy', /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/],
  ['yyyy-mm-dd', /^\d{4}-\d{2}-\d{2}$/],
  ['mm/yyyy', /^\d{1,2}[/.-]\d{4}$/],
  ['yyyy-mm', /^\d{4}-\d{2}$/],
  ['yyyy', /^\d{4}$/],
];

/**
 * How a column writes dates: each format its non-empty cells use, most used first, or nothing
 * when fewer than half of them are dates at all.
 */
export function detectDateFormats(values: readonly string[]): DateFormat[] {
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (filled.length === 0) return [];
  const counts = new Map<DateFormat, number>();
  for (const value of filled) {
    const format = DATE_PATTERNS.find(([, pattern]) => pattern.test(value))?.[0];
    if (format) counts.set(format, (counts.get(format) ?? 0) + 1);
  }
  const dated = [...counts.values()].reduce((a, b) => a + b, 0);
  if (dated * 2 < filled.length) return [];
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([format]) => format);
}

/** What a sheet looks like before it is mapped (POST /api/imports/inspect; the import wizard shows it). */
export type FileInspection = {
  format: string;
  encoding: string;
  delimiter: string;
  header: string[];
  rows: number;
  preview: { row: number; cells: string[] }[];
  dateFormats: Record<string, DateFormat[]>;
  suggested: ReturnType<typeof suggestCaseColumns>;
};
