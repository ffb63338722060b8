/**
 * The roles of named accounts. The local administrator (the token in the data folder) is not an
 * account: it may administer everything, but decisions that need a named person — reviewing
 * evidence as a verifier — need an account.
 */
export const ROLES = ['administrator', 'documenter', 'verifier', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A token for scripts: "rct_" and 43 base64url characters (256 random bits). */
export const ACCOUNT_TOKEN_PATTERN = /^rct_[A-Za-z0-9_-]{43}$/;

/** Roles that must sign in with a second factor (TOTP): they decide what is published and verified. */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['administrator', 'verifier'];

/** A web session's cookie: the "__Host-" form over HTTPS (bound to the host, Secure, path /). */
export const SESSION_COOKIE = { secure: '__Host-recuento_session', plain: 'recuento_session' } as const;
/** The header that carries a session's CSRF token on every request that changes something. */
export const CSRF_HEADER = 'x-csrf-token';
