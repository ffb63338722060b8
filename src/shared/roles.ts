/**
 * The roles of named accounts. The local administrator (the token in the data folder) is not an
 * account: it may administer everything, but decisions that need a named person — reviewing
 * evidence as a verifier — need an account.
 */
export const ROLES = ['administrator', 'documenter', 'verifier', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A token for scripts: "rct_" and 43 base64url characters (256 random bits). */
export const ACCOUNT_TOKEN_PATTERN = /^rct_[A-Za-z0-9_-]{43}$/;
