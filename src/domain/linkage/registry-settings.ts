/**
 * The linkage settings of our registry: persons (given names, two surnames, cédula,
 * birth date) as the registry exports them and as lists usually come. The same object is
 * shipped as linkage/registry.json for `recuento link`; a test keeps the two equal.
 * The prior m values come from the synthetic Venezuelan benchmark (docs/BENCHMARKS.md).
 */
import { type LinkSettings, LinkSettingsSchema } from './settings.js';

export const REGISTRY_LINK_SETTINGS: LinkSettings = LinkSettingsSchema.parse({
  id: 'id',
  comparisons: [
    {
      name: 'given_names',
      kind: 'given_names',
      columns: ['given_names'],
      termFrequency: true,
      m: [0.71, 0.1, 0.17, 0.005, 0.007, 0.008],
    },
    {
      name: 'surnames',
      kind: 'surnames',
      columns: ['first_surname', 'second_surname'],
      termFrequency: true,
      m: [0.51, 0.13, 0.35, 0.003, 0.004, 0.003],
    },
    {
      name: 'cedula',
      kind: 'cedula',
      columns: ['cedula'],
      m: [0.92, 0.075, 0.005],
    },
    {
      name: 'birth_date',
      kind: 'date',
      columns: ['birth_date'],
      m: [0.8, 0.02, 0.17, 0.005, 0.005],
    },
  ],
  blocking: [
    {
      name: 'same cédula',
      keys: [
        {
          comparison: 'cedula',
          key: 'value',
        },
      ],
    },
    {
      name: 'cédula one digit off and a surname sounds alike',
      keys: [
        {
          comparison: 'cedula',
          key: 'deletions',
        },
        {
          comparison: 'surnames',
          key: 'any_phonetic',
        },
      ],
      maxBlockSize: 50,
    },
    {
      name: 'both surnames sound alike',
      keys: [
        {
          comparison: 'surnames',
          key: 'pair_phonetic',
        },
      ],
      maxBlockSize: 300,
    },
    {
      // where a pair of common surnames is shared by more persons than the rule above allows (a
      // national registry), the given name splits them: namesakes are still found, and reviewed
      name: 'given name and both surnames sound alike',
      keys: [
        {
          comparison: 'given_names',
          key: 'first',
        },
        {
          comparison: 'surnames',
          key: 'pair_phonetic',
        },
      ],
      maxBlockSize: 300,
    },
    {
      // a surname mistyped ("Matínez"), with no cédula to find the person by: the rules above
      // see another pair of surnames, the one below a block of every namesake of one surname
      name: 'given name, a surname, and the other spelt nearly alike',
      keys: [
        {
          comparison: 'given_names',
          key: 'first',
        },
        {
          comparison: 'surnames',
          key: 'one_misspelt',
        },
      ],
      maxBlockSize: 100,
    },
    {
      name: 'given name and a surname sound alike',
      keys: [
        {
          comparison: 'given_names',
          key: 'first',
        },
        {
          comparison: 'surnames',
          key: 'any_phonetic',
        },
      ],
      maxBlockSize: 100,
    },
    {
      name: 'given name and birth date',
      keys: [
        {
          comparison: 'given_names',
          key: 'first',
        },
        {
          comparison: 'birth_date',
          key: 'value',
        },
      ],
      maxBlockSize: 500,
    },
    {
      name: 'a surname and the birth date',
      keys: [
        {
          comparison: 'surnames',
          key: 'any_phonetic',
        },
        {
          comparison: 'birth_date',
          key: 'value',
        },
      ],
      maxBlockSize: 500,
    },
  ],
  exclusive: ['cedula'],
  threshold: 0.9,
});
