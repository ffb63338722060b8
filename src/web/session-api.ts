/**
 * The web session: signing in and out, the CSRF token every change carries, the second factor.
 * The session itself is an HttpOnly cookie the page never sees.
 */
import type { AuditFields } from '../domain/audit/chain.js';
import type { ErrorDetail } from '../shared/app-error.js';

export type SessionInfo = {
  signedIn: boolean;
  account?: { id: string; name: string; role: string };
  secondFactor?: 'done' | 'enrol';
  csrfToken?: string;
  /** The actions this session may perform: what the screens offer. */
  may?: string[];
};

export type ApiProblem = { status: number; code: string; message: string; details: ErrorDetail[] };

let csrfToken: string | undefined;

/** One call to the API as the signed-in person; a refusal is thrown as an ApiProblem. */
export async function call<T>(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; details: ApiProblem['details'] } };
  if (!response.ok) {
    const problem: ApiProblem = {
      status: response.status,
      code: json.error?.code ?? 'internal',
      message: json.error?.message ?? `${response.status}`,
      details: json.error?.details ?? [],
    };
    throw problem;
  }
  return json as T;
}

function remember<T extends { csrfToken?: string }>(answer: T): T {
  if (answer.csrfToken) csrfToken = answer.csrfToken;
  return answer;
}

/** The header that proves a change comes from this page (for uploads sent without `call`). */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

export const currentSession = async () => remember(await call<SessionInfo>('GET', '/api/session'));
export const signIn = async (name: string, password: string, code?: string) =>
  remember(await call<SessionInfo>('POST', '/api/session', { name, password, ...(code ? { code } : {}) }));
export const signOut = async () => {
  await call<void>('DELETE', '/api/session');
  csrfToken = undefined;
};
export const startSecondFactor = () => call<{ secret: string; uri: string }>('POST', '/api/session/second-factor');
export const confirmSecondFactor = async (code: string) =>
  remember(await call<{ recoveryCodes: string[]; csrfToken: string }>('POST', '/api/session/second-factor/confirm', { code }));
export const changePassword = (current: string, next: string) => call<void>('POST', '/api/session/password', { current, next });

export type OpenSession = { ref: string; current: boolean; createdAt: string; lastSeenAt: string; ip: string; secondFactor: boolean };
export const openSessions = () => call<OpenSession[]>('GET', '/api/session/all');
/** Ends one of my other sessions (ref), or all of them; my password is asked again. */
export const endSessions = (password: string, ref?: string) => call<{ ended: number }>('POST', '/api/session/end', { password, ...(ref ? { ref } : {}) });

export function isProblem(error: unknown): error is ApiProblem {
  return typeof error === 'object' && error !== null && 'status' in error && 'code' in error;
}

export type AuditRecord = AuditFields;
/** The audit trail, newest first, a page at a time (administrators). */
export const auditPage = (before?: number) => call<AuditRecord[]>('GET', `/api/audit?limit=50${before ? `&before=${before}` : ''}`);
export const verifyAuditChain = () => call<{ ok: boolean; checked: number; head?: string; seq?: number; reason?: string }>('GET', '/api/audit/verify');
