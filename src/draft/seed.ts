import { labelKey, type DraftSettings } from '../config/draft.js';
import type { IncidentRecord, Person } from './incident.js';
import { atxHeading, blockText } from './text.js';

/** What the incident's labels say: its severity (the most severe named) and its tags (the other labels). */
export function readLabels(labels: readonly string[], settings: DraftSettings, severities: readonly string[], defaults: Record<string, string>): { severity: string | undefined; tagLabels: string[] } {
  const map = { ...defaults, ...settings.severityLabels };
  const incidentLabel = labelKey(settings.label);
  let severity: string | undefined;
  const tagLabels: string[] = [];
  for (const label of labels) {
    const key = labelKey(label);
    if (key === incidentLabel) continue;
    const named = map[key];
    if (named !== undefined && severities.includes(named)) {
      if (severity === undefined || severities.indexOf(named) < severities.indexOf(severity)) severity = named;
    } else {
      tagLabels.push(label);
    }
  }
  return { severity, tagLabels };
}

/** The people who responded: the assignees first, then who wrote updates, each once; bots are not responders. */
export function respondersOf(record: IncidentRecord, ignoreLogins: readonly string[] = []): { person: Person; assigned: boolean; updates: number }[] {
  const ignored = new Set(ignoreLogins.map((login) => login.replace(/^@/, '').toLowerCase()));
  const byLogin = new Map<string, { person: Person; assigned: boolean; updates: number }>();
  const add = (person: Person | undefined, assigned: boolean, updates: number) => {
    if (!person || person.bot || ignored.has(person.login.toLowerCase())) return;
    const key = person.login.toLowerCase();
    const entry = byLogin.get(key) ?? { person, assigned: false, updates: 0 };
    entry.assigned ||= assigned;
    entry.updates += updates;
    byLogin.set(key, entry);
  };
  for (const person of record.assignees) add(person, true, 0);
  for (const comment of record.comments) add(comment.author, false, 1);
  return [...byLogin.values()];
}

/** The draft's authors: whoever closed the incident, else its assignees; never a bot. */
export function authorsOf(record: IncidentRecord, ignoreLogins: readonly string[] = []): string[] {
  const ignored = new Set(ignoreLogins.map((login) => login.replace(/^@/, '').toLowerCase()));
  const person = (candidate: Person) => !candidate.bot && !ignored.has(candidate.login.toLowerCase());
  if (record.closer && person(record.closer)) return [`@${record.closer.login}`];
  return record.assignees.filter(person).map((candidate) => `@${candidate.login}`);
}

const IMPACT_LABELS = new Set(['impact', 'customer impact', 'user impact', 'business impact', 'who is affected', 'affected']);

/** A line's label, when it opens with one: `**Impact:** …`, `**Impact**: …`, `- Impact: …`; `Impact - …` is not one. */
function labelled(line: string): { label: string; rest: string } | undefined {
  const bare = line.replace(/^[ \t]*(?:[-*+][ \t]+)?/, '');
  const emphasis = bare.startsWith('**') ? '**' : bare.startsWith('__') ? '__' : '';
  if (emphasis !== '') {
    const close = bare.indexOf(emphasis, 2);
    if (close === -1 || close > 42) return undefined;
    const inner = bare.slice(2, close).trim();
    const after = bare.slice(close + 2);
    if (inner.endsWith(':')) return { label: inner.slice(0, -1).trim().toLowerCase(), rest: after.trim() };
    return after.startsWith(':') ? { label: inner.toLowerCase(), rest: after.slice(1).trim() } : undefined;
  }
  const colon = bare.indexOf(':');
  if (colon <= 0 || colon > 40) return undefined;
  return { label: bare.slice(0, colon).trim().toLowerCase(), rest: bare.slice(colon + 1).trim() };
}

function headingText(line: string): string | undefined {
  return atxHeading(line)?.text.toLowerCase();
}

/**
 * The description split the way incident templates write it: what it says under an Impact heading (to
 * the next heading) or after an `Impact:` label (to the next blank line or label) seeds the Impact section, the
 * rest the Summary. Each as safe Markdown, capped.
 */
export function seedFromBody(body: string, max: number): { summary: string; impact: string } {
  const summary: string[] = [];
  const impact: string[] = [];
  let mode: 'summary' | 'impact-heading' | 'impact-field' = 'summary';
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = headingText(line);
    if (heading !== undefined) {
      mode = IMPACT_LABELS.has(heading.replace(/:$/, '')) ? 'impact-heading' : 'summary';
      if (mode === 'summary') summary.push(line);
      continue;
    }
    const field = labelled(line);
    if (field !== undefined && IMPACT_LABELS.has(field.label)) {
      mode = 'impact-field';
      if (field.rest !== '') impact.push(field.rest);
      continue;
    }
    if (mode === 'impact-field' && (field !== undefined || line.trim() === '')) mode = 'summary';
    (mode === 'summary' ? summary : impact).push(line);
  }
  return { summary: blockText(summary.join('\n'), max), impact: blockText(impact.join('\n'), max) };
}
