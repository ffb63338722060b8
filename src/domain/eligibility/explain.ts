/**
 * Renders a result as sentences in Spanish or English: the outcome, the decisive rule and
 * its article, the facts it used with their sources, the rules it set aside, the facts
 * still to collect, the conditions to meet and the deadlines.
 */
import type { CompiledRuleSet } from './compile-rule-set.js';
import type { EligibilityResult, Outcome } from './evaluate-case.js';
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
    overridden: (list: string) => `Se apartan por excepción: ${list}.`,
    conflict: (list: string) => `Conflicto entre reglas que aplican sin que una prevalezca sobre otra: ${list}. Lo decide un abogado.`,
    noRule: 'Ninguna regla del instrumento decide este cargo.',
    notInTable: (offence: string) => `El delito «${offence}» no está en la tabla de delitos del instrumento.`,
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
    },
    standing: (by: string, article: string) => `Quien solicita (${by}) no está legitimado según ${article}.`,
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
    overridden: (list: string) => `Set aside as exceptions apply: ${list}.`,
    conflict: (list: string) => `Conflict between rules that apply with neither prevailing: ${list}. A lawyer decides.`,
    noRule: 'No rule of the instrument decides this charge.',
    notInTable: (offence: string) => `The offence "${offence}" is not in the instrument's offence table.`,
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
    },
    standing: (by: string, article: string) => `The requester (${by}) has no standing under ${article}.`,
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

const PLACEHOLDER = /\{(offence|episode|episodeNumber|factsOn|period|threshold)\}/;

type Lookups = {
  templates: Record<Language, Map<string, Template>>;
  episodes: Map<string, CompiledRuleSet['episodes'][number]>;
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
      episodes: new Map(compiled.episodes.map((episode) => [episode.id, episode])),
      period: window ? `${window.from} – ${window.to}` : '',
      deadlines: new Map(compiled.ruleSet.deadlines.map((deadline) => [deadline.id, deadline])),
    };
    LOOKUPS.set(compiled, lookups);
  }
  return lookups;
}

/** The explanation of one result as sentences. */
export function explainResult(result: EligibilityResult, compiled: CompiledRuleSet, language: Language, labels: OffenceLabels = new Map()): string[] {
  const w = WORDS[language];
  const ruleSet = compiled.ruleSet;
  const lookups = lookupsOf(compiled);
  const offence = (code: string) => labels.get(code)?.[language] ?? code;
  const outcomeWord = (o: Outcome) => w[o];
  const lines: string[] = [w.outcome(outcomeWord(result.outcome), ruleSet.title[language])];
  if (result.decisive) lines.push(w.decisive(result.decisive.article));
  const threshold = compiled.parameters.drug_min_penalty_threshold_years;
  const thresholdText = typeof threshold === 'number' ? w.threshold(threshold) : '';
  const render = (id: string, chargeIndex: number | null) => {
    const template = lookups.templates[language].get(id) ?? [id];
    const charge = chargeIndex === null ? null : result.charges[chargeIndex];
    const episode = charge?.episode ? lookups.episodes.get(charge.episode) : undefined;
    let text = template[0]!;
    // split() with a capturing group puts each placeholder's name at the odd indices.
    for (let i = 1; i < template.length; i += 2) {
      const key = template[i];
      text +=
        key === 'offence'
          ? charge
            ? offence(charge.offence)
            : ''
          : key === 'episode'
            ? (episode?.label[language] ?? '')
            : key === 'episodeNumber'
              ? episode?.number !== undefined
                ? String(episode.number)
                : ''
              : key === 'factsOn'
                ? (charge?.factsOn ?? '?')
                : key === 'period'
                  ? lookups.period
                  : thresholdText;
      text += template[i + 1]!;
    }
    return text;
  };
  for (const charge of result.charges) {
    lines.push(w.charge(charge.index + 1, offence(charge.offence), charge.factsOn, outcomeWord(charge.outcome)));
    if (charge.decisive) lines.push(`  ${render(charge.decisive.rule, charge.index)} [${charge.decisive.article}]`);
    if (charge.reason === 'no_rule') lines.push(`  ${w.noRule}`);
    if (charge.reason === 'offence_not_in_table') lines.push(`  ${w.notInTable(charge.offence)}`);
    if (charge.overridden.length > 0) lines.push(`  ${w.overridden(charge.overridden.map((r) => `${r.rule} (${r.article})`).join(', '))}`);
    if (charge.conflict.length > 0) lines.push(`  ${w.conflict(charge.conflict.map((r) => `${r.rule} (${r.article})`).join(', '))}`);
  }
  if (result.reason === 'no_charges') lines.push(w.noCharges);
  if (result.charges.some((charge) => charge.factsOn !== null) && result.dateSource) lines.push(w.dateSource(result.dateSource));
  if (result.caseLevel.decisive) lines.push(`${render(result.caseLevel.decisive.rule, null)} [${result.caseLevel.decisive.article}]`);
  if (result.caseLevel.overridden.length > 0) lines.push(w.overridden(result.caseLevel.overridden.map((r) => `${r.rule} (${r.article})`).join(', ')));
  for (const use of result.factsUsed) {
    const definition = compiled.facts[use.fact];
    if (!definition) continue;
    const value = use.value === null ? w.unknown : use.value ? w.yes : w.no;
    const why = use.assumed && definition.assumption ? w.assumed(definition.assumption.why[language]) : '';
    lines.push(
      `${use.charge === null ? '' : `[${use.charge + 1}] `}${w.factUsed(definition.question[language], value, use.source ? w.source(use.source) : why)}`,
    );
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
      lines.push(`  - ${item.charge === null ? '' : `[${item.charge + 1}] `}${question}`);
    }
  }
  if (result.outcome === 'covered') {
    for (const effect of ruleSet.effects.does) lines.push(`${w.effect} ${effect.text[language]} [${effect.article}]`);
    for (const effect of ruleSet.effects.doesNot) lines.push(`${w.noEffect} ${effect.text[language]}`);
  }
  for (const requirement of result.requirements) lines.push(`${requirement.certain ? w.requirement : w.maybe} ${render(requirement.rule, null)}`);
  for (const deadline of result.deadlines) {
    const definition = lookups.deadlines.get(deadline.deadline);
    lines.push(w.deadline(definition?.label[language] ?? deadline.deadline, deadline.due, w.status[deadline.status](deadline.days)));
  }
  if (result.standing && !result.standing.allowed) lines.push(w.standing(result.standing.by, result.standing.article));
  lines.push(w.ruleSet(result.ruleSet.id, result.ruleSet.hash, result.ruleSet.variants.length > 0 ? w.variants(result.ruleSet.variants.join(', ')) : ''));
  return lines;
}
