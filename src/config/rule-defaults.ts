import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { Severity } from '../model/finding.js';
import { SECTION_KEYS, type SectionKey } from '../model/postmortem.js';
import { MILESTONES } from '../model/timeline.js';

/**
 * The rules' defaults, as configuration: per rule id, its default severity, the JSON Schema of its options and
 * its default options. The schema is the one definition of a rule's options: the config is validated against it
 * when it is loaded, and the options type a rule's `check` reads is derived from it (`OptionsOf`), so the two
 * cannot drift apart. The rules (src/rules/) take these through `ruleWithDefaults`; `resolveConfig` starts
 * from them.
 */

/** A rule's options: an object of named options, closed (an unknown option is a config error). */
export interface OptionsSchema {
  readonly type: 'object';
  readonly additionalProperties: false;
  readonly properties: { readonly [option: string]: JSONSchema };
}

/**
 * The options a rule's `check` is given: every option its schema names, as the config sets it or, where the
 * config leaves it out, as its default (a config's options merge over the defaults option by option, so every
 * top-level option is there; within an option, the schema's `required` says what is).
 */
export type OptionsOf<Schema extends OptionsSchema | undefined> = Schema extends OptionsSchema ? Required<FromSchema<Schema>> : Record<string, never>;

export interface RuleDefaults<Schema extends OptionsSchema | undefined> {
  defaultSeverity: Severity;
  /** Absent for a rule that takes no options: any option given to it is a config error. */
  optionsSchema?: Schema;
  defaultOptions: OptionsOf<Schema>;
}

/** A rule with options: the schema is written once, `as const` through the `const` type parameter. */
function withOptions<const Schema extends OptionsSchema>(defaultSeverity: Severity, optionsSchema: Schema, defaultOptions: OptionsOf<Schema>): RuleDefaults<Schema> {
  return { defaultSeverity, optionsSchema, defaultOptions };
}

function withoutOptions(defaultSeverity: Severity): RuleDefaults<undefined> {
  return { defaultSeverity, defaultOptions: {} };
}

/** A list of names, as the options of many rules take them: at least one, none empty. */
const NAMES = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } as const;
/** Days by priority. */
const DAYS = { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } } as const;

const ALL_SECTIONS: SectionKey[] = [...SECTION_KEYS];
const CORE_SECTIONS: SectionKey[] = ['root-cause-analysis', 'action-items', 'lessons-learned'];

