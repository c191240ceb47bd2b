import { dayNumber } from '../model/dates.js';
import { isTemplateSlot } from '../model/template.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { findHeading, linesBetween } from './text.js';

const FIELDS = ['date', 'context', 'decision', 'rationale', 'consequences', 'status'] as const;
const FENCE = /^\s*(?:```|~~~)/;

export default ruleWithDefaults('decision-record', {
  meta: {
    description: 'Each line of the Decision Record is an ADR entry: date|context|decision|rationale|consequences|status.',
    url: docsUrl('decision-record'),
    messages: {
      missing: 'A {{status}} {{severity}} postmortem needs a "{{section}}" section: one line per conclusion, date:…|context:…|decision:…|rationale:…|consequences:…|status:…',
      empty: '"{{section}}" holds no decision',
      missingFields: 'Decision record lacks {{fields}}: write date:…|context:…|decision:…|rationale:…|consequences:…|status:…',
      emptyField: 'Decision record field "{{field}}" is empty',
      unknownField: 'Decision record has the unknown field "{{field}}"',
      badDate: 'Decision record date "{{date}}" is not an ISO 8601 date or date-time',
      badStatus: 'Decision record status "{{status}}" is not one of {{statuses}}',
    },
  },
  check(doc, report, { options }) {
    const heading = findHeading(doc, options.sections);
    const section = options.sections[0]!;
    if (!heading) {
      const { status = '', severity = '' } = doc.meta;
      if (options.requiredFor.statuses.includes(status) && options.requiredFor.severities.includes(severity)) {
        report({ messageId: 'missing', data: { status, severity, section }, at: doc.title?.span ?? { line: 1, column: 1 } });
      }
      return;
    }
    const records = recordLines(linesBetween(doc, heading.span.endLine + 1, heading.endLine));
    if (records.length === 0) return report({ messageId: 'empty', data: { section: heading.text }, at: heading.span });
    for (const { line, text } of records) {
      const at = { line, column: 1 };
      const fields = new Map<string, string>();
      for (const part of text.split('|')) {
        const colon = part.indexOf(':');
        const key = (colon === -1 ? part : part.slice(0, colon)).trim().toLowerCase();
        if (key !== '') fields.set(key, colon === -1 ? '' : part.slice(colon + 1).trim());
      }
      const missing = FIELDS.filter((field) => !fields.has(field));
      if (missing.length > 0) {
        report({ messageId: 'missingFields', data: { fields: missing.map((field) => `"${field}"`).join(', ') }, at });
        continue;
      }
      for (const key of fields.keys()) {
        if (!(FIELDS as readonly string[]).includes(key)) report({ messageId: 'unknownField', data: { field: key }, at });
      }
      for (const field of FIELDS) if (fields.get(field) === '') report({ messageId: 'emptyField', data: { field }, at });
      const date = fields.get('date')!;
      // A template slot (`date:<YYYY-MM-DD>`) is the placeholder rule's to report.
      if (date !== '' && !isTemplateSlot(date) && dayNumber(date) === undefined && !isDateTime(date)) report({ messageId: 'badDate', data: { date }, at });
      const status = fields.get('status')!;
      if (status !== '' && !isTemplateSlot(status) && !options.statuses.includes(status.toLowerCase())) {
        report({ messageId: 'badStatus', data: { status, statuses: options.statuses.join(', ') }, at });
      }
    }
  },
});

/**
 * The record lines: inside fenced blocks when the section has any (prose
 * around them is commentary), else every line but blanks and HTML comments.
 */
function recordLines(lines: { line: number; text: string }[]): { line: number; text: string }[] {
  const fenced: { line: number; text: string }[] = [];
  let inFence = false;
  let sawFence = false;
  for (const entry of lines) {
    if (FENCE.test(entry.text)) {
      inFence = !inFence;
      sawFence = true;
    } else if (inFence) fenced.push(entry);
  }
  const candidates = sawFence ? fenced : lines.filter(({ text }) => !/^\s*<!--.*-->\s*$/.test(text));
  return candidates.filter(({ text }) => text.trim() !== '').map(({ line, text }) => ({ line, text: text.trim().replace(/^[-*+]\s+/, '') }));
}

function isDateTime(text: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$/.exec(text);
  return match !== null && dayNumber(match[1]!) !== undefined && !Number.isNaN(Date.parse(text.endsWith('Z') || /[+-]\d{2}:\d{2}$/.test(text) ? text : `${text}Z`));
}
