/**
 * Accounts, for administrators: who has which role; make an account (with a first password for the
 * web, and its first API token shown once); and what to do when something goes wrong — end an
 * account's sessions, remove a lost second factor, set a new password, disable it. Every change is
 * in the audit trail.
 */
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/roles.js';
import type { ApiProblem } from '../../session-api.js';
import { ApiState, asProblem, type Note, Notice, useApi, usePageTitle } from '../ApiState.js';
import {
  type Account,
  createAccount,
  disableAccount,
  endAccountSessions,
  listAccounts,
  newToken,
  resetPassword,
  resetSecondFactor,
  revokeToken,
  tokensOf,
} from '../staff-api.js';
import './words.js';
import { TableWrap } from '../TableWrap.js';

export function AccountsPage() {
  const { t } = useTranslation();
  const { t: s } = useTranslation('staff');
  usePageTitle(s('accounts.title'));
  const [loaded, reload] = useApi(listAccounts, []);
  const [note, setNote] = useState<Note | null>(null);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);

  async function act(work: () => Promise<string>) {
    setToken(null);
    try {
      setNote({ ok: true, text: await work() });
      reload();
    } catch (error) {
      setNote({ ok: false, problem: asProblem(error) });
    }
  }

  return (
    <>
      <h1>{s('accounts.title')}</h1>
      <Notice note={note} />
      {token && (
        <div className="conflict" data-testid="first-token">
          <p>{s('accounts.tokenOnce', { name: token.name })}</p>
          <code className="wrap">{token.token}</code>
        </div>
      )}
      <NewAccount
        onMade={(made) => {
          setNote({ ok: true, text: s('accounts.made', { name: made.account.name }) });
          setToken({ name: made.account.name, token: made.token.token });
          reload();
        }}
        onFailed={(problem) => setNote({ ok: false, problem })}
      />
      <h2>{s('accounts.list')}</h2>
      <ApiState loaded={loaded} retry={reload}>
        {(accounts) => (
          <TableWrap>
            <table data-testid="accounts">
              <thead>
                <tr>
                  <th scope="col">{s('accounts.name')}</th>
                  <th scope="col">{s('accounts.role')}</th>
                  <th scope="col">{s('accounts.since')}</th>
                  <th scope="col">{s('accounts.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <Row key={a.id} account={a} act={act} roleName={t(`roles.${a.role}`)} />
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </ApiState>
    </>
  );
}

function Row({ account: a, act, roleName }: { account: Account; act: (work: () => Promise<string>) => Promise<void>; roleName: string }) {
  const { t: s, i18n } = useTranslation('staff');
  const [password, setPassword] = useState<string | null>(null);
  const [tokens, setTokens] = useState(false);
  const confirmThen = (question: string, work: () => Promise<string>) => () => {
    if (window.confirm(question)) void act(work);
  };
  return (
    <>
      <tr data-testid="account-row">
        <th scope="row">{a.name}</th>
        <td>{roleName}</td>
        <td>
          {new Date(a.createdAt).toLocaleDateString(i18n.language)}
          {a.disabledAt && <span className="tag">{s('accounts.disabled', { when: new Date(a.disabledAt).toLocaleDateString(i18n.language) })}</span>}
        </td>
        <td>
          {!a.disabledAt && (
            <div className="actions">
              <button
                type="button"
                className="small"
                aria-label={`${s('accounts.endSessions')} (${a.name})`}
                onClick={() => act(async () => s('accounts.ended', { count: (await endAccountSessions(a.id)).ended, name: a.name }))}
              >
                {s('accounts.endSessions')}
              </button>
              <button
                type="button"
                className="small"
                aria-label={`${s('accounts.resetSecondFactor')} (${a.name})`}
                onClick={confirmThen(s('accounts.confirmSecondFactor', { name: a.name }), async () => {
                  await resetSecondFactor(a.id);
                  return s('accounts.secondFactorReset', { name: a.name });
                })}
              >
                {s('accounts.resetSecondFactor')}
              </button>
              {password === null ? (
                <button type="button" className="small" aria-label={`${s('accounts.newPassword')} (${a.name})`} onClick={() => setPassword('')}>
                  {s('accounts.newPassword')}
                </button>
              ) : (
                <form
                  className="inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void act(async () => {
                      await resetPassword(a.id, password);
                      setPassword(null);
                      return s('accounts.passwordSet', { name: a.name });
                    });
                  }}
                >
                  <input
                    type="password"
                    autoComplete="new-password"
                    minLength={12}
                    required
                    aria-label={s('accounts.newPasswordOf', { name: a.name })}
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                  />
                  <button type="submit" className="small">
                    {s('accounts.set')}
                  </button>
                </form>
              )}
              <button
                type="button"
                className="small"
                aria-label={`${s('accounts.disable')} (${a.name})`}
                onClick={confirmThen(s('accounts.confirmDisable', { name: a.name }), async () => {
                  await disableAccount(a.id);
                  return s('accounts.disabledNow', { name: a.name });
                })}
              >
                {s('accounts.disable')}
              </button>
              <button
                type="button"
                className="small"
                aria-expanded={tokens}
                aria-label={`${s('system.tokens')} (${a.name})`}
                onClick={() => setTokens(!tokens)}
              >
                {s('system.tokens')}
              </button>
            </div>
          )}
        </td>
      </tr>
      {tokens && (
        <tr>
          <td colSpan={4}>
            <Tokens account={a} act={act} />
          </td>
        </tr>
      )}
    </>
  );
}

