import { describe, expect, it } from 'vitest';
import { checkPersonRows, type SourceRow } from './check-person-rows.js';
import { defaultMapping } from './person-mapping.js';

const HEADER = ['external_id', 'given_names', 'first_surname', 'cedula', 'birth_date'];
const mapping = defaultMapping(HEADER);

async function check(rows: string[][], batchSize = 5000) {
  async function* source(): AsyncGenerator<SourceRow> {
    for (const [i, cells] of rows.entries()) yield { line: i + 2, record: Object.fromEntries(HEADER.map((h, c) => [h, cells[c] ?? ''])), cells: cells.length };
  }
  const batches = [];
  for await (const batch of checkPersonRows(source(), mapping, HEADER.length, batchSize)) batches.push(batch);
  return batches;
}

describe('the checks of each row before an import writes', () => {
  it('reports a repeated cédula even when its first row has another problem, and a row repeated whole once, by its id', async () => {
    const [batch] = await check([
      ['A-1', 'Ana', 'Rojas', 'V-11.111.111', '31/02/1990'],
      ['A-2', 'Luis', 'Paz', 'v 11111111', ''],
      ['A-3', 'Eva', 'Mora', 'V-22.222.222', ''],
      ['A-3', 'Eva', 'Mora', 'V-22.222.222', ''],
    ]);
    expect(batch!.problems.map((p) => `${p.row} ${p.column}: ${p.reason}`)).toEqual([
      '2 birth_date: day 31 does not exist in 1990-02',
      '3 cedula: the same identifier is already on row 2',
      '5 external_id: the same id is already on row 4',
    ]);
    expect(batch!.persons.map((p) => p.person.externalId)).toEqual(['A-3']);
    expect(batch!.problems[1]!.value).toBe('v 11111111'); // as the sheet has it, to be found there
  });

  it('hands rows over in batches of the size asked, every row counted once', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => [`B-${i}`, 'Ana', 'Rojas', '', '']);
    const batches = await check(rows, 5);
    expect(batches.map((b) => [b.rows, b.persons.length])).toEqual([
      [5, 5],
      [5, 5],
      [2, 2],
    ]);
  });
});
