/** The duplicates screen's words (namespace "staff", key "duplicates"), Spanish first. */
import i18next from 'i18next';

const es = {
  title: 'Duplicados',
  intro:
    'Registros que pueden ser la misma persona, los más probables primero. Fusionar conserva todo lo de ambos (identificadores, detenciones, eventos, fuentes) en el registro que se conserva, y se puede deshacer.',
  compared: 'Se compararon {{count}} pares de registros.',
  least: 'Probabilidad mínima',
  none: 'Ningún par llega a esa probabilidad.',
  pair: 'Par {{n}}: {{probability}}',
  field: 'Campo',
  a: 'Registro A',
  b: 'Registro B',
  keepA: 'Conservar A y fusionar B en él',
  keepB: 'Conservar B y fusionar A en él',
  twoCedulas:
    'Los dos registros tienen cédulas distintas: son dos personas, salvo que una cédula esté mal anotada. Corríjala primero, o fusione igualmente si está seguro.',
  force: 'Fusionar igualmente',
  cancel: 'Cancelar',
  merged: 'Fusionados: se conservó un registro y el otro quedó dentro de él.',
  undone: 'Fusión deshecha: el registro volvió con todo lo que tenía.',
  done: 'Fusiones hechas',
  noneDone: 'Aún no se ha fusionado nada.',
  kept: 'Registro conservado',
  by: 'Quién',
  when: 'Cuándo',
  undo: 'Deshacer',
  why: 'Por qué parecen la misma persona',
  weights: 'El peso de cada campo, del punto de partida al total',
  open: 'Abrir ficha',
};

const en: typeof es = {
  title: 'Duplicates',
  intro:
    'Records that may be the same person, most likely first. Merging keeps everything of both (identifiers, detentions, events, sources) in the record kept, and can be undone.',
  compared: '{{count}} pairs of records were compared.',
  least: 'Lowest probability',
  none: 'No pair reaches that probability.',
  pair: 'Pair {{n}}: {{probability}}',
  field: 'Field',
  a: 'Record A',
  b: 'Record B',
  keepA: 'Keep A and merge B into it',
  keepB: 'Keep B and merge A into it',
  twoCedulas:
    'The two records carry different cédulas: they are two people, unless a cédula was recorded wrongly. Correct it first, or merge anyway if you are sure.',
  force: 'Merge anyway',
  cancel: 'Cancel',
  merged: 'Merged: one record kept, the other now inside it.',
  undone: 'Merge undone: the record came back with everything it had.',
  done: 'Merges done',
  noneDone: 'Nothing has been merged yet.',
  kept: 'Record kept',
  by: 'Who',
  when: 'When',
  undo: 'Undo',
  why: 'Why they look like one person',
  weights: "Each field's weight, from the starting point to the total",
  open: 'Open record',
};

i18next.addResourceBundle('es', 'staff', { duplicates: es }, true);
i18next.addResourceBundle('en', 'staff', { duplicates: en }, true);
