/**
 * recuento log: the transparency log. For anyone, with no database and no account: `verify`
 * (checkpoints and their consistency), `prove` (a family's receipt), `witness` (check a
 * server's log and cosign it), `keygen`. For the operator: `status`, `publish-list`,
 * `publish-eligibility`, `receipts`, `witnesses`, `rotate-key`. Formats: docs/TRANSPARENCY.md.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isIsoDate } from '../../domain/registry/parse-date.js';
import { PERSON_STATUSES, type PersonStatus } from '../../domain/registry/vocabulary.js';
import { checkConsistency, checkReceipt, openCheckpoint, type Step } from '../../domain/translog/audit.js';
import { cosign } from '../../domain/translog/cosignature.js';
import { hashLeaf, verifyInclusion } from '../../domain/translog/merkle.js';
import { type Checkpoint, parseNote, type VerifierKey } from '../../domain/translog/signed-note.js';
import { LogClient } from '../../io/log-client.js';
import { createKeyFiles, readKeyFile, readTextFile, readVerifierKeys, rotateLogKey } from '../../io/log-keys.js';
import { ed25519Verify, sha256 } from '../../io/node-crypto.js';
import { AppError } from '../../shared/app-error.js';
import type { Store } from '../../store/database.js';
import { addWitness, commitmentsOfPublication, countEntries, listPublications, listWitnesses } from '../../store/translog.js';
import { publishCounts, publishEligibilityRun, publishList, receiptFor, receiptsOfPerson } from '../../usecases/publish.js';
import { logKeyFor, TransparencyLog, witnessKeyText } from '../../usecases/transparency-log.js';
import { type Target, withStore } from '../context.js';
import { readEnvironment } from '../environment.js';
import { EXIT } from '../exit-codes.js';
import { usage } from './data.js';

type DataOptions = { data?: string };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Prints the steps; true when all passed. */
function printSteps(steps: readonly Step[]): boolean {
  for (const step of steps) process.stdout.write(`${step.ok ? '✓' : '✗'} ${step.check}: ${step.detail}\n`);
  return steps.length > 0 && steps.every((s) => s.ok);
}

function finish(ok: boolean, success: string, failure: string): void {
  process.stdout.write(ok ? `\nOK: ${success}\n` : `\nFAILED: ${failure}\n`);
  if (!ok) process.exitCode = EXIT.failedCheck;
}

/** Opens the log in the data folder's database with its key. */
async function withLog<T>(options: DataOptions, work: (context: { store: Store; log: TransparencyLog; target: Target }) => Promise<T>): Promise<T> {
  return withStore(options, async ({ store, target }) => {
    const { key } = await logKeyFor(store.db, target.dataDir, readEnvironment().RECUENTO_LOG_ORIGIN);
    const log = await TransparencyLog.open(store.db, key);
    return work({ store, log, target });
  });
}

function writeSecretJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export function registerLogCommands(program: Command): void {
  const log = program
    .command('log')
    .description('the signed, append-only transparency log: verify it, prove a receipt, witness it, publish into it (docs/TRANSPARENCY.md)');

  log
    .command('verify')
    .description("check a checkpoint's signature(s), and that it extends an earlier one; no database or account needed")
    .requiredOption('-c, --checkpoint <file>', 'the checkpoint to check (a signed note, as GET /api/log/checkpoint serves it)')
    .option('-p, --previous <file>', 'an earlier checkpoint of the same log: the newer must extend it')
    .option('-k, --key <file|vkey>', "the log's verifier key (repeatable: a log that rotated its key)", collect, [])
    .option('-w, --witness-key <file|vkey>', "a witness's verifier key whose cosignature to check (repeatable)", collect, [])
    .option('--witnesses <n>', 'how many of the given witnesses must have cosigned (default: 0)', '0')
    .option('-s, --server <url>', 'fetch the consistency proof from this server, and check the newest checkpoint it serves extends yours')
    .action(async (options: { checkpoint: string; previous?: string; key: string[]; witnessKey: string[]; witnesses: string; server?: string }) => {
      if (options.key.length === 0) throw usage('--key is required: the verifier key of the log, as published by its operator (GET /api/log/key)');
      const required = Number(options.witnesses);
      if (!Number.isInteger(required) || required < 0) throw usage('--witnesses must be a whole number');
      const logKeys = readVerifierKeys(options.key, 'log', '--key');
      const witnessKeys = readVerifierKeys(options.witnessKey, 'witness', '--witness-key');
      const client = options.server ? new LogClient(options.server) : null;
      const steps: Step[] = [];
      const ok = await verifyCheckpoints(options, logKeys, witnessKeys, required, client, steps);
      finish(printSteps(steps) && ok, 'every signature and proof holds.', 'see the line marked ✗ above.');
    });

  log
    .command('prove')
    .description("check a family's receipt: the person is on the list the log published, and the log still holds it; no database or account needed")
    .requiredOption('-r, --receipt <file>', 'the receipt (JSON) given to the family')
    .option('-k, --key <file|vkey>', "the log's verifier key (repeatable)", collect, [])
    .option('-w, --witness-key <file|vkey>', "a witness's verifier key whose cosignature to check (repeatable)", collect, [])
    .option('-s, --server <url>', 'also check against the newest checkpoint this server serves: the entry is still there, the log was not rewritten')
    .action(async (options: { receipt: string; key: string[]; witnessKey: string[]; server?: string }) => {
      if (options.key.length === 0) throw usage('--key is required: the verifier key of the log, as published by its operator (GET /api/log/key)');
      const logKeys = readVerifierKeys(options.key, 'log', '--key');
      const witnessKeys = readVerifierKeys(options.witnessKey, 'witness', '--witness-key');
      let receipt: unknown;
      try {
        receipt = JSON.parse(readTextFile(options.receipt, '--receipt'));
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('validation_failed', 'receipt not json', {
          publicMessage: `--receipt ${options.receipt} is not JSON: the file is damaged or not a receipt.`,
        });
      }
      const result = checkReceipt(sha256, receipt, logKeys, witnessKeys, ed25519Verify);
      let ok = result.ok;
      if (ok && options.server && result.checkpoint && result.leafHash) {
        ok = await proveAgainstServer(
          new LogClient(options.server),
          receipt as { leafIndex: number; entry: string },
          result.checkpoint,
          result.leafHash,
          logKeys,
          witnessKeys,
          result.steps,
        );
      }
      const allOk = printSteps(result.steps) && ok;
      const subject = result.subject as { name?: string; status?: string; list?: string; level?: string; outcome?: string } | null;
      const what = subject?.list
        ? `${subject.name ?? 'the person'} is on the published list${subject.status ? ` (${subject.status})` : ''}`
        : subject?.outcome
          ? `the eligibility result (${subject.outcome}) was published`
          : `the verification decision (level ${subject?.level ?? 'unknown'}) was published`;
      finish(allOk, `${what}, and the log proves it.`, 'the receipt does not prove what it claims; see the line marked ✗ above.');
    });

  log
    .command('witness')
    .description("witness a server's log: check its newest checkpoint is signed and extends the last one you cosigned, then cosign it")
    .requiredOption('-s, --server <url>', 'the Recuento server')
    .requiredOption('--log-key <file|vkey>', "the log's verifier key, obtained from its operator out of band (not from the server)")
    .requiredOption('-k, --key <file>', 'your witness signing key (made with `recuento log keygen --witness`)')
    .option('--state <file>', 'where the last cosigned checkpoint is kept (default: witness-<key name>.checkpoint beside --key)')
    .option('--every <seconds>', 'keep watching: check and cosign again every so many seconds')
    .action(async (options: { server: string; logKey: string; key: string; state?: string; every?: string }) => {
      const logKeys = readVerifierKeys([options.logKey], 'log', '--log-key');
      const witness = readKeyFile(options.key, 'witness');
      const state = options.state ?? join(options.key, '..', `witness-${witness.name.replace(/[^A-Za-z0-9.-]+/g, '_')}.checkpoint`);
      const client = new LogClient(options.server);
      const every = options.every === undefined ? null : Number(options.every);
      if (every !== null && (!Number.isFinite(every) || every < 1)) throw usage('--every must be a number of seconds, at least 1');
      for (;;) {
        const ok = await witnessOnce(client, logKeys, witness, state);
        if (!ok) process.exitCode = EXIT.failedCheck;
        if (every === null || !ok) return;
        await new Promise((resolve) => setTimeout(resolve, every * 1000));
      }
    });

  log
    .command('keygen')
    .description('make a key pair: a witness key (--witness), or a log key for a server set up by hand')
    .requiredOption('-n, --name <name>', 'the key name: a schema-less URL naming you, e.g. witness.example.org/recuento')
    .requiredOption('-o, --out <file>', 'the private key file to write (mode 0600); the verifier key goes to <file>.pub')
    .option('--witness', 'a witness key (cosignatures)', false)
    .action((options: { name: string; out: string; witness: boolean }) => {
      const key = createKeyFiles(options.out, `${options.out}.pub`, options.name, options.witness ? 'witness' : 'log');
      process.stdout.write(`${key.verifierKeyText}\n`);
      process.stderr.write(`Private key in ${options.out} (keep it secret); verifier key above and in ${options.out}.pub (give it out).\n`);
    });

  log
    .command('status')
    .description('the log in this data folder: size, origin, verifier key, publications, witnesses')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: DataOptions) => {
      await withLog(options, async ({ store, log: opened }) => {
        const { size, cosignatures } = await opened.checkpoint();
        const publications = await listPublications(store.db, 10);
        const witnesses = await listWitnesses(store.db);
        process.stdout.write(
          `Log ${opened.origin}: ${await countEntries(store.db)} entries, newest checkpoint at ${size} (${cosignatures} cosignature${cosignatures === 1 ? '' : 's'})\n` +
            `Verifier key: ${opened.verifierKey}\n` +
            `Witnesses: ${witnesses.length === 0 ? 'none' : witnesses.map((w) => w.name).join(', ')}\n` +
            `Latest publications:\n${publications.map((p) => `  ${p.createdAt.slice(0, 10)}  ${p.kind.padEnd(11)} ${String(p.entries).padStart(7)} entries from ${p.firstIndex}  ${p.title}`).join('\n') || '  none'}\n`,
        );
      });
    });

  log
    .command('publish-list')
    .description('publish the persons with a status as a list: named when their consent is public, otherwise as a commitment with a receipt for the family')
    .requiredOption('-t, --title <text>', 'the title of the list')
    .option('--status <statuses>', `whose list, comma-separated: ${PERSON_STATUSES.join(', ')}`, 'released,released_with_measures')
    .option('--level <level>', 'only persons whose status rests on an event at this verification level or better: reported, corroborated, verified')
    .option('--as-of <yyyy-mm-dd>', 'the date the list speaks of (default: today)')
    .option('--receipts <dir>', "write each committed person's receipt into this folder (<person id>.receipt.json, mode 0600)")
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: DataOptions & { title: string; status: string; level?: string; asOf?: string; receipts?: string }) => {
      const statuses = options.status.split(',').map((s) => s.trim());
      const unknown = statuses.filter((s) => !(PERSON_STATUSES as readonly string[]).includes(s));
      if (unknown.length > 0) throw usage(`--status: ${unknown.join(', ')} is not a status; use ${PERSON_STATUSES.join(', ')}`);
      if (options.level !== undefined && !['reported', 'corroborated', 'verified'].includes(options.level))
        throw usage('--level must be reported, corroborated or verified');
      const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
      if (!isIsoDate(asOf)) throw usage('--as-of must be a date yyyy-mm-dd');
      await withLog(options, async ({ store, log: opened }) => {
        const result = await publishList(store.db, opened, {
          title: options.title,
          statuses: statuses as PersonStatus[],
          minLevel: options.level as 'verified' | undefined,
          asOf,
          createdBy: 'cli',
        });
        process.stdout.write(
          `Published "${options.title}": ${result.named + result.committed} entries (${result.named} named, ${result.committed} as commitments) at ${result.firstIndex}–${result.size - 2}, manifest at ${result.size - 1}.\n` +
            `Checkpoint:\n${result.checkpoint}`,
        );
        if (options.receipts) {
          await mkdir(options.receipts, { recursive: true, mode: 0o700 });
          const commitments = await commitmentsOfPublication(store.db, result.publicationId);
          for (const commitment of commitments)
            writeSecretJson(join(options.receipts, `${commitment.personId}.receipt.json`), await receiptFor(store.db, opened, commitment));
          process.stdout.write(`${commitments.length} receipts written to ${options.receipts} (they hold names: hand each only to the family).\n`);
        }
      });
    });

  log
    .command('publish-eligibility <run>')
    .description("publish a stored eligibility run's results (detention ids and outcomes, no names) and its manifest")
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (run: string, options: DataOptions) => {
      await withLog(options, async ({ store, log: opened }) => {
        const result = await publishEligibilityRun(store.db, opened, run, 'cli');
        process.stdout.write(
          `Published run ${run}: ${result.size - result.firstIndex - 1} results at ${result.firstIndex}–${result.size - 2}, manifest at ${result.size - 1}.\n`,
        );
      });
    });

  log
    .command('publish-counts')
    .description('publish the counts by status, one entry per status and verification level (persons who consented to be counted)')
    .option('--as-of <yyyy-mm-dd>', 'the date the counts speak of (default: today)')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: DataOptions & { asOf?: string }) => {
      const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
      if (!isIsoDate(asOf)) throw usage('--as-of must be a date yyyy-mm-dd');
      await withLog(options, async ({ store, log: opened }) => {
        const result = await publishCounts(store.db, opened, { asOf, createdBy: 'cli' });
        process.stdout.write(`Published ${result.entries} counts at ${result.firstIndex}–${result.size - 1}.\n`);
      });
    });

  log
    .command('receipts <person-id>')
    .description("write a person's receipts (one per list they are on as a commitment) against the newest checkpoint")
    .requiredOption('-o, --out <file>', 'the JSON file to write (mode 0600): one receipt, or a list when there are several')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (personId: string, options: DataOptions & { out: string }) => {
      await withLog(options, async ({ store, log: opened }) => {
        const receipts = await receiptsOfPerson(store.db, opened, personId);
        if (receipts.length === 0) throw new AppError('not_found', 'no receipts', { publicMessage: 'This person is on no published list as a commitment.' });
        writeSecretJson(options.out, receipts.length === 1 ? receipts[0] : receipts);
        process.stdout.write(`${receipts.length} receipt${receipts.length === 1 ? '' : 's'} written to ${options.out}.\n`);
      });
    });

  const witnesses = log.command('witnesses').description('the witnesses whose cosignatures this log accepts');
  witnesses
    .command('add <key>')
    .description('accept cosignatures from a witness (its verifier key, or a file holding it)')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (source: string, options: DataOptions) => {
      const keys = readVerifierKeys([source], 'witness', 'key');
      await withStore(options, async ({ store }) => {
        for (const key of keys) {
          const added = await addWitness(store.db, { key: witnessKeyText(key), name: key.name, addedBy: 'cli' });
          process.stdout.write(`${added ? 'Added' : 'Already accepted'}: ${key.name}\n`);
        }
      });
    });
  witnesses
    .command('list')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: DataOptions) => {
      await withStore(options, async ({ store }) => {
        for (const w of await listWitnesses(store.db)) process.stdout.write(`${w.name}  ${w.key}  (added ${w.addedAt.slice(0, 10)})\n`);
      });
    });

  log
    .command('rotate-key')
    .description('replace the signing key: the change is itself a log entry, and its checkpoint is signed by the old and the new key')
    .option('-d, --data <dir>', 'data folder (env RECUENTO_DATA; DATABASE_URL wins when set)')
    .action(async (options: DataOptions) => {
      await withLog(options, async ({ log: opened, target }) => {
        const { previous, next, retiredPath } = rotateLogKey(target.dataDir);
        try {
          const result = await opened.rotate(next);
          process.stdout.write(
            `New verifier key: ${next.verifierKeyText}\nOld key ${previous.verifierKeyText} retired to ${retiredPath}.\n` +
              `The rotation is entry ${result.firstIndex}; its checkpoint, signed by both keys:\n${result.checkpoint}` +
              'Publish the new verifier key where the old one was published, and tell your witnesses.\n',
          );
        } catch (error) {
          renameSync(retiredPath, join(target.dataDir, 'log-signing.key'));
          throw error;
        }
      });
    });
}

