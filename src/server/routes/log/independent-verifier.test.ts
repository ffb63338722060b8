import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPersons } from '../../../domain/demo/generate-persons.js';
import { insertDemoPersons } from '../../../store/seed-demo.js';
import { json, startTestServer, type TestServer } from '../../../test/server.js';

const VERIFIER = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'verifier', 'recuento_verify.py');
const run = async (...args: string[]) => {
  try {
    const { stdout } = await promisify(execFile)('python3', [VERIFIER, ...args]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
};

// The Python verifier in docs/verifier was written from docs/TRANSPARENCY.md alone: if it agrees with
// the server on real receipts and checkpoints, the documented formats are enough to verify the log.
describe('an independent verifier in another language (docs/verifier/recuento_verify.py)', () => {
  let server: TestServer;
  let dir: string;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = await mkdtemp(join(tmpdir(), 'recuento-pyverify-'));
    await insertDemoPersons(server.store.db, generateDemoPersons(40, 13, 910_000));
    key = join(dir, 'log.pub');
    await writeFile(key, await (await server.get('/api/log/key')).text());
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("checks a family's receipt, and refuses one with a wrong salt", async () => {
    await server.admin('/api/log/publications/list', json('POST', { title: 'Excarcelados (demo)', statuses: ['released'] }));
    const persons = (await (await server.admin('/api/persons?status=released&limit=100')).json()) as { items: { id: string; consent: string }[] };
    const hidden = persons.items.find((p) => p.consent !== 'public')!;
    const [receipt] = (await (await server.admin(`/api/persons/${hidden.id}/receipts`)).json()) as Record<string, unknown>[];
    await writeFile(join(dir, 'receipt.json'), JSON.stringify(receipt));
    const ok = await run('receipt', join(dir, 'receipt.json'), key);
    expect(ok.stdout).toMatch(/^OK: .+ is on list .+ \(released\), proven in the log of \d+ entries/);
    expect(ok.code).toBe(0);
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...receipt, salt: Buffer.alloc(32, 9).toString('base64') }));
    const bad = await run('receipt', join(dir, 'bad.json'), key);
    expect(bad).toEqual({ code: 1, stdout: 'FAILED: the details and salt do not give the commitment in the log entry\n' });
  });

  it('checks checkpoints and their consistency, and catches a forged one', async () => {
    const old = await (await server.get('/api/log/checkpoint')).text();
    await server.admin('/api/log/publications/list', json('POST', { title: 'Detenidos (demo)', statuses: ['detained'] }));
    const current = await (await server.get('/api/log/checkpoint')).text();
    const size = (note: string) => Number(note.split('\n')[1]);
    await writeFile(join(dir, 'old.txt'), old);
    await writeFile(join(dir, 'new.txt'), current);
    await writeFile(join(dir, 'proof.json'), await (await server.get(`/api/log/proof/consistency?from=${size(old)}&to=${size(current)}`)).text());
    expect((await run('checkpoint', join(dir, 'new.txt'), key)).code).toBe(0);
    const consistent = await run('consistency', join(dir, 'old.txt'), join(dir, 'new.txt'), join(dir, 'proof.json'), key);
    expect(consistent.stdout).toBe(`OK: the log of ${size(current)} entries extends the log of ${size(old)}\n`);
    await writeFile(
      join(dir, 'forged.txt'),
      current.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) - 1}\n`),
    );
    expect(await run('checkpoint', join(dir, 'forged.txt'), key)).toMatchObject({ code: 1, stdout: expect.stringContaining('was changed or forged') });
  });
});
