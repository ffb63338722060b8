/**
 * Detention centres known to have held political prisoners in Venezuela, shipped as
 * reference data. El Helicoide's closure was announced on 2026-01-30; the registry
 * must then account for every person recorded there.
 */
import type { FacilityKind, FacilityStatus, FacilityStatusChange } from './vocabulary.js';

export type FacilityDefinition = {
  code: string;
  name: string;
  kind: FacilityKind;
  agency: string | null;
  state: string;
  status: FacilityStatus;
  statusSince: string | null;
  /** The dated, sourced changes behind the status (each added once, unless already recorded). */
  statusHistory?: readonly { on: string; status: FacilityStatusChange; citation: string }[];
};

export const KNOWN_FACILITIES: readonly FacilityDefinition[] = [
  {
    code: 'el-helicoide',
    name: 'El Helicoide',
    kind: 'intelligence',
    agency: 'SEBIN',
    state: 'Distrito Capital',
    status: 'closure_announced',
    statusSince: '2026-01-30',
    statusHistory: [
      {
        on: '2026-01-30',
        status: 'closure_announced',
        citation: 'Closure announced by the Government of Venezuela on 30 January 2026 (to become a social and sports centre), as the press reported that day',
      },
    ],
  },
  {
    code: 'sebin-plaza-venezuela',
    name: 'SEBIN Plaza Venezuela ("La Tumba")',
    kind: 'intelligence',
    agency: 'SEBIN',
    state: 'Distrito Capital',
    status: 'open',
    statusSince: null,
  },
  { code: 'dgcim-boleita', name: 'DGCIM Boleíta', kind: 'military', agency: 'DGCIM', state: 'Miranda', status: 'open', statusSince: null },
  {
    code: 'ramo-verde',
    name: 'Centro Nacional de Procesados Militares (Ramo Verde)',
    kind: 'military',
    agency: 'FANB',
    state: 'Miranda',
    status: 'open',
    statusSince: null,
  },
  { code: 'rodeo-i', name: 'Centro Penitenciario Rodeo I', kind: 'prison', agency: 'MPPSP', state: 'Miranda', status: 'open', statusSince: null },
  { code: 'yare-iii', name: 'Centro Penitenciario Yare III', kind: 'prison', agency: 'MPPSP', state: 'Miranda', status: 'open', statusSince: null },
  { code: 'tocoron', name: 'Centro Penitenciario de Aragua (Tocorón)', kind: 'prison', agency: 'MPPSP', state: 'Aragua', status: 'open', statusSince: null },
  {
    code: 'tocuyito',
    name: 'Centro Penitenciario de Carabobo (Tocuyito)',
    kind: 'prison',
    agency: 'MPPSP',
    state: 'Carabobo',
    status: 'open',
    statusSince: null,
  },
  {
    code: 'inof',
    name: 'Instituto Nacional de Orientación Femenina (INOF)',
    kind: 'prison',
    agency: 'MPPSP',
    state: 'Miranda',
    status: 'open',
    statusSince: null,
  },
  { code: 'fenix-lara', name: 'Centro Penitenciario Fénix Lara', kind: 'prison', agency: 'MPPSP', state: 'Lara', status: 'open', statusSince: null },
  { code: 'zona-7-boleita', name: 'Zona 7 PNB Boleíta', kind: 'police', agency: 'PNB', state: 'Miranda', status: 'open', statusSince: null },
];