/** Checks that `newer` extends `older`, with the proof from the server when one is needed and a server is given. */
async function consistent(client: LogClient | null, older: Checkpoint, newer: Checkpoint, steps: Step[]): Promise<boolean> {
  const needsProof = older.size > 0 && older.size < newer.size;
  const proof = needsProof && client ? await client.consistencyProof(older.size, newer.size) : null;
  return checkConsistency(sha256, older, newer, proof, steps);
}

async function verifyCheckpoints(
  options: { checkpoint: string; previous?: string },
  logKeys: VerifierKey[],
  witnessKeys: VerifierKey[],
  required: number,
  client: LogClient | null,
  steps: Step[],
): Promise<boolean> {
  const newer = openCheckpoint(options.checkpoint, readTextFile(options.checkpoint, '--checkpoint'), logKeys, witnessKeys, ed25519Verify, steps, required);
  if (!newer) return false;
  if (options.previous) {
    const older = openCheckpoint(options.previous, readTextFile(options.previous, '--previous'), logKeys, witnessKeys, ed25519Verify, steps);
    if (!older) return false;
    if (!(await consistent(client, older, newer, steps))) return false;
  }
  if (client) {
    const current = openCheckpoint('server now', await client.checkpoint(), logKeys, witnessKeys, ed25519Verify, steps);
    if (!current) return false;
    if (!(await consistent(client, newer, current, steps))) return false;
  }
  return true;
}

