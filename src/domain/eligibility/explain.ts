/**
 * Renders a result as sentences in Spanish or English: the outcome, the decisive rule and
 * its article, the facts it used with their sources, every presumption relied on, the rules
 * set aside, the facts still to collect, the readings of uncertain passages that would
 * change the outcome, the conditions to meet and the deadlines. Codes never reach a
 * sentence: offences, categories, requesters, readings and rules are named by their labels
 * and articles.
 */
import { partialDateBounds } from './case.js';
import type { CompiledRuleSet } from './compile-rule-set.js';
import type { ChargeResult, EligibilityResult, Outcome, RuleRef } from './evaluate-case.js';
import type { RuleSet } from './rule-set.js';

export type Language = 'es' | 'en';

const WORDS = {
  es: {
    covered: 'AMPARADO',
    excluded: 'EXCLUIDO',
    review: 'REQUIERE REVISIÓN',
    outcome: (o: string, title: string) => `${o} por ${title}.`,
    decisive: (article: string) => `Regla decisiva: ${article}.`,
    charge: (n: number, offence: string, on: string | null, outcome: string) => `Cargo ${n} («${offence}», hechos: ${on ?? 'sin fecha'}): ${outcome}.`,
    chargeTag: (n: number) => `[cargo ${n}] `,
    categoryFromCase: (category: string) => `Categoría según el expediente (ningún código del tesauro corresponde): ${category}.`,
    unnamedOffence: 'delito sin nombre',
    overridden: (rule: string) => `Se aparta por excepción: ${rule}`,
    conflict: (list: string) => `Conflicto entre reglas que aplican sin que una prevalezca sobre otra: ${list}. Lo decide un abogado.`,
    episodes: (list: string) => `Los hechos caben en varios de los hechos enumerados: ${list}.`,
    possibleEpisodes: (list: string) => `Podrían caber en: ${list} (falta un dato para saberlo).`,
    alleged: ' (consta sólo como alegado o afirmado públicamente: lo decide un abogado)',
    presumption: (question: string, value: string, why: string) => `Presunción: ${question} ${value} — ${why}`,
    reliedOn: (list: string) => `  ${list}`,
    applies: (rule: string) => `Sin ella podría no aplicarse: ${rule}`,
    doesNotApply: (rule: string) => `Sin ella podría aplicarse: ${rule}`,
    and: '; y ',
    uncertain: 'DEPENDE DE UN TEXTO INCIERTO (⚠):',
    underReading: (label: string, outcome: string, article: string | null) => `  ${outcome} con la lectura «${label}»${article ? ` (${article})` : ''}.`,
    withoutReading: (label: string, outcome: string, article: string | null) => `  ${outcome} sin la lectura «${label}»${article ? ` (${article})` : ''}.`,
    appliedReading: (outcome: string) => `  ${outcome} con la lectura aplicada en este resultado.`,
    noRule: 'Ninguna regla del instrumento decide este cargo.',
    notInTable: (offence: string, categories: string) =>
      `El instrumento no puede clasificar «${offence}»: no está en su tabla de delitos. Sus categorías: ${categories}.`,
    noCharges: 'El caso no tiene cargos registrados.',
    missing: 'Datos que faltan para decidir:',
    factUsed: (question: string, value: string, source: string) => `${question} ${value}${source}`,
    yes: 'Sí',
    no: 'No',
    unknown: 'Se desconoce',
    assumed: (why: string) => ` (presunción: ${why})`,
    source: (s: string) => ` (fuente: ${s})`,
    requirement: 'Condición:',
    effect: 'Efecto:',
    noEffect: 'No hace:',
    maybe: 'Condición que podría aplicar:',
    deadline: (label: string, due: string, status: string) => `${label}: vence el ${due} — ${status}.`,
    status: {
      pending: (d: number) => `faltan ${d} días`,
      met: () => 'cumplido',
      late: (d: number) => `decidido con ${d} días de retraso`,
      overdue: (d: number) => `vencido hace ${d} días`,
      not_in_force: (d: number) => `sería el plazo de ${d} días si el texto estuviera en vigor; nunca entró en vigor, así que no corre`,
    },
    wouldBe: (label: string, due: string, status: string) => `${label}: vencería el ${due} — ${status}.`,
    countedFrom: (day: string) => ` (contado desde el ${day}, fecha desde la que se lee el texto como si estuviera en vigor)`,
    unverified: ' (plazo sin verificar en las fuentes)',
    standing: (by: string, article: string) => `Quien solicita (${by}) no está legitimado según ${article}.`,
    standingUnknown: (by: string) => `No se sabe si ${by} puede solicitarla: el texto sobre quién puede hacerlo no se recuperó.`,
    requesters: {
      public_prosecutor: 'el Ministerio Público',
      defence: 'la defensa',
      person: 'la persona procesada',
      relative: 'un familiar',
      representative_abroad: 'un apoderado desde el exterior',
      victim: 'la víctima',
      ngo: 'una organización no gubernamental',
    },
    factsDate: 'La fecha exacta de los hechos',
    dateSource: (source: string) => `Fecha de los hechos según: ${source}.`,
    penalty: 'La pena mínima aplicable, en años',
    offenceCategory: 'La categoría del delito en este instrumento',
    threshold: (n: number) => ` con pena mínima superior a ${n} años`,
    ruleSet: (id: string, hash: string, variants: string) => `Conjunto de reglas ${id} (${hash.slice(0, 12)})${variants}.`,
    variants: (list: string) => `, lecturas: ${list}`,
  },
  en: {
    covered: 'COVERED',
    excluded: 'EXCLUDED',
    review: 'NEEDS REVIEW',
    outcome: (o: string, title: string) => `${o} under ${title}.`,
    decisive: (article: string) => `Decisive rule: ${article}.`,
    charge: (n: number, offence: string, on: string | null, outcome: string) => `Charge ${n} ("${offence}", facts: ${on ?? 'undated'}): ${outcome}.`,
    chargeTag: (n: number) => `[charge ${n}] `,
    categoryFromCase: (category: string) => `Category as the case file gives it (no code of the thesaurus fits): ${category}.`,
    unnamedOffence: 'unnamed offence',
    overridden: (rule: string) => `Set aside as an exception applies: ${rule}`,
    conflict: (list: string) => `Conflict between rules that apply with neither prevailing: ${list}. A lawyer decides.`,
    episodes: (list: string) => `The facts fall in several of the listed episodes: ${list}.`,
    possibleEpisodes: (list: string) => `They may fall in: ${list} (a fact is missing to tell).`,
    alleged: ' (on record only as alleged or publicly claimed: a lawyer decides)',
    presumption: (question: string, value: string, why: string) => `Presumption: ${question} ${value} — ${why}`,
    reliedOn: (list: string) => `  ${list}`,
    applies: (rule: string) => `Without it, this might not apply: ${rule}`,
    doesNotApply: (rule: string) => `Without it, this might apply: ${rule}`,
    and: '; and ',
    uncertain: 'DEPENDS ON AN UNCERTAIN TEXT (⚠):',
    underReading: (label: string, outcome: string, article: string | null) => `  ${outcome} under the reading "${label}"${article ? ` (${article})` : ''}.`,
    withoutReading: (label: string, outcome: string, article: string | null) => `  ${outcome} without the reading "${label}"${article ? ` (${article})` : ''}.`,
    appliedReading: (outcome: string) => `  ${outcome} under the reading this result applies.`,
    noRule: 'No rule of the instrument decides this charge.',
    notInTable: (offence: string, categories: string) =>
      `The instrument cannot classify "${offence}": it is not in its offence table. Its categories: ${categories}.`,
    noCharges: 'The case has no charges on record.',
    missing: 'Facts needed to decide:',
    factUsed: (question: string, value: string, source: string) => `${question} ${value}${source}`,
    yes: 'Yes',
    no: 'No',
    unknown: 'Unknown',
    assumed: (why: string) => ` (presumption: ${why})`,
    source: (s: string) => ` (source: ${s})`,
    requirement: 'Condition:',
    effect: 'Effect:',
    noEffect: 'Does not:',
    maybe: 'Condition that may apply:',
    deadline: (label: string, due: string, status: string) => `${label}: due ${due} — ${status}.`,
    status: {
      pending: (d: number) => `${d} days left`,
      met: () => 'met',
      late: (d: number) => `decided ${d} days late`,
      overdue: (d: number) => `overdue by ${d} days`,
      not_in_force: (d: number) => `the ${d}-day deadline it would set if it were in force; it never entered into force, so it does not run`,
    },
    wouldBe: (label: string, due: string, status: string) => `${label}: would fall due on ${due} — ${status}.`,
    countedFrom: (day: string) => ` (counted from ${day}, the date the text is read as if in force from)`,
    unverified: ' (deadline not verified in the sources)',
    standing: (by: string, article: string) => `The requester (${by}) has no standing under ${article}.`,
    standingUnknown: (by: string) => `Whether ${by} may request it is not known: the text on who may was not recovered.`,
    requesters: {
      public_prosecutor: 'the public prosecutor',
      defence: 'the defence',
      person: 'the accused',
      relative: 'a relative',
      representative_abroad: 'a representative from abroad',
      victim: 'the victim',
      ngo: 'a non-governmental organisation',
    },
    factsDate: 'The exact date of the facts',
    dateSource: (source: string) => `Date of the facts from: ${source}.`,
    penalty: 'The minimum applicable penalty, in years',
    offenceCategory: "The offence's category in this instrument",
    threshold: (n: number) => ` with a minimum penalty above ${n} years`,
    ruleSet: (id: string, hash: string, variants: string) => `Rule set ${id} (${hash.slice(0, 12)})${variants}.`,
    variants: (list: string) => `, readings: ${list}`,
  },
} as const;

