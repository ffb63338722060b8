import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'docs', 'examples', 'eligibility-cases.jsonl');

describe('recuento eligibility (cases from a file, no database)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-eligibility-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one result per case with outcome, decisive article, reasons and missing facts', async () => {
    const out = join(dir, 'results.jsonl');
    const csv = join(dir, 'results.csv');
    const run = await runCli(['eligibility', '--rules', 've-2026-ley', '--in', EXAMPLE, '--out', out, '--csv', csv, '--as-of', '2026-04-01', '--lang', 'en']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('10 case(s) under ve-2026-ley');
    expect(run.stderr).toMatch(/2 covered, 5 excluded, 3 need review/);
    const results = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.map((r) => r.case)).toEqual(Array.from({ length: 10 }, (_, i) => `EJEMPLO-${String(i + 1).padStart(2, '0')}`));
    const byId = new Map(results.map((r) => [r.case, r]));
    expect(byId.get('EJEMPLO-01')).toMatchObject({ outcome: 'covered', decisive: { article: 'Art. 8' } });
    expect(byId.get('EJEMPLO-03')).toMatchObject({ outcome: 'excluded', decisive: { rule: 'art8-10-military-rebellion' } });
    expect(byId.get('EJEMPLO-04')).toMatchObject({ outcome: 'review', missingFacts: [{ fact: 'connected_to_political_events', charge: 0 }] });
    expect(byId.get('EJEMPLO-04').deadlines).toEqual([expect.objectContaining({ deadline: 'art11-decision-15-days', status: 'overdue', due: '2026-03-12' })]);
    expect(byId.get('EJEMPLO-02').explanation).toContain('COVERED under Amnesty Law for Democratic Coexistence (2026).');
    expect(byId.get('EJEMPLO-02').explanation.join('\n')).toContain('must appear in person before the court');
    for (const result of results) expect(result.ruleSet.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.stderr).toContain('2 case(s) with a deadline overdue on 2026-04-01.');
    const rows = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(11);
    expect(rows[4]).toMatch(/^EJEMPLO-04,DEMO-synthetic-04,review,,,unknown_facts,connected_to_political_events \[charge 1\],/);
    expect(rows[4]).toContain('art11-decision-15-days: overdue (due 2026-03-12)');
  });

  it('evaluates under a named reading of an uncertain text', async () => {
    const run = await runCli(['eligibility', '--rules', 've-2026-ley@drug-threshold-9y', '--in', EXAMPLE]);
    expect(run.code, run.stderr).toBe(0);
    const five = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((r) => r.case === 'EJEMPLO-05');
    expect(five).toMatchObject({ outcome: 'covered', ruleSet: { variants: ['drug-threshold-9y'] } });
  });

  it('refuses a case file with a malformed line or impossible dates, naming line and field, and writes nothing', async () => {
    const bad = join(dir, 'bad.jsonl');
    await writeFile(
      bad,
      [
        '{"id":"ok","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-12"}]}',
        '{"id":"broken", "charges": [',
        '{"id":"feb30","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-30"}]}',
        '{"id":"late","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-12"}],"request":{"filedOn":"2026-03-01","decidedOn":"2026-02-01"}}',
        '{"id":"ok","charges":[]}',
      ].join('\n'),
    );
    const out = join(dir, 'never.jsonl');
    const run = await runCli(['eligibility', '--rules', 've-2026-ley', '--in', bad, '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('nothing was evaluated');
    expect(run.stderr).toMatch(/row 2: not a JSON object/);
    expect(run.stderr).toMatch(/row 3, column "charges\.0\.factsOn": expected a real date/);
    expect(run.stderr).toMatch(/row 4, column "request\.decidedOn": is before the request was filed/);
    expect(run.stderr).toMatch(/row 5, column "id": the same case id is used on line 1/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a misspelt fact with the name meant, a fact at the wrong level, an offence written as its label and a value that is not one', async () => {
    const bad = join(dir, 'names.jsonl');
    await writeFile(
      bad,
      [
        '{"id":"typo","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-12"}],"facts":{"foreign_armed_acton":true}}',
        '{"id":"level","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-12","facts":{"foreign_armed_action":true}}]}',
        '{"id":"label","charges":[{"offence":"Tráfico ilícito de drogas","factsOn":"2014-02-12"}]}',
        '{"id":"value","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-12"}],"facts":{"abroad":"yes"}}',
        '{"id":"field","charges":[{"offence":"instigacion_publica","factsOn":"2014-02-12","fact":{}}],"request":{"by":"person"}}',
      ].join('\n'),
    );
    const run = await runCli(['eligibility', '--rules', 've-2026-ley', '--in', bad]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/row 1, column "facts\.foreign_armed_acton": unknown fact "foreign_armed_acton": did you mean "foreign_armed_action"\?/);
    expect(run.stderr).toMatch(/row 2, column "charges\.0\.facts\.foreign_armed_action": "foreign_armed_action" is a fact of the whole case/);
    expect(run.stderr).toMatch(
      /row 3, column "charges\.0\.offence": "Tráfico ilícito de drogas" is how the offence is written, not its code: use "trafico_drogas"/,
    );
    expect(run.stderr).toMatch(/row 4, column "facts\.abroad": expected true, false, null \(unknown for this case: no presumption\) or "alleged"/);
    expect(run.stderr).toMatch(/row 5, column "charges\.0\.fact": unknown field "fact": did you mean "facts"\?/);
    expect(run.stderr).toMatch(/row 5, column "request\.filedOn": is required/);
    const missing = await runCli(['eligibility', '--rules', 'L26', '--in', join(dir, 'no-such-file.jsonl')]);
    expect(missing.stderr).toContain('There is no cases file');
    // Labels are resolved when asked, and each resolution is said.
    const labelOnly = join(dir, 'label.jsonl');
    await writeFile(labelOnly, '{"id":"label","charges":[{"offence":"Tráfico ilícito de drogas","factsOn":"2014-02-12","minPenaltyYears":8}]}\n');
    const resolved = await runCli(['eligibility', '--rules', 'L26', '--in', labelOnly, '--resolve-labels']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stderr).toContain('line 1, charges.0.offence: "Tráfico ilícito de drogas" read as the code trafico_drogas');
    expect(JSON.parse(resolved.stdout)).toMatchObject({ charges: [{ offence: 'trafico_drogas', category: 'drug_trafficking' }] });
  });

  it('says in every result when the outcome depends on an uncertain passage, and which reading changes it', async () => {
    const file = join(dir, 'uncertain.jsonl');
    await writeFile(
      file,
      '{"id":"drugs","charges":[{"offence":"trafico_drogas","factsOn":"2014-02-12","minPenaltyYears":6,"facts":{"connected_to_political_events":true}}],"facts":{"ceased_conduct":true}}\n',
    );
    const run = await runCli(['eligibility', '--rules', 've-2026-ley', '--in', file, '--lang', 'en']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      outcome: 'excluded',
      dependsOnUncertainText: true,
      readings: [{ reading: 'drug-threshold-9y', added: true, outcome: 'covered' }],
    });
    const text = result.explanation.join('\n');
    expect(text).toContain('DEPENDS ON AN UNCERTAIN TEXT');
    expect(text).toContain('COVERED under the reading "only drug trafficking with a minimum penalty above nine years is excluded"');
    expect(text).not.toContain('drug-threshold-9y');
  });

  it('names the rule sets and readings there are when given an unknown one', async () => {
    const unknown = await runCli(['eligibility', '--rules', 've-2030-ley', '--in', EXAMPLE]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('There is no rule set "ve-2030-ley". Rule sets: ve-2007-decreto (D07), ve-2016-ley (L16)');
    const reading = await runCli(['eligibility', '--rules', 've-2026-ley@no-such-reading', '--in', EXAMPLE]);
    expect(reading.code).toBe(3);
    expect(reading.stderr).toContain('has no reading "no-such-reading". Its readings: period-end-2026-01-30');
  });
});

describe('recuento rules', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-rules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the instruments with status and hash, and shows one with its articles and readings', async () => {
    const list = await runCli(['rules', 'list']);
    expect(list.code, list.stderr).toBe(0);
    for (const id of ['ve-2026-ley', 've-2026-proyecto', 've-2026-comite-madres', 've-2016-ley', 've-2007-decreto', 've-2020-indulto'])
      expect(list.stdout).toContain(id);
    expect(list.stdout).toMatch(/ve-2016-ley\s+L16\s+struck_down/);
    const show = await runCli(['rules', 'show', 've-2026-ley', '--lang', 'en']);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Amnesty Law for Democratic Coexistence (2026)');
    expect(show.stdout).toContain('art8-10-military-rebellion [Art. 8.10] charge → excluded (overrides art8-episodes, art1-political-events)');
    expect(show.stdout).toContain('drug-threshold-9y: ⚠ Q5');
  });

  it("runs the lawyers' cases, and fails with the case and the difference when one breaks", async () => {
    const all = await runCli(['rules', 'test']);
    expect(all.code, all.stdout).toBe(0);
    expect(all.stdout).toMatch(/\n(\d+) passed, 0 failed\n/);
    const copy = join(dir, 'rules');
    await cp(join(ROOT, 'rules'), copy, { recursive: true });
    const cases = join(copy, 've-2026-ley.cases.yaml');
    await writeFile(
      cases,
      (await readFile(cases, 'utf8')).replace('expect: { outcome: excluded, rule: art9-intentional-homicide }', 'expect: { outcome: covered }'),
    );
    const broken = await runCli(['rules', 'test', 've-2026-ley', '--rules-dir', copy]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('✗ art. 9 — intentional homicide during a protest is excluded');
    expect(broken.stdout).toContain('outcome: expected covered, got excluded');
    expect(broken.stdout).toMatch(/\d+ passed, 1 failed/);
  });

  it('refuses a rule set with an offence in two categories, naming the file and the place', async () => {
    const copy = join(dir, 'two-categories');
    await cp(join(ROOT, 'rules'), copy, { recursive: true });
    const file = join(copy, 've-2026-proyecto.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('public_property: [peculado_doloso,', 'public_property: [hurto, peculado_doloso,'));
    const run = await runCli(['rules', 'list', '--rules-dir', copy]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${file}: offences.public_property: offence "hurto" is already in category "common"`);
  });

  it('compares two instruments over a case file: transitions, reasons and the changed cases', async () => {
    const out = join(dir, 'changes.csv');
    const run = await runCli(['rules', 'compare', 've-2026-proyecto', 've-2026-ley', '--in', EXAMPLE, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('By case (10):');
    expect(run.stdout).toContain('covered → excluded: art1-common-connected → art9-drug-trafficking');
    expect(run.stdout).toContain('By protest_wave:');
    const csv = (await readFile(out, 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('case_id,person_id,from,to,rule_a,rule_b');
    expect(csv).toContain('EJEMPLO-05,DEMO-synthetic-05,covered,excluded,art1-common-connected,art9-drug-trafficking');
    // The changed cases are on screen too, not only in the CSV.
    expect(run.stdout).toMatch(/EJEMPLO-05 +DEMO-synthetic-05 +covered +excluded +art1-common-connected +art9-drug-trafficking/);
  });

  it('lists the first changed cases on screen with a count of the rest, and prints no person table for cases without persons', async () => {
    const file = join(dir, 'no-persons.jsonl');
    // Political offences of years with no event of art. 8: excluded, unless the events are read as examples.
    const years = ['2015', '2012', '2011', '2010', '2008'];
    const lines = years.map((year, i) => JSON.stringify({ id: `c${i}`, charges: [{ offence: 'traicion_patria', factsOn: `${year}-03-10` }] }));
    await writeFile(file, `${lines.join('\n')}\n`);
    const run = await runCli(['rules', 'compare', 'l26', 'L26@episodes-illustrative', '--in', file, '--show', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('By case (5):');
    expect(run.stdout).not.toContain('By person');
    expect(run.stdout).toContain('5 case(s) change outcome.');
    expect(run.stdout).toMatch(/c0 +excluded +covered/);
    expect(run.stdout).not.toMatch(/c2 +excluded/);
    expect(run.stdout).toContain('… and 3 more (--out changes.csv writes all of them)');
  });
});

describe('recuento eligibility over the registry', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'recuento-eligibility-registry-'));
    const seeded = await runCli(['seed-demo', '--data', dir], { RECUENTO_DEMO_PERSONS: '150' });
    expect(seeded.code, seeded.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('evaluates every detention, stores the run, compares instruments and re-checks the run', async () => {
    const run = await runCli(['eligibility', '--rules', 've-2026-ley', '--as-of', '2026-04-01', '--data', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\d+ case\(s\) under ve-2026-ley/);
    const id = /Stored as run ([0-9a-f-]{36})/.exec(run.stderr)?.[1];
    expect(id).toBeDefined();
    const compare = await runCli(['rules', 'compare', 've-2026-ley', 've-2026-ley@july-2024-only', '--data', dir]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toContain('By protest_wave:');
    const recheck = await runCli(['eligibility', '--recheck', id!, '--data', dir]);
    expect(recheck.code, recheck.stderr).toBe(0);
    expect(recheck.stdout).toContain('The rule set is the same text');
    expect(recheck.stdout).toMatch(/\d+ decision\(s\) unchanged, 0 changed, 0 detention\(s\) no longer in the registry/);
  });
});
