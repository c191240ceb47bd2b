import postmortemSchema from '../../schemas/postmortem.schema.json' with { type: 'json' };
import type { FormatSettings } from '../config/format.js';
import { frontmatterSchema } from '../config/frontmatter-schema.js';
import { normalizeTag } from '../config/knowledge-base.js';
import { isoDateOf } from '../model/dates.js';
import { isTemplateSlot } from '../model/template.js';
import type { Postmortem } from '../model/postmortem.js';
import type { MetaSource } from '../model/postmortem.js';
import { canonicalData, readMeta } from '../parse/meta.js';
import { keyName } from '../schema/validate.js';
import { compileSchema, describeErrors } from '../schema/validate.js';
import { docsUrl, ruleWithDefaults } from './rule.js';
import { rewriteOnce, sourceLines } from './text.js';

const validators = new Map<string, ReturnType<typeof compileSchema>>();

export { frontmatterSchema } from '../config/frontmatter-schema.js';

function validatorFor(format: FormatSettings): ReturnType<typeof compileSchema> {
  const key = JSON.stringify([format.idPattern, format.idExample, format.severities]);
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = compileSchema(frontmatterSchema(format))));
  return validate;
}

const KNOWN_KEYS = Object.keys(postmortemSchema.properties);

type TimestampKey = 'started_at' | 'detected_at' | 'mitigated_at' | 'resolved_at';
const MOMENTS: Record<TimestampKey, string> = { started_at: 'impact start', detected_at: 'detection', mitigated_at: 'mitigation', resolved_at: 'resolution' };
/**
 * Each timestamp and the ones it cannot precede. Detection and mitigation may come in either order (an automatic
 * failover mitigates before anyone knows), so they are not compared.
 */
