import { SECTION_KEYS, type SectionKey } from '../model/postmortem.js';
import { defineRule, docsUrl } from './rule.js';

export interface RequiredSectionsOptions {
  /** Sections each severity requires; `default` applies to severities not listed. */
  bySeverity: Record<string, SectionKey[]>;
}

const ALL_SECTIONS = [...SECTION_KEYS];
const CORE_SECTIONS: SectionKey[] = ['root-cause-analysis', 'action-items', 'lessons-learned'];

export default defineRule<RequiredSectionsOptions>({
  meta: {
    id: 'required-sections',
    description: 'The sections the method requires for the incident’s severity are present.',
    url: docsUrl('required-sections'),
    defaultSeverity: 'error',
    messages: {
      missing: 'Missing section "{{title}}" (required for {{severity}})',
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        bySeverity: {
          type: 'object',
          additionalProperties: { type: 'array', items: { enum: ALL_SECTIONS } },
        },
      },
    },
  },
  defaultOptions: {
    bySeverity: { SEV1: ALL_SECTIONS, SEV2: ALL_SECTIONS, SEV3: CORE_SECTIONS, SEV4: CORE_SECTIONS },
  },
  check(doc, report, { options, config }) {
    // Without a valid severity (the frontmatter rule reports that) only the `default` list applies.
    const severity = doc.meta.severity !== undefined && config.format.severities.includes(doc.meta.severity) ? doc.meta.severity : undefined;
    const required = (severity === undefined ? undefined : options.bySeverity[severity]) ?? options.bySeverity.default ?? [];
    const present = new Set(doc.sections.map((section) => section.key));
    const at = doc.title?.span ?? { line: Math.min(doc.frontmatter.endLine + 1, doc.lineCount), column: 1 };
    for (const key of required) {
      if (present.has(key)) continue;
      report({ messageId: 'missing', data: { title: config.format.sections[key][0] ?? key, severity: severity ?? 'every postmortem' }, at });
    }
  },
});
