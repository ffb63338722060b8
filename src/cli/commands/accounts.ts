/**
 * recuento user: named accounts with a role, a password for the web UI, and API tokens for scripts
 * (scoped, revocable). A token is printed once, when made; the database keeps only its SHA-256.
 */
import type { Command } from 'commander';
import { checkScopes } from '../../server/policies/index.js';
import { AppError } from '../../shared/app-error.js';
import { ROLES, type Role, SECOND_FACTOR_ROLES } from '../../shared/roles.js';
import {
  clearTotp,
  createAccount,
  disableAccount,
  findAccountByName,
  insertToken,
  listAccounts,
  listTokens,
  revokeToken,
  setPasswordHash,
} from '../../store/accounts.js';
import type { Store } from '../../store/database.js';
import { hashToken, newAccountToken } from '../../usecases/account-tokens.js';
import { hashNewPassword } from '../../usecases/sign-in.js';
import { withStore } from '../context.js';
import { readNewPassword } from '../secret-input.js';
import { usage } from './data.js';

const DATA_OPTION = ['-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

export function registerAccountCommands(program: Command): void {
  const user = program.command('user').description('named accounts (administrator, documenter, verifier, analyst, viewer) and their API tokens');

  user
    .command('add <name>')
    .description('make an account (the first administrator, too) and print its first API token (shown once)')
    .requiredOption('-r, --role <role>', ROLES.join(' | '))
    .option('--password', 'set a password for the web UI, typed at the terminal (asked twice)')
    .option('--password-stdin', 'set a password for the web UI, read from standard input')
    .option('--scope <scope>', 'limit the first token: "*", "resource.*", "*.verb" or an action (repeatable)', collect, [])
    .option(...DATA_OPTION)
    .action(async (name: string, options: { role: string; password?: boolean; passwordStdin?: boolean; scope: string[]; data?: string }) => {
      if (!(ROLES as readonly string[]).includes(options.role)) throw usage(`--role must be one of ${ROLES.join(', ')}`);
      const scopes = checkScopes(options.scope.length > 0 ? options.scope : undefined, options.role as Role);
      const wantsPassword = options.password || options.passwordStdin;
      const passwordHash = wantsPassword ? await hashNewPassword(await readNewPassword(Boolean(options.passwordStdin)), name) : undefined;
      await withStore(options, async ({ store }) => {
        const account = await createAccount(store.db, { name, role: options.role, passwordHash });
        const token = newAccountToken();
        await insertToken(store.db, { accountId: account.id, tokenHash: hashToken(token), label: 'first token', scopes });
        const secondFactor = SECOND_FACTOR_ROLES.includes(account.role as Role)
          ? ' At the first sign-in to the web UI it must set up an authenticator app.'
          : '';
        process.stderr.write(
          `Account "${account.name}" (${account.role}) made${passwordHash ? ' with a password' : ''}.${secondFactor} Its API token, shown this once:\n`,
        );
        process.stdout.write(`${token}\n`);
      });
    });

  user
    .command('password <name>')
    .description("set or reset an account's password for the web UI (its sessions end)")
    .option('--password-stdin', 'read the password from standard input instead of asking')
    .option(...DATA_OPTION)
    .action(async (name: string, options: { passwordStdin?: boolean; data?: string }) => {
      await withStore(options, async ({ store }) => {
        const account = await accountNamed(store, name);
        await setPasswordHash(store.db, account.id, await hashNewPassword(await readNewPassword(Boolean(options.passwordStdin)), account.name));
        process.stderr.write(`Password of "${account.name}" set; its sessions were ended.\n`);
      });
    });

  user
    .command('reset-2fa <name>')
    .description("remove an account's second factor (a lost phone): it signs in with its password and sets up a new one")
    .option(...DATA_OPTION)
    .action(async (name: string, options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        const account = await accountNamed(store, name);
        await clearTotp(store.db, account.id);
        process.stderr.write(`Second factor of "${account.name}" removed, with its recovery codes; its sessions were ended.\n`);
      });
    });

  user
    .command('disable <name>')
    .description('disable an account: its sessions end and its tokens stop working (its past decisions keep its name)')
    .option(...DATA_OPTION)
    .action(async (name: string, options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        const account = await accountNamed(store, name);
        await disableAccount(store.db, account.id);
        process.stderr.write(`Account "${account.name}" disabled.\n`);
      });
    });

  user
    .command('list')
    .description('the accounts, their roles and tokens (never the tokens themselves)')
    .option(...DATA_OPTION)
    .action(async (options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        for (const account of await listAccounts(store.db)) {
          const tokens = await listTokens(store.db, account.id);
          const live = tokens.filter((t) => !t.revokedAt);
          process.stdout.write(`${account.name}  ${account.role}${account.disabledAt ? '  (disabled)' : ''}  ${live.length} live token(s)\n`);
          for (const t of tokens)
            process.stdout.write(
              `  token ${t.id}  ${t.label}  scopes ${(t.scopes ?? ['*']).join(',')}  made ${t.createdAt.slice(0, 10)}${t.revokedAt ? `  revoked ${t.revokedAt.slice(0, 10)}` : ''}\n`,
            );
        }
      });
    });

  user
    .command('token <name>')
    .description('make another API token for an account (shown once)')
    .option('-l, --label <text>', 'what the token is for', 'script')
    .option('--scope <scope>', 'limit the token: "*", "resource.*", "*.verb" or an action (repeatable; default "*")', collect, [])
    .option(...DATA_OPTION)
    .action(async (name: string, options: { label: string; scope: string[]; data?: string }) => {
      checkScopes(options.scope.length > 0 ? options.scope : undefined);
      await withStore(options, async ({ store }) => {
        const account = await accountNamed(store, name);
        const scopes = checkScopes(options.scope.length > 0 ? options.scope : undefined, account.role as Role);
        const token = newAccountToken();
        await insertToken(store.db, { accountId: account.id, tokenHash: hashToken(token), label: options.label, scopes });
        process.stdout.write(`${token}\n`);
      });
    });

  user
    .command('revoke <token-id>')
    .description('revoke an API token by its id (from "recuento user list")')
    .option(...DATA_OPTION)
    .action(async (id: string, options: { data?: string }) => {
      await withStore(options, async ({ store }) => {
        if (!(await revokeToken(store.db, id))) throw new AppError('not_found', 'no live token', { publicMessage: `No live token ${id}.` });
        process.stdout.write(`Token ${id} revoked.\n`);
      });
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function accountNamed(store: Store, name: string) {
  const account = await findAccountByName(store.db, name);
  if (!account) throw new AppError('not_found', 'no account', { publicMessage: `No account named "${name}" ("recuento user list" shows them).` });
  return account;
}