/** An account's API tokens: each with what it is for and its scope, revoked at once; a new one shown once. */
function Tokens({ account, act }: { account: Account; act: (work: () => Promise<string>) => Promise<void> }) {
  const { t: s, i18n } = useTranslation('staff');
  const [loaded, reload] = useApi(() => tokensOf(account.id), [account.id]);
  const [label, setLabel] = useState('');
  const [made, setMade] = useState<string | null>(null);
  return (
    <div className="boxed" data-testid="tokens">
      <ApiState loaded={loaded} retry={reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="note">{s('system.noTokens')}</p>
          ) : (
            <ul>
              {list.map((token) => (
                <li key={token.id}>
                  {token.label} · {s('system.scopes')}: {token.scopes.join(', ')} · {new Date(token.createdAt).toLocaleDateString(i18n.language)}
                  {token.revokedAt ? (
                    <span className="tag">{s('system.revoked', { when: new Date(token.revokedAt).toLocaleDateString(i18n.language) })}</span>
                  ) : (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="small"
                        aria-label={`${s('system.revoke')}: ${token.label}`}
                        onClick={() => {
                          if (!window.confirm(s('system.confirmRevoke', { label: token.label }))) return;
                          void act(async () => {
                            await revokeToken(token.id);
                            reload();
                            return s('system.revokedDone');
                          });
                        }}
                      >
                        {s('system.revoke')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </ApiState>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            setMade((await newToken(account.id, label.trim())).token);
            setLabel('');
            reload();
            return s('system.madeToken');
          });
        }}
      >
        <label>
          {s('system.label')} <input required maxLength={100} value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>{' '}
        <button type="submit" className="small">
          {s('system.newToken')}
        </button>
      </form>
      {made && (
        <p>
          {s('system.madeToken')} <code data-testid="new-token">{made}</code>
        </p>
      )}
    </div>
  );
}

function NewAccount({ onMade, onFailed }: { onMade: (made: Awaited<ReturnType<typeof createAccount>>) => void; onFailed: (problem: ApiProblem) => void }) {
  const { t } = useTranslation();
  const { t: s } = useTranslation('staff');
  const [name, setName] = useState('');
  const [role, setRole] = useState('documenter');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      onMade(await createAccount(name.trim(), role, password || undefined));
      setName('');
      setPassword('');
    } catch (error) {
      onFailed(asProblem(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="grid-form boxed" onSubmit={submit} data-testid="new-account">
      <h2 className="wide">{s('accounts.new')}</h2>
      <div className="field">
        <label htmlFor="account-name">{s('accounts.name')}</label>
        <input id="account-name" required maxLength={100} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="account-role">{s('accounts.role')}</label>
        <select id="account-role" value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="account-password">{s('accounts.firstPassword')}</label>
        <input
          id="account-password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="actions wide">
        <button type="submit" disabled={busy || !name.trim()}>
          {s('accounts.make')}
        </button>
      </div>
    </form>
  );
}