const NOT_BEFORE: [TimestampKey, TimestampKey[]][] = [
  ['detected_at', ['started_at']],
  ['mitigated_at', ['started_at']],
  ['resolved_at', ['started_at', 'mitigated_at']],
];
/** The schema's date-time with a zone; anything else is reported as invalid and not compared. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

function instantOf(value: string | undefined): number | undefined {
  if (value === undefined || !DATE_TIME.test(value)) return undefined;
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? undefined : instant;
}

export default ruleWithDefaults('frontmatter', {
  meta: {
    description: 'The YAML frontmatter follows schemas/postmortem.schema.json, its timestamps do not contradict each other, and incident ids are unique.',
    url: docsUrl('frontmatter'),
    messages: {
      absent: 'The file has no YAML frontmatter: start it with a "---" block holding id, title, date, severity, status, authors and tags',
      missingKey: 'Frontmatter is missing the required key "{{key}}"',
      unknownKey: 'Frontmatter key "{{key}}" is not known{{suggestion}}; custom keys start with "x-"',
      invalid: 'Frontmatter "{{key}}" {{problem}}',
      duplicateId: 'Incident id "{{id}}" is also used by {{others}}; ids must be unique in the knowledge base',
      timestampOrder: 'Frontmatter "{{key}}" ({{value}}) is before "{{other}}" ({{otherValue}}): {{moment}} cannot come before {{otherMoment}}',
    },
  },
  check(doc, report, { format, knowledge }) {
    const { frontmatter } = doc;
    // Another tool's keys (`start_time: started_at`) are read, validated and located as the keys they map to.
    const { data, writtenAs } = canonicalData(frontmatter.data, format.frontmatterKeys);
    const written = (path: readonly (string | number)[]) => {
      const [first, ...rest] = path;
      const as = typeof first === 'string' ? writtenAs.get(first) : undefined;
      return as === undefined ? path : [as, ...rest];
    };
    const locate = (path: readonly (string | number)[]) => frontmatter.locate(written(path));
    const id = doc.meta.id;
    const others = id === undefined ? [] : knowledge.holders(id).filter((path) => path !== doc.path);
    if (id !== undefined && others.length > 0) {
      report({ messageId: 'duplicateId', data: { id, others: others.join(', ') }, at: locate(['id']) ?? { line: 1, column: 1 } });
    }
    if (!frontmatter.present) {
      if (format.frontmatter === 'required') report({ messageId: 'absent', at: { line: 1, column: 1 } });
      return;
    }
    if (!frontmatter.readable) return;
    // Only what the frontmatter says is compared: a default or a date from the file name is no contradiction it wrote.
    const own = readMeta(frontmatter.data, format);
    for (const [key, earlier] of NOT_BEFORE) {
      const instant = instantOf(own[key]);
      const other = earlier.find((candidate) => instant !== undefined && (instantOf(own[candidate]) ?? -Infinity) > instant);
      if (other === undefined) continue;
      report({
        messageId: 'timestampOrder',
        data: { key: keyName(written([key])), value: own[key]!, other: keyName(written([other])), otherValue: own[other]!, moment: MOMENTS[key], otherMoment: MOMENTS[other] },
        at: locate([key]) ?? { line: frontmatter.startLine, column: 1 },
      });
    }
    const validate = validatorFor(format);
    if (validate(data)) return;
    const opening = { line: frontmatter.startLine, column: 1, endLine: frontmatter.startLine, endColumn: 4 };
    const givenElsewhere = keysGivenElsewhere(doc);
    for (const problem of describeErrors(validate.errors)) {
      if (problem.missing !== undefined && problem.path.length === 0) {
        // A key the document gives by its file name, or the configuration by a default, is not missing;
        // where frontmatter is optional, one written for another tool (a site generator's) owes us no key.
        if (format.frontmatter === 'required' && !givenElsewhere.has(problem.missing)) report({ messageId: 'missingKey', data: { key: problem.missing }, at: opening });
      } else if (problem.problem === 'is not a known key' && problem.path.length === 1) {
        if (format.extraKeys === 'allow') continue;
        const suggestion = closest(String(problem.path[0]), KNOWN_KEYS);
        report({
          messageId: 'unknownKey',
          data: { key: problem.key, suggestion: suggestion ? ` (did you mean "${suggestion}"?)` : '' },
          at: locate(problem.path) ?? opening,
        });
      } else if (!isTemplateSlot(valueAt(data, problem.path))) {
        // A template slot (`confidence: "<0-100>"`) is the placeholder rule's to report, once.
        const at = locate(problem.path);
        const value = valueAt(data, problem.path);
        const fixed = value === undefined ? undefined : fixedValue(problem.path, value, data);
        const suggestion = at && fixed !== undefined ? rewriteOnce(sourceLines(doc), at, value!, fixed) : undefined;
        report({ messageId: 'invalid', data: { key: keyName(written(problem.path)), problem: problem.problem }, at: at ?? opening, suggestion });
      }
    }
  },
});

/** Sources that declare a value, unlike `text` (the first date of the text, a guess). */
// A line of the body is no stand-in for a frontmatter key that is required: other tools read the frontmatter alone.
const DECLARED: ReadonlySet<MetaSource> = new Set(['file name', 'default']);

/** The keys whose value comes from outside the frontmatter by a declared source. */
function keysGivenElsewhere(doc: Postmortem): Set<string> {
  return new Set(Object.entries(doc.metaSources).flatMap(([key, source]) => (DECLARED.has(source) ? [key] : [])));
}

const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Kebab-case tags that YAML would not read as a string when written plain (numbers, booleans, null). */
const NOT_A_STRING = /^(?:\d+|0o[0-7]+|0x[0-9a-f]+|\d+e-?\d+|null|true|false)$/;

/**
 * The certain fix of an invalid value, or none: a date written year first as YYYY-MM-DD, a tag normalised as the
 * index reads it ("Connection_Pool" → "connection-pool") when that makes it valid and no other tag becomes its twin.
 * Synonyms are the knowledge base's reading, not a fault of the document: they are never suggested.
 */
function fixedValue(path: readonly (string | number)[], value: string, data: unknown): string | undefined {
  if (path.length === 1 && path[0] === 'date') return isoDateOf(value);
  if (path.length !== 2 || path[0] !== 'tags') return undefined;
  const tag = normalizeTag(value);
  if (tag === value || !TAG.test(tag) || NOT_A_STRING.test(tag)) return undefined;
  const tags = (data as { tags: unknown[] }).tags;
  const twin = tags.some((other, index) => index !== Number(path[1]) && typeof other === 'string' && normalizeTag(other) === tag);
  return twin ? undefined : tag;
}

function valueAt(data: unknown, path: readonly (string | number)[]): string | undefined {
  let value = data;
  for (const step of path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The known key within two edits of a misspelt one ("serverity" → "severity"). */
function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
