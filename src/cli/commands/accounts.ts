/**
 * recuento user: named accounts with a role, each with API tokens for scripts and the API. A
 * token is printed once, when made; the database keeps only its SHA-256.
 */
import type { Command } from 'commander';
import { hashToken, newAccountToken } from '../../io/account-tokens.js';
import { AppError } from '../../shared/app-error.js';
import { ROLES } from '../../shared/roles.js';
import { createAccount, findAccountByName, insertToken, listAccounts, listTokens, revokeToken } from '../../store/accounts.js';
import { withStore } from '../context.js';
import { usage } from './data.js';

const DATA_OPTION = ['-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)'] as const;

export function registerAccountCommands(program: Command): void {
  const user = program.command('user').description('named accounts (administrator, documenter, verifier, analyst, viewer) and their API tokens');

  user
    .command('add <name>')
    .description('make an account and print its first API token (shown once)')
    .requiredOption('-r, --role <role>', ROLES.join(' | '))
    .option(...DATA_OPTION)
    .action(async (name: string, options: { role: string; data?: string }) => {
      if (!(ROLES as readonly string[]).includes(options.role)) throw usage(`--role must be one of ${ROLES.join(', ')}`);
      await withStore(options, async ({ store }) => {
        const account = await createAccount(store.db, { name, role: options.role });
        const token = newAccountToken();
        await insertToken(store.db, { accountId: account.id, tokenHash: hashToken(token), label: 'first token' });
        process.stderr.write(`Account "${account.name}" (${account.role}) made. Its API token, shown this once:\n`);
        process.stdout.write(`${token}\n`);
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
              `  token ${t.id}  ${t.label}  made ${t.createdAt.slice(0, 10)}${t.revokedAt ? `  revoked ${t.revokedAt.slice(0, 10)}` : ''}\n`,
            );
        }
      });
    });

  user
    .command('token <name>')
    .description('make another API token for an account (shown once)')
    .option('-l, --label <text>', 'what the token is for', 'script')
    .option(...DATA_OPTION)
    .action(async (name: string, options: { label: string; data?: string }) => {
      await withStore(options, async ({ store }) => {
        const account = await findAccountByName(store.db, name);
        if (!account) throw new AppError('not_found', 'no account', { publicMessage: `No account named "${name}" ("recuento user list" shows them).` });
        const token = newAccountToken();
        await insertToken(store.db, { accountId: account.id, tokenHash: hashToken(token), label: options.label });
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
