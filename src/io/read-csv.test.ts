import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsv } from './read-csv.js';
import { openTable } from './read-table.js';

describe('reading a CSV that cannot be parsed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a stray quote with where it is, at once (it used to wait for ever)', async () => {
    const path = join(dir, 'stray-quote.csv');
    await writeFile(path, 'K{$x"y?~$');
    await expect(openTable(path)).rejects.toMatchObject({ code: 'import_rejected', details: [{ row: 1, reason: expect.any(String) }] });
    // a large file with the stray quote far in: the reader stops, nothing waits
    const big = join(dir, 'big.csv');
    await writeFile(big, `nombre,cedula\n${'Ana,1\n'.repeat(200_000)}Luis "el,2\n${'Eva,3\n'.repeat(200_000)}`);
    const table = await openTable(big);
    const read = (async () => {
      for await (const _ of table.records()) {
        // read on
      }
    })();
    await expect(read).rejects.toMatchObject({ code: 'import_rejected' });
    // the internal message, which the server logs, names the parser's code and the line, never the cell
    const opening = join(dir, 'opening-quote.csv');
    await writeFile(opening, 'nombre,cedula\nAna,1\n"Ana Rosa" Pérez,2\n');
    const failed = await (async () => {
      for await (const _ of (await openCsv(opening)).records()) {
        // read on
      }
    })().catch((error: Error) => error);
    expect(failed).toMatchObject({ code: 'import_rejected', details: [{ row: 3 }] });
    expect((failed as Error).message).toMatch(/^csv parse error CSV_\w+ at row 3$/);
    expect((failed as Error).message).not.toMatch(/Ana|Rosa|Pérez/);
  });

  it('names the row where a quote that never closes opened, not the end of the file', async () => {
    const path = join(dir, 'open-quote.csv');
    await writeFile(path, `nombre,cedula\n${'Ana,1\n'.repeat(3)}"Luis,2\n${'Eva,3\n'.repeat(15)}`);
    const failed = await (async () => {
      for await (const _ of (await openCsv(path)).records()) {
        // read on
      }
    })().catch((error: Error) => error);
    expect(failed).toMatchObject({ code: 'import_rejected', details: [{ row: 5, reason: expect.stringContaining('never closed') }] });
  });

  it('numbers rows as a spreadsheet does, whatever line breaks its cells hold and whatever empty rows it has', async () => {
    const path = join(dir, 'excel.csv');
    await writeFile(path, 'id,nombre,nota\r\n1,Ana,"dos\nlíneas"\r\n2,Luis,"tres\r\nlíneas\r\naquí"\r\n\r\n3,Eva,\r\n');
    const rows: [number, string][] = [];
    for await (const { line, record } of (await openCsv(path)).records()) rows.push([line, record.nombre!]);
    expect(rows).toEqual([
      [2, 'Ana'],
      [3, 'Luis'],
      [5, 'Eva'],
    ]);
  });

  it('reads a large file whole with no listener left behind at each pause (the warning a big import printed)', async () => {
    const path = join(dir, 'many.csv');
    await writeFile(path, `id,nombre\n${Array.from({ length: 300_000 }, (_, i) => `${i},Ana María Pérez Rodríguez ${i}`).join('\n')}\n`);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      let rows = 0;
      for await (const _ of (await openCsv(path)).records()) rows++;
      expect(rows).toBe(300_000);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