/** Offence labels by code, in both languages (the registry's thesaurus, or the code itself). */
export type OffenceLabels = ReadonlyMap<string, { es: string; en: string }>;

/** A template split at its placeholders: text, key, text, key, …, text. */
type Template = readonly string[];

const PLACEHOLDER = /\{(offence|category|episode|episodeNumber|factsOn|period|threshold)\}/;

type Lookups = {
  templates: Record<Language, Map<string, Template>>;
  articles: Map<string, string>;
  /** Episodes by id: a reading may split one into several windows that keep its id. */
  episodes: Map<string, CompiledRuleSet['episodes']>;
  period: string;
  deadlines: Map<string, RuleSet['deadlines'][number]>;
};
const LOOKUPS = new WeakMap<CompiledRuleSet, Lookups>();

/** Tables for rendering, built once per compiled rule set. */
function lookupsOf(compiled: CompiledRuleSet): Lookups {
  let lookups = LOOKUPS.get(compiled);
  if (!lookups) {
    const window = Object.values(compiled.parameters).find((v) => typeof v === 'object' && v !== null) as { from: string; to: string } | undefined;
    lookups = {
      templates: {
        es: new Map(compiled.ruleSet.rules.map((rule) => [rule.id, rule.explain.es.split(PLACEHOLDER)])),
        en: new Map(compiled.ruleSet.rules.map((rule) => [rule.id, rule.explain.en.split(PLACEHOLDER)])),
      },
      articles: new Map(compiled.ruleSet.rules.map((rule) => [rule.id, rule.article])),
      episodes: compiled.episodes.reduce(
        (map, episode) => map.set(episode.id, [...(map.get(episode.id) ?? []), episode]),
        new Map<string, CompiledRuleSet['episodes']>(),
      ),
      period: window ? `${window.from} – ${window.to}` : '',
      deadlines: new Map(compiled.ruleSet.deadlines.map((deadline) => [deadline.id, deadline])),
    };
    LOOKUPS.set(compiled, lookups);
  }
  return lookups;
}