export const RULE_DEFAULTS = {
  frontmatter: withoutOptions('error'),

  'required-sections': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        bySeverity: {
          description: 'Sections each severity requires; `default` applies to severities not listed.',
          type: 'object',
          additionalProperties: { type: 'array', items: { enum: SECTION_KEYS } },
        },
      },
    },
    { bySeverity: { SEV1: ALL_SECTIONS, SEV2: ALL_SECTIONS, SEV3: CORE_SECTIONS, SEV4: CORE_SECTIONS } },
  ),

  placeholder: withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        words: { description: 'Words that mark unfinished text, matched as whole words, case-sensitively.', type: 'array', items: { type: 'string', minLength: 1 } },
        phrases: { description: 'Literal phrases of your template that must not survive into a postmortem.', type: 'array', items: { type: 'string', minLength: 1 } },
        emptySections: { description: 'Whether a section with nothing but its heading is reported.', type: 'boolean' },
      },
    },
    { words: ['TODO', 'TBD', 'TBA', 'XXX', 'FIXME'], phrases: [], emptySections: true },
  ),

  'five-whys': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        minSteps: { description: 'The fewest steps a chain may have.', type: 'integer', minimum: 1 },
        severities: { description: 'Severities whose postmortems must have a chain; empty means every severity.', type: 'array', items: { type: 'string' } },
      },
    },
    { minSteps: 5, severities: [] },
  ),

  timeline: withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: { milestones: { description: 'Milestones the timeline must mark.', type: 'array', items: { enum: MILESTONES } } },
    },
    { milestones: ['start', 'detect', 'mitigate', 'resolve'] },
  ),

  metrics: withOptions(
    'warning',
    {
      type: 'object',
      additionalProperties: false,
      properties: { toleranceMinutes: { description: 'Minutes a stated value may differ from the computed one.', type: 'number', minimum: 0 } },
    },
    { toleranceMinutes: 5 },
  ),

  'contributing-factors': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        categories: NAMES,
        preventable: { description: 'Whether a factors table must say, per factor, whether it was preventable.', type: 'boolean' },
      },
    },
    { categories: ['people', 'process', 'technology', 'environment', 'external'], preventable: true },
  ),

  'root-cause-confidence': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        threshold: { description: 'Below this confidence (0-100) the missing evidence must be listed.', type: 'integer', minimum: 0, maximum: 100 },
        dataGapsSections: { description: 'Headings that name the section listing missing evidence.', ...NAMES },
      },
    },
    { threshold: 70, dataGapsSections: ['Data Gaps', 'Evidence Gaps', 'Missing Evidence', 'Gaps in the Data', 'Gaps in the Evidence'] },
  ),

  'decision-record': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        sections: { description: 'Headings that name the section.', ...NAMES },
        requiredFor: {
          description: 'The record is required for postmortems with one of these statuses and one of these severities.',
          type: 'object',
          additionalProperties: false,
          required: ['statuses', 'severities'],
          properties: { statuses: { type: 'array', items: { type: 'string' } }, severities: { type: 'array', items: { type: 'string' } } },
        },
        statuses: NAMES,
      },
    },
    {
      sections: ['Decision Record', 'Decision Records', 'Decision Log'],
      requiredFor: { statuses: ['published'], severities: ['SEV1', 'SEV2'] },
      statuses: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'],
    },
  ),

  'related-incidents': withoutOptions('error'),

  recurrence: withOptions(
    'warning',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        sections: { description: 'Headings of the section that names the earlier incidents of a pattern.', ...NAMES },
        organizationalRootCause: { description: 'Whether a postmortem in a pattern must state an organisational root cause.', type: 'boolean' },
      },
    },
    { sections: ['Pattern Recognition', 'Related Incidents', 'Recurrence'], organizationalRootCause: true },
  ),

  'action-item-id': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      // `format: 'regex'`: the config loader checks the pattern (syntax, and that it runs in linear time) and runs it with the `u` flag.
      properties: { pattern: { description: 'Regular expression an item ID must match.', type: 'string', minLength: 1, format: 'regex' } },
    },
    { pattern: '^AI-\\d{3}$' },
  ),

  'action-item-type': withOptions('error', { type: 'object', additionalProperties: false, properties: { types: NAMES } }, { types: ['detect', 'mitigate', 'prevent', 'process', 'repair'] }),

  'action-item-priority': withOptions('error', { type: 'object', additionalProperties: false, properties: { priorities: NAMES } }, { priorities: ['P0', 'P1', 'P2', 'P3'] }),

  'action-item-owner': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        handles: { description: 'Whether the owner must be a GitHub handle; without, a name ("jennifer", "Jane Doe") is an owner too.', type: 'boolean' },
      },
    },
    { handles: true },
  ),

  'action-item-due': withOptions(
    'error',
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        deadlines: { description: 'Days after the incident date within which an item of each priority is due.', ...DAYS },
        bySeverity: { description: 'Overrides of `deadlines` for a severity, priority by priority.', type: 'object', additionalProperties: DAYS },
      },
    },
    { deadlines: { P0: 7, P1: 30, P2: 60, P3: 90 }, bySeverity: {} },
  ),

  'action-item-wording': withOptions(
    'warning',
    {
      type: 'object',
      additionalProperties: false,
      properties: { minWords: { description: 'Descriptions with fewer words than this are too short to tell when they are done.', type: 'integer', minimum: 1 } },
    },
    { minWords: 3 },
  ),

  'blameless-language': withoutOptions('warning'),
};

export type RuleId = keyof typeof RULE_DEFAULTS;

/** The options type of a rule, derived from its schema. */
export type RuleOptions<Id extends RuleId> = (typeof RULE_DEFAULTS)[Id]['defaultOptions'];

/** What the configuration needs of a rule: its id, default severity and options, and their schema. */
export interface RuleDeclaration {
  meta: { id: string; defaultSeverity: Severity; optionsSchema?: object };
  defaultOptions: Record<string, unknown>;
}

/** The rules' defaults in the shape `resolveConfig` reads, in the order of `RULE_DEFAULTS`. */
export const RULE_DECLARATIONS: readonly RuleDeclaration[] = Object.entries(
  // Read without the derived types: `resolveConfig` handles every rule's options alike.
  RULE_DEFAULTS as Record<string, { defaultSeverity: Severity; optionsSchema?: object; defaultOptions: Record<string, unknown> }>,
).map(([id, { defaultSeverity, optionsSchema, defaultOptions }]) => ({ meta: { id, defaultSeverity, ...(optionsSchema ? { optionsSchema } : {}) }, defaultOptions }));
