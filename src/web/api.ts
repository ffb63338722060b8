/** Typed calls to the public API. */
import type { Claim, ShownCountRow } from '../shared/schemas.js';

export type CountsResponse = { by: string; counted: string[]; includesSynthetic: boolean; rows: ShownCountRow[] };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${response.status}`);
  return (await response.json()) as T;
}

export const fetchClaims = (metric: string) => getJson<Claim[]>(`/api/claims?metric=${encodeURIComponent(metric)}`);
export const fetchCounts = (query: string) => getJson<CountsResponse>(`/api/counts?${query}`);

export type ActCountsResponse = {
  by: string;
  asOf: string;
  definition: { es: string; en: string };
  cells: { key: string; label: string; persons: number; levels: Record<string, number | null>; span?: { from: string; to: string } }[];
  persons?: number | null;
};
export const fetchActCounts = (by: string) => getJson<ActCountsResponse>(`/api/acts/counts?by=${encodeURIComponent(by)}`);