/** How a charge is named in sentences: the thesaurus label, the charge as written, or its category. */
function chargeName(charge: ChargeResult, compiled: CompiledRuleSet, language: Language, labels: OffenceLabels): string {
  if (charge.offence !== null) {
    const label = labels.get(charge.offence)?.[language];
    if (label) return label;
  }
  if (charge.offenceText !== null) return charge.offenceText;
  if (charge.offence !== null) return charge.offence;
  return charge.category !== null
    ? (compiled.ruleSet.categories[charge.category]?.[language] ?? WORDS[language].unnamedOffence)
    : WORDS[language].unnamedOffence;
}

/** The explanation of one result as sentences. */
export function explainResult(result: EligibilityResult, compiled: CompiledRuleSet, language: Language, labels: OffenceLabels = new Map()): string[] {
  const w = WORDS[language];
  const ruleSet = compiled.ruleSet;
  const lookups = lookupsOf(compiled);
  const outcomeWord = (o: Outcome) => w[o];
  const lines: string[] = [w.outcome(outcomeWord(result.outcome), ruleSet.title[language])];
  if (result.decisive) lines.push(w.decisive(result.decisive.article));
  const threshold = compiled.parameters.drug_min_penalty_threshold_years;
  const thresholdText = typeof threshold === 'number' ? w.threshold(threshold) : '';
  // The window of each episode the charge's dates fall in (a reading may split an episode into several).
  const windowsOf = (id: string, factsOn: string | null) => {
    const windows = lookups.episodes.get(id) ?? [];
    if (windows.length <= 1 || factsOn === null) return windows;
    const [from, until] = factsOn.split('/') as [string, string | undefined];
    const lo = partialDateBounds(from)?.[0];
    const hi = partialDateBounds(until ?? from)?.[1];
    const inside = lo === undefined || hi === undefined ? [] : windows.filter((episode) => lo >= episode.start && hi <= episode.end);
    return inside.length > 0 ? inside : windows;
  };
  const episodeText = (ids: readonly string[], part: 'label' | 'number', factsOn: string | null = null) => {
    // Most charges fall in one episode of one window.
    const only = ids.length === 1 ? lookups.episodes.get(ids[0]!) : undefined;
    if (only?.length === 1) return part === 'label' ? only[0]!.label[language] : only[0]!.number !== undefined ? String(only[0]!.number) : '';
    return [
      ...new Set(
        ids
          .flatMap((id) => windowsOf(id, factsOn))
          .map((episode) => (part === 'label' ? episode.label[language] : episode.number !== undefined ? String(episode.number) : '')),
      ),
    ]
      .filter(Boolean)
      .join(part === 'label' ? '; ' : ', ');
  };
  const render = (id: string, chargeIndex: number | null) => {
    const template = lookups.templates[language].get(id) ?? [id];
    const charge = chargeIndex === null ? null : result.charges[chargeIndex];
    const episodes = charge ? (charge.episodes ?? (charge.episode ? [charge.episode] : [])) : [];
    let text = template[0]!;
    // split() with a capturing group puts each placeholder's name at the odd indices.
    for (let i = 1; i < template.length; i += 2) {
      const key = template[i];
      text +=
        key === 'offence'
          ? charge
            ? chargeName(charge, compiled, language, labels)
            : ''
          : key === 'category'
            ? charge?.category
              ? (ruleSet.categories[charge.category]?.[language] ?? '')
              : ''
            : key === 'episode'
              ? episodeText(episodes, 'label', charge?.factsOn ?? null)
              : key === 'episodeNumber'
                ? episodeText(episodes, 'number', charge?.factsOn ?? null)
                : key === 'factsOn'
                  ? (charge?.factsOn ?? '?')
                  : key === 'period'
                    ? lookups.period
                    : thresholdText;
      text += template[i + 1]!;
    }
    return text;
  };
  const ruleText = (rule: RuleRef, chargeIndex: number | null) => `${render(rule.rule, chargeIndex)} [${rule.article}]`;
  for (const charge of result.charges) {
    lines.push(w.charge(charge.index + 1, chargeName(charge, compiled, language, labels), charge.factsOn, outcomeWord(charge.outcome)));
    if (charge.categorySource === 'case' && charge.category !== null)
      lines.push(`  ${w.categoryFromCase(ruleSet.categories[charge.category]?.[language] ?? charge.category)}`);
    if (charge.decisive) lines.push(`  ${ruleText(charge.decisive, charge.index)}`);
    if (charge.reason === 'no_rule') lines.push(`  ${w.noRule}`);
    if (charge.reason === 'offence_not_in_table')
      lines.push(
        `  ${w.notInTable(
          chargeName(charge, compiled, language, labels),
          Object.values(ruleSet.categories)
            .map((label) => label[language])
            .join('; '),
        )}`,
      );
    if ((charge.episodes?.length ?? 0) > 1) lines.push(`  ${w.episodes(episodeText(charge.episodes, 'label', charge.factsOn))}`);
    if ((charge.possibleEpisodes?.length ?? 0) > 0 && charge.outcome === 'review')
      lines.push(`  ${w.possibleEpisodes(episodeText(charge.possibleEpisodes, 'label'))}`);
    for (const rule of charge.overridden) lines.push(`  ${w.overridden(ruleText(rule, charge.index))}`);
    if (charge.conflict.length > 0) lines.push(`  ${w.conflict(charge.conflict.map((rule) => ruleText(rule, charge.index)).join('; '))}`);
  }
  if (result.reason === 'no_charges') lines.push(w.noCharges);
  if (result.charges.some((charge) => charge.factsOn !== null) && result.dateSource) lines.push(w.dateSource(result.dateSource));
  if (result.caseLevel.decisive) lines.push(ruleText(result.caseLevel.decisive, null));
  for (const rule of result.caseLevel.overridden) lines.push(w.overridden(ruleText(rule, null)));
  for (const use of result.factsUsed) {
    const definition = compiled.facts[use.fact];
    // Presumed facts are said with what depends on them, below.
    if (!definition || use.assumed) continue;
    const value = use.value === null ? w.unknown : use.value ? w.yes : w.no;
    lines.push(
      `${use.charge === null ? '' : w.chargeTag(use.charge + 1)}${w.factUsed(definition.question[language], value, use.source ? w.source(use.source) : '')}`,
    );
  }
  for (const presumption of result.presumptions ?? []) {
    const definition = compiled.facts[presumption.fact];
    if (!definition?.assumption) continue;
    const prefix = presumption.charge === null ? '' : w.chargeTag(presumption.charge + 1);
    lines.push(`${prefix}${w.presumption(definition.question[language], presumption.value ? w.yes : w.no, definition.assumption.why[language])}`);
    const relied = presumption.reliedOnBy.map((rule) => (rule.applies ? w.applies : w.doesNotApply)(ruleText(rule, presumption.charge)));
    if (relied.length > 0) lines.push(w.reliedOn(relied.join(w.and)));
  }
  if (result.missingFacts.length > 0) {
    lines.push(w.missing);
    for (const item of result.missingFacts) {
      const question =
        item.fact === 'facts_date'
          ? w.factsDate
          : item.fact === 'min_penalty_years'
            ? w.penalty
            : item.fact === 'offence_category'
              ? w.offenceCategory
              : (compiled.facts[item.fact]?.question[language] ?? item.fact);
      lines.push(`  - ${item.charge === null ? '' : w.chargeTag(item.charge + 1)}${question}${item.alleged ? w.alleged : ''}`);
    }
  }
  if ((result.readings?.length ?? 0) > 0) {
    lines.push(w.uncertain, w.appliedReading(outcomeWord(result.outcome)));
    for (const reading of result.readings) {
      const label = ruleSet.variants[reading.reading]?.label[language] ?? reading.reading;
      lines.push((reading.added ? w.underReading : w.withoutReading)(label, outcomeWord(reading.outcome), reading.decisive?.article ?? null));
    }
  }
  if (result.outcome === 'covered') {
    for (const effect of ruleSet.effects.does) lines.push(`${w.effect} ${effect.text[language]} [${effect.article}]`);
    for (const effect of ruleSet.effects.doesNot) lines.push(`${w.noEffect} ${effect.text[language]}`);
  }
  for (const requirement of result.requirements) lines.push(`${requirement.certain ? w.requirement : w.maybe} ${render(requirement.rule, null)}`);
  for (const deadline of result.deadlines) {
    const definition = lookups.deadlines.get(deadline.deadline);
    const label = definition?.label[language] ?? deadline.deadline;
    let status = w.status[deadline.status](deadline.days);
    if (deadline.status === 'not_in_force' && definition?.from === 'in_force' && compiled.inForce) status += w.countedFrom(compiled.inForce);
    if (!deadline.verified) status += w.unverified;
    lines.push(deadline.status === 'not_in_force' ? w.wouldBe(label, deadline.due, status) : w.deadline(label, deadline.due, status));
  }
  if (result.standing?.allowed === false) lines.push(w.standing(w.requesters[result.standing.by], result.standing.article));
  if (result.standing && result.standing.allowed === null) lines.push(w.standingUnknown(w.requesters[result.standing.by]));
  const readings = result.ruleSet.variants.map((name) => ruleSet.variants[name]?.label[language] ?? name);
  lines.push(w.ruleSet(result.ruleSet.id, result.ruleSet.hash, readings.length > 0 ? w.variants(readings.join('; ')) : ''));
  return lines;
}