async function proveAgainstServer(
  client: LogClient,
  receipt: { leafIndex: number; entry: string },
  checkpoint: { origin: string; size: number; root: Uint8Array; extensions: string[] },
  leafHash: Uint8Array,
  logKeys: VerifierKey[],
  witnessKeys: VerifierKey[],
  steps: Step[],
): Promise<boolean> {
  const current = openCheckpoint('server now', await client.checkpoint(), logKeys, witnessKeys, ed25519Verify, steps);
  if (!current) return false;
  if (!(await consistent(client, checkpoint, current, steps))) return false;
  const included = verifyInclusion(
    sha256,
    receipt.leafIndex,
    current.size,
    leafHash,
    await client.inclusionProof(receipt.leafIndex, current.size),
    current.root,
  );
  steps.push({
    check: 'inclusion now',
    ok: included.ok,
    detail: included.ok ? `entry ${receipt.leafIndex} is in the log of ${current.size} entries the server serves now` : included.reason,
  });
  if (!included.ok) return false;
  const served = await client.entry(receipt.leafIndex);
  const same = served !== undefined && Buffer.from(hashLeaf(sha256, new TextEncoder().encode(served))).equals(Buffer.from(leafHash));
  steps.push({
    check: 'entry served',
    ok: same,
    detail: same ? 'the server serves the same entry at that index' : 'the server serves another entry at that index',
  });
  return same;
}

