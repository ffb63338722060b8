/** Reading and checking the whole audit trail, page by page (the API's export and check, and `recuento audit`). */
import { userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import { type AuditRecord, type ChainCheck, GENESIS, verifyChain } from '../domain/audit/chain.js';
import { sha256 } from '../io/node-crypto.js';
import { appendAudit, readAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';

const PAGE = 5000;

/** Every record in order. */
export async function* allAudit(db: Kysely<Database>): AsyncGenerator<AuditRecord> {
  for (let from = 1; ; ) {
    const page = await readAudit(db, from, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    from = page.at(-1)!.seq + 1;
  }
}

/** Checks the whole chain, a page at a time. */
export async function verifyAudit(db: Kysely<Database>): Promise<ChainCheck> {
  let head = GENESIS;
  let checked = 0;
  for (let from = 1; ; ) {
    const page = await readAudit(db, from, PAGE);
    const result = verifyChain(sha256, page, head, from);
    if (!result.ok) return { ...result, checked: checked + result.checked };
    checked += result.checked;
    head = result.head;
    if (page.length < PAGE) return { ok: true, checked, head };
    from = page.at(-1)!.seq + 1;
  }
}

/**
 * Records a command run against the database, as the server records a staff request: who ran it
 * (the operating-system account), the command (never its arguments: they may hold file names,
 * account names or passwords) and its exit code.
 */
export async function auditCommand(db: Kysely<Database>, command: string, exitCode: number): Promise<void> {
  await appendAudit(db, sha256, {
    at: new Date().toISOString(),
    actor: 'command-line',
    actorName: operatingSystemUser(),
    action: `cli.${command.replaceAll(' ', '.')}`,
    method: 'CLI',
    route: `recuento ${command}`,
    targets: [],
    status: exitCode,
    ip: 'local',
  });
}

function operatingSystemUser(): string {
  try {
    return `os:${userInfo().username}`;
  } catch {
    return `os:uid ${process.getuid?.() ?? '?'}`;
  }
}
