import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOURCES, generateList, generatePopulation, LIST_COLUMNS, type ListRecord } from '../domain/demo/generate-linkage-lists.js';
import { runCli } from '../test/run-cli.js';

const REGISTRY_SETTINGS = join(import.meta.dirname, '..', '..', 'linkage', 'registry.json');
const THREE_LISTS = join(import.meta.dirname, '..', '..', 'linkage', 'examples', 'three-lists.yaml');
const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', 'linkage', name);

function toCsv(records: readonly ListRecord[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${LIST_COLUMNS.join(',')}\n${records.map((r) => LIST_COLUMNS.map((c) => quote(r[c])).join(',')).join('\n')}\n`;
}

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

describe('recuento link', () => {
  let dir: string;
  let government: ListRecord[];
  let ngo: ListRecord[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-link-'));
    const population = generatePopulation(4000, 11);
    ngo = generateList(population, DEFAULT_SOURCES[0]!, 1);
    government = generateList(population, DEFAULT_SOURCES[1]!, 2);
    await writeFile(join(dir, 'ngo.csv'), toCsv(ngo));
    await writeFile(join(dir, 'government.csv'), toCsv(government));
    // the hand-written lists, among thousands of other (synthetic) people
    const background = (await readFile(join(dir, 'ngo.csv'), 'utf8')).split('\n').slice(1).join('\n');
    await writeFile(join(dir, 'ngo-with-fixture.csv'), `${(await readFile(fixture('ngo-list.csv'), 'utf8')).trim()}\n${background}`);
    await writeFile(join(dir, 'repeats-with-background.csv'), `${(await readFile(fixture('one-list-with-repeats.csv'), 'utf8')).trim()}\n${background}`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('links two lists one-to-one, precisely, and says what each blocking rule compared', async () => {
    const out = join(dir, 'pairs.csv');
    const result = await runCli(['link', '-s', REGISTRY_SETTINGS, '-l', join(dir, 'government.csv'), '-r', join(dir, 'ngo.csv'), '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Linked government\.csv \([\d,]+ records\) and ngo\.csv/);
    expect(result.stdout).toContain('same cédula:');
    const [header, ...rows] = parseCsv(await readFile(out, 'utf8'));
    expect(header).toEqual(['left_id', 'right_id', 'match_probability', 'match_weight']);
    const truthOf = new Map([...government, ...ngo].map((r) => [r.id, r.truth]));
    const right = rows.filter(([l, r]) => truthOf.get(l!) === truthOf.get(r!)).length;
    expect(right / rows.length).toBeGreaterThan(0.98);
    const truePairs = government.filter((g) => ngo.some((n) => n.truth === g.truth)).length;
    expect(rows.length / truePairs).toBeGreaterThan(0.7);
    expect(new Set(rows.map(([l]) => l)).size).toBe(rows.length);
    expect(new Set(rows.map(([, r]) => r)).size).toBe(rows.length);
    for (const [, , p] of rows) expect(Number(p)).toBeGreaterThanOrEqual(0.9);
  });

  it('finds nicknames, transposed cédulas, swapped surnames and married forms', async () => {
    const out = join(dir, 'fixture-pairs.csv');
    const explain = join(dir, 'fixture-explain.jsonl');
    const result = await runCli([
      'link',
      '-s',
      REGISTRY_SETTINGS,
      '-l',
      fixture('government-list.csv'),
      '-r',
      join(dir, 'ngo-with-fixture.csv'),
      '-o',
      out,
      '-t',
      '0.5',
      '--explain',
      explain,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const pairs = new Map(
      parseCsv(await readFile(out, 'utf8'))
        .slice(1)
        .map(([l, r, p]) => [l!, { right: r!, p: Number(p) }]),
    );
    // Pepe ~ José with the cédula in another form; Chucho ~ Jesús with two digits transposed;
    // surnames swapped; a cédula one digit off
    for (const [left, right] of [
      ['G-101', 'FP-1'],
      ['G-102', 'FP-2'],
      ['G-103', 'FP-3'],
      ['G-106', 'FP-6'],
      ['G-108', 'FP-8'],
    ]) {
      expect(pairs.get(left!)?.right, left).toBe(right);
      expect(pairs.get(left!)?.p, left).toBeGreaterThan(0.9);
    }
    // Yelisa Basquez Kintero, born 11/22/1988 written month first: spelling variants and a date
    expect(pairs.get('G-104')?.right).toBe('FP-4');
    // no one on the NGO list is Ana Teresa Mendoza Rivas
    expect(pairs.has('G-109')).toBe(false);
    const explanations = (await readFile(explain, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const chucho = explanations.find((e) => e.left_id === 'G-103');
    expect(chucho.steps.map((s: { comparison: string; label: string }) => `${s.comparison}: ${s.label}`)).toEqual([
      'given_names: one name of a compound',
      'surnames: exact',
      'cedula: one digit off (typo or transposition)',
      'birth_date: missing on one side (no evidence)',
    ]);
    const total =
      chucho.prior + chucho.steps.reduce((w: number, s: { weight: number; frequencyAdjustment: number }) => w + s.weight + s.frequencyAdjustment, 0);
    expect(total).toBeCloseTo(chucho.weight, 6);
  });

  it('deduplicates one list into clusters, never putting two cédulas in one', async () => {
    const out = join(dir, 'dedupe-pairs.csv');
    const clusters = join(dir, 'clusters.csv');
    const result = await runCli(['link', '-s', REGISTRY_SETTINGS, '-l', join(dir, 'repeats-with-background.csv'), '-o', out, '-c', clusters]);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = parseCsv(await readFile(clusters, 'utf8'));
    expect(header).toEqual(['cluster_id', 'source', 'record_id']);
    const clusterOf = new Map(rows.map(([c, , id]) => [id!, c!]));
    expect(clusterOf.get('2')).toBe(clusterOf.get('1'));
    expect(clusterOf.get('4')).toBe(clusterOf.get('3'));
    // siblings: same surnames, cédulas one digit apart, different given names and birth dates
    expect(clusterOf.get('5')).not.toBe(clusterOf.get('3'));
    expect(clusterOf.get('6')).not.toBe(clusterOf.get('1'));
    const pairLines = parseCsv(await readFile(out, 'utf8')).slice(1);
    expect(new Set(pairLines.map(([a, b]) => `${a}|${b}`)).size).toBe(pairLines.length);
  });

  describe('several lists in one run (--list), each with its own columns', () => {
    const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const csv = (header: string[], rows: string[][]) => `${header.map(quote).join(',')}\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`;
    const truthOf = new Map<string, number>();
    beforeAll(async () => {
      // the columns linkage/examples/three-lists.yaml describes: the government's full name surnames
      // first in capitals with no birth date, the NGO's three name columns, the families' age
      await writeFile(
        join(dir, 'released.csv'),
        csv(
          ['N°', 'APELLIDOS Y NOMBRES', 'CÉDULA'],
          government.map((r) => [r.id, fold(`${r.first_surname} ${r.second_surname} ${r.given_names}`).toUpperCase(), r.cedula]),
        ),
      );
      await writeFile(
        join(dir, 'registry.csv'),
        csv(
          ['expediente', 'nombres', 'primer_apellido', 'segundo_apellido', 'ci', 'fecha_nacimiento'],
          ngo.map((r) => [r.id, r.given_names, r.first_surname, r.second_surname, r.cedula, r.birth_date]),
        ),
      );
      const families = ngo.filter((_, i) => i % 7 === 0).map((r, i) => ({ ...r, id: `F-${i + 1}` }));
      const age = (birth: string) => (/^\d{4}/.test(birth) ? `${2026 - Number(birth.slice(0, 4)) - 1} años` : '');
      const yearFirst = (birth: string) => (/^\d{2}\/\d{2}\/\d{4}$/.test(birth) ? birth.slice(6) : birth);
      await writeFile(
        join(dir, 'reports.csv'),
        csv(
          ['reporte', 'nombre del detenido', 'edad'],
          families.map((r) => [r.id, `${r.given_names} ${r.first_surname}`, age(yearFirst(r.birth_date))]),
        ),
      );
      for (const [list, records] of [
        ['government', government],
        ['ngo', ngo],
        ['family', families],
      ] as const)
        for (const r of records) truthOf.set(`${list}:${r.id}`, r.truth);
    });

    it('clusters the records of each person across the lists and says who is in which list', async () => {
      const out = join(dir, 'lists-pairs.csv');
      const clusters = join(dir, 'lists-clusters.csv');
      const result = await runCli([
        'link',
        '-s',
        THREE_LISTS,
        '--list',
        `government=${join(dir, 'released.csv')}`,
        '--list',
        `ngo=${join(dir, 'registry.csv')}`,
        '--list',
        `family=${join(dir, 'reports.csv')}`,
        '-o',
        out,
        '-c',
        clusters,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Linked 3 lists: government = released\.csv \([\d,]+ records\), ngo = registry\.csv/);
      expect(result.stdout).toMatch(/Persons each pair of lists has in common:\n\s+government\s+ngo\s+family\n\s+government\s+[\d,]+\s+[\d,]+/);
      expect(result.stdout).toMatch(/Only in one list: government [\d,]+, ngo [\d,]+, family [\d,]+\./);
      const [header, ...rows] = parseCsv(await readFile(clusters, 'utf8'));
      expect(header).toEqual(['cluster_id', 'source', 'record_id']);
      expect(new Set(rows.map(([, source]) => source))).toEqual(new Set(['government', 'ngo', 'family']));
      // pairwise over the clusters: records of one cluster are one person
      const members = new Map<string, string[]>();
      for (const [cluster, source, id] of rows) members.set(cluster!, [...(members.get(cluster!) ?? []), `${source}:${id}`]);
      let pairs = 0;
      let right = 0;
      for (const records of members.values())
        for (let a = 0; a < records.length; a++)
          for (let b = a + 1; b < records.length; b++) {
            pairs++;
            if (truthOf.get(records[a]!) === truthOf.get(records[b]!)) right++;
          }
      expect(pairs).toBeGreaterThan(1000);
      expect(right / pairs).toBeGreaterThan(0.97);
      // every family report is on the NGO list: most are found there
      const familyWithNgo = [...members.values()].filter((r) => r.some((x) => x.startsWith('family:')) && r.some((x) => x.startsWith('ngo:'))).length;
      expect(familyWithNgo / rows.filter(([, source]) => source === 'family').length).toBeGreaterThan(0.6);
      const [pairHeader] = parseCsv(await readFile(out, 'utf8'));
      expect(pairHeader).toEqual(['left_list', 'left_id', 'right_list', 'right_id', 'match_probability', 'match_weight']);
    });

    it.each([
      [['--list', 'gobierno=x.csv'], /the settings describe the lists government, ngo, family; name one of them/],
      [['--list', 'ngo=a.csv', '--list', 'ngo=b.csv'], /the name "ngo" is given twice/],
      [['--list', 'ngo=a.csv', '-l', 'b.csv'], /either with --left \(and --right\) or with --list, not both/],
      [['-l', 'b.csv', '--across-only'], /--across-only goes with --list/],
    ])('refuses %j before reading anything', async (args, message) => {
      const result = await runCli(['link', '-s', THREE_LISTS, ...args, '-o', join(dir, 'never.csv')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    });

    it("names a list's own column when it is missing, and refuses a list naming a column the settings do not read", async () => {
      const missing = await runCli(['link', '-s', THREE_LISTS, '--list', `ngo=${join(dir, 'released.csv')}`, '-o', join(dir, 'never.csv')]);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(/released\.csv, column "expediente": the id column named by the settings is missing/);
      expect(missing.stderr).toMatch(/column "nombres"/);
      const settings = (await readFile(THREE_LISTS, 'utf8')).replace('birth_date: edad', 'edad: edad');
      await writeFile(join(dir, 'bad-lists.yaml'), settings);
      const refused = await runCli(['link', '-s', join(dir, 'bad-lists.yaml'), '--list', `ngo=${join(dir, 'registry.csv')}`, '-o', join(dir, 'never.csv')]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/lists\.family\.columns\.edad: the settings read no column called "edad"/);
    });
  });

  describe('bad input: a clear error, exit 3 (2 for the command line), nothing written', () => {
    const cases: [string, (d: string) => Promise<string[]>, RegExp, number][] = [
      [
        'a file without the id column',
        async (d) => {
          await writeFile(join(d, 'no-id.csv'), 'given_names,first_surname,second_surname,cedula,birth_date\nAna,Pérez,,,\n');
          return ['-l', join(d, 'no-id.csv')];
        },
        /no-id\.csv lacks 1 column\(s\)[\s\S]*no-id\.csv, column "id": the id column named by the settings is missing/,
        3,
      ],
      [
        'duplicate ids',
        async (d) => {
          await writeFile(join(d, 'dup.csv'), `${LIST_COLUMNS.join(',')}\nA,Ana,Pérez,,,\nB,Luis,Rivas,,,\nA,Juan,Díaz,,,\nA,Rosa,Paz,,,\n`);
          return ['-l', join(d, 'dup.csv')];
        },
        /dup\.csv, row 2, column "id": this id is used 3 times, on lines 2, 4, 5/,
        3,
      ],
      [
        'a birth date the engine cannot read (reported, never taken as missing)',
        async (d) => {
          await writeFile(join(d, 'bad-date.csv'), `${LIST_COLUMNS.join(',')}\nA,Ana,Pérez,,,17/05/1990\nB,Luis,Rivas,,,31-31-1990\n`);
          return ['-l', join(d, 'bad-date.csv')];
        },
        /bad-date\.csv, row 3, column "birth_date": not a date the engine can read/,
        3,
      ],
      [
        'an empty name',
        async (d) => {
          await writeFile(join(d, 'empty-name.csv'), `${LIST_COLUMNS.join(',')}\nA,Ana,Pérez,,,\nB,,,,V-12.345.678,\n`);
          return ['-l', join(d, 'empty-name.csv')];
        },
        /empty-name\.csv, row 3, column "given_names, first_surname, second_surname": the name is empty/,
        3,
      ],
      [
        'settings naming columns that do not exist',
        async (d) => {
          const settings = JSON.parse(await readFile(REGISTRY_SETTINGS, 'utf8'));
          settings.comparisons[3].columns = ['fecha_nacimiento'];
          await writeFile(join(d, 'settings.json'), JSON.stringify(settings));
          return ['-s', join(d, 'settings.json'), '-l', fixture('ngo-list.csv')];
        },
        /ngo-list\.csv, column "fecha_nacimiento": a column compared by the settings is missing/,
        3,
      ],
      [
        'settings with a blocking rule on an unknown comparison',
        async (d) => {
          const settings = JSON.parse(await readFile(REGISTRY_SETTINGS, 'utf8'));
          settings.blocking[0].keys[0].comparison = 'cedulaa';
          await writeFile(join(d, 'settings-2.json'), JSON.stringify(settings));
          return ['-s', join(d, 'settings-2.json'), '-l', fixture('ngo-list.csv')];
        },
        /blocking\[0\]\.keys\[0\]\.comparison: no comparison is named "cedulaa"/,
        3,
      ],
      [
        'a malformed threshold',
        async () => ['-l', fixture('ngo-list.csv'), '-t', '1.5'],
        /--threshold must be a probability strictly between 0 and 1, such as 0\.9; got "1\.5"/,
        2,
      ],
      ['a threshold that is not a number', async () => ['-l', fixture('ngo-list.csv'), '-t', 'high'], /got "high"/, 2],
    ];
    it.each(cases)('%s', async (_, prepare, message, code) => {
      const out = join(dir, 'never.csv');
      const args = await prepare(dir);
      const withSettings = args.includes('-s') ? args : ['-s', REGISTRY_SETTINGS, ...args];
      const result = await runCli(['link', ...withSettings, '-o', out]);
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });

    it('--skip-invalid links the other records and lists what it left out, without their names', async () => {
      const good = (await readFile(fixture('ngo-list.csv'), 'utf8')).trim().split('\n');
      const lines = [...good, 'BAD-1,,,,,', 'BAD-2,Xiomara,Uzcátegui,,,', 'BAD-2,Xiomara,Uzcátegui,,,'];
      await writeFile(join(dir, 'some-bad.csv'), `${lines.join('\n')}\n`);
      const refused = await runCli(['link', '-s', REGISTRY_SETTINGS, '-l', join(dir, 'some-bad.csv'), '-o', join(dir, 'never.csv')]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('--skip-invalid links the other records');
      const out = join(dir, 'some-bad-pairs.csv');
      const result = await runCli(['link', '-s', REGISTRY_SETTINGS, '-l', join(dir, 'some-bad.csv'), '-o', out, '--skip-invalid']);
      expect(result.code, result.stderr).toBe(0);
      const n = good.length; // the header is row 1, so the bad rows are n + 1 to n + 3
      expect(result.stderr).toContain('Left out 3 record(s)');
      expect(result.stderr).toContain(`row ${n + 1}, column "given_names, first_surname, second_surname": the name is empty`);
      expect(result.stderr).toContain(`row ${n + 2}, column "id": this id is used 2 times, on lines ${n + 2}, ${n + 3}`);
      expect(result.stderr).not.toMatch(/Xiomara|Uzcátegui/);
      // every other record was linked, and the pairs file written
      expect(result.stdout).toContain(`(${n - 1} records)`);
      expect((await readFile(out, 'utf8')).startsWith('left_id,right_id,match_probability,match_weight')).toBe(true);
    });

    it('never prints the names of the rows it rejects', async () => {
      await writeFile(join(dir, 'dup-names.csv'), `${LIST_COLUMNS.join(',')}\nA,Ana,Pérez,,,\nA,Xiomara,Uzcátegui,,,\n`);
      const result = await runCli(['link', '-s', REGISTRY_SETTINGS, '-l', join(dir, 'dup-names.csv'), '-o', join(dir, 'never.csv')]);
      expect(result.code).toBe(3);
      expect(result.stderr).not.toMatch(/Xiomara|Uzcátegui/);
    });
  });
});