/** One round of witnessing; false when the log cannot be cosigned (and says why). */
async function witnessOnce(client: LogClient, logKeys: VerifierKey[], witness: ReturnType<typeof readKeyFile>, statePath: string): Promise<boolean> {
  const steps: Step[] = [];
  const note = await client.checkpoint();
  const current = openCheckpoint('server checkpoint', note, logKeys, [], ed25519Verify, steps);
  if (!current) return printSteps(steps);
  if (existsSync(statePath)) {
    const previousNote = readTextFile(statePath, '--state');
    const previous = openCheckpoint('last cosigned', previousNote, logKeys, [], ed25519Verify, steps);
    if (!previous) return printSteps(steps);
    if (!(await consistent(client, previous, current, steps))) {
      printSteps(steps);
      const evidence = `${statePath}.alert-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`;
      writeFileSync(evidence, `# last cosigned checkpoint\n${previousNote}\n# checkpoint served by ${client.base} at ${new Date().toISOString()}\n${note}`);
      process.stdout.write(
        `\nALERT: the log is not consistent with the checkpoint you last cosigned. Not cosigned. Both checkpoints are kept in ${evidence}: publish them.\n`,
      );
      return false;
    }
  }
  const parsed = parseNote(note);
  if (!parsed.ok) return false;
  const line = cosign(parsed.text, witness, Math.floor(Date.now() / 1000));
  const accepted = await client.postCosignature(note + line);
  steps.push({
    check: 'cosigned',
    ok: accepted.includes(witness.name),
    detail: accepted.includes(witness.name) ? `the server accepted the cosignature of ${current.size} entries` : 'the server did not keep the cosignature',
  });
  writeFileSync(`${statePath}.tmp`, note);
  renameSync(`${statePath}.tmp`, statePath);
  return printSteps(steps);
}
