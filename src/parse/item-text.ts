import type { ActionItemField } from '../model/postmortem.js';

/**
 * What one action item says about itself in its own words: the fields people
 * write inline in a list item ("Owner: @sre", "due 2024-03-01", "[P1]",
 * "✅ …", "DONE: …") and the description left once its markers are taken off.
 *
 * Every expression here runs over document text: each is anchored at a
 * literal word or at the start, and no quantified group can match the same
 * text two ways, so each stays linear however long the line.
 */
export interface ItemText {
  /** The text without its leading markers (done marks, TODO, an ID, strikethrough). */
  description: string;
  /** Each field found, as written (a due date in words becomes YYYY-MM-DD). */
  fields: Partial<Record<ActionItemField, string>>;
}

const HANDLE = String.raw`@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?`;
const ANY_HANDLE = new RegExp(String.raw`(?<![\w@])${HANDLE}`);
const OWNER_LABEL = String.raw`\b(?:owners?|assignees?|assigned to|dri)`;
/** "Owner: @x", "owner @x", "Assignee - @x". */
const LABELLED_HANDLE = new RegExp(String.raw`${OWNER_LABEL}\s*(?:[:=–—-]\s*)?(${HANDLE})`, 'i');
/** "Owner: Jane Doe": a name of up to four words, after a colon. */
const LABELLED_NAME = new RegExp(String.raw`${OWNER_LABEL}\s*[:=]\s*([\p{L}][\p{L}'’.-]{0,40}(?: [\p{L}][\p{L}'’.-]{0,40}){0,3})`, 'iu');
/** Words that end a name written after "Owner:" ("Owner: Jane Doe due …"). */
const AFTER_NAME = new Set(['due', 'by', 'priority', 'status', 'eta', 'type', 'deadline', 'target', 'id', 'p0', 'p1', 'p2', 'p3', 'p4']);
/** "(@x)", "— @x", "- @x" closing the item. */
const TRAILING_HANDLE = new RegExp(String.raw`[(—–-]\s*(${HANDLE})\)?$`);

const ISO_DATE = String.raw`\d{4}-\d{2}-\d{2}`;
const ANY_ISO_DATE = new RegExp(String.raw`\b${ISO_DATE}\b`);
const DUE_LABEL = String.raw`\b(?:due(?: date| by| on)?|deadline|eta|target date|by)`;
const LABELLED_ISO_DUE = new RegExp(String.raw`${DUE_LABEL}\s*(?:[:=–—-]\s*)?(${ISO_DATE})\b`, 'i');
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?`;
/** "due March 1, 2024", "by 1 March 2024". */
const LABELLED_WORDS_DUE = new RegExp(String.raw`${DUE_LABEL}\s*(?:[:=–—-]\s*)?(?:${MONTH} (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})|(\d{1,2})(?:st|nd|rd|th)? ${MONTH},? (\d{4}))\b`, 'i');
/** "Due: next sprint": kept as written, so the due rule can say it is not a date. */
const LABELLED_OTHER_DUE = /\b(?:due(?: date)?|deadline|eta)\s*[:=]\s*([^\s,;|().][^,;|().]{0,29})/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const LABELLED_PRIORITY = /\bpriority\s*(?:[:=–—-]\s*)?([A-Za-z0-9]{1,12})\b/i;
const ANY_PRIORITY = /\bP[0-9]\b/;
const LABELLED_TYPE = /\b(?:type|kind)\s*[:=]\s*([A-Za-z-]{1,20})/i;
/** "[prevent]": only the default types, since a bracketed word is otherwise anything ("[WIP]"). */
const BRACKETED_TYPE = /\[(detect|mitigate|prevent|process|repair)\]/i;
const LABELLED_STATUS = /\b(?:status|state)\s*[:=]\s*([^\s,;|()][^,;|()]{0,29})/i;

const ID = /^([A-Z]{1,5}-\d{1,6})\s*[:.)–—-]?\s*/;
const BRACKETED_ID = /^\[([A-Z]{1,5}-\d{1,6})\]\s*/;

/** Leading marks of a finished item: a ticked box, a check mark, `[done]`, `(done)`, `DONE`, `Done:`. */
const DONE_PREFIX = /^(?:\[[xX]\]|\[(?:done|completed|fixed)\]|\((?:done|completed|fixed)\)|✅|✔️?|☑️?|✓|🗸|DONE\b[:.–—-]?|(?:done|completed|fixed|finished|resolved)\s*[:–—-])\s*/iu;
/** Leading marks of an open item: an empty box, `TODO`, `[todo]`. */
const OPEN_PREFIX = /^(?:\[ \]|\[(?:todo|open|wip)\]|☐|⬜|🔲|TODO\b[:.–—-]?|(?:todo|open|wip|in progress)\s*[:–—-])\s*/iu;
/** "(done)", "(completed 2024-03-02)", "[done]" anywhere in the item. */
const DONE_ASIDE = /[([](?:done|completed|fixed|finished|resolved)\b[^()[\]]{0,40}[)\]]/i;
const DONE_MARKS = ['✅', '✔️', '✔', '☑️', '☑', '✓', '🗸'];
/** The status cells of Google's SRE template: `**DONE**`, `**TODO**`. */
const SHOUTED_STATUS = /\b(DONE|TODO)\b/;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function isoDay(year: string, month: string, day: string): string | undefined {
  const index = MONTHS.indexOf(month.slice(0, 3).toLowerCase());
  const dayNumber = Number(day);
  if (index === -1 || dayNumber < 1 || dayNumber > 31) return undefined;
  return `${year}-${String(index + 1).padStart(2, '0')}-${String(dayNumber).padStart(2, '0')}`;
}

function readOwner(text: string): string | undefined {
  const handle = LABELLED_HANDLE.exec(text)?.[1];
  if (handle) return handle;
  const name = LABELLED_NAME.exec(text)?.[1];
  if (name) {
    const kept: string[] = [];
    for (const word of name.split(' ')) {
      if (AFTER_NAME.has(word.toLowerCase().replace(/[.:]$/, ''))) break;
      kept.push(word);
    }
    const owner = kept.join(' ').replace(/[.]$/, '');
    if (owner !== '') return owner;
  }
  return TRAILING_HANDLE.exec(text)?.[1] ?? ANY_HANDLE.exec(text)?.[0];
}

function readDue(text: string): string | undefined {
  const iso = LABELLED_ISO_DUE.exec(text)?.[1];
  if (iso) return iso;
  const spelled = LABELLED_WORDS_DUE.exec(text);
  if (spelled) {
    const day = spelled[1] ? isoDay(spelled[3]!, spelled[1], spelled[2]!) : isoDay(spelled[6]!, spelled[5]!, spelled[4]!);
    if (day) return day;
  }
  const any = ANY_ISO_DATE.exec(text)?.[0];
  if (any) return any;
  return LABELLED_OTHER_DUE.exec(text)?.[1]?.trim();
}

/** Whether the text ends with a check mark, or says "(done)" or "[done]" in passing. */
function endsDone(text: string): boolean {
  const trimmed = text.trimEnd();
  return DONE_MARKS.some((mark) => trimmed.endsWith(mark)) || DONE_ASIDE.test(text);
}

/**
 * Reads one item's own text (its nested bullets are read separately). The
 * status is `done` for a finished mark, `open` for an open one, else what a
 * `Status:` label says, else nothing.
 */
export function readItemText(text: string): ItemText {
  const fields: ItemText['fields'] = {};
  let rest = text.trim();
  let status: string | undefined;
  // Marks may stack: "✅ DONE: AI-003: …".
  for (let guard = 0; guard < 4; guard++) {
    const done = DONE_PREFIX.exec(rest);
    if (done && done[0] !== '') {
      status = 'done';
      rest = rest.slice(done[0].length);
      continue;
    }
    const open = OPEN_PREFIX.exec(rest);
    if (open && open[0] !== '') {
      status ??= 'open';
      rest = rest.slice(open[0].length);
      continue;
    }
    break;
  }
  if (rest.startsWith('~~')) {
    const close = rest.indexOf('~~', 2);
    if (close !== -1) {
      status = 'done';
      rest = (rest.slice(2, close) + rest.slice(close + 2)).trim();
    }
  }
  const id = BRACKETED_ID.exec(rest) ?? ID.exec(rest);
  if (id) {
    fields.id = id[1]!;
    rest = rest.slice(id[0].length);
  }
  if (status === undefined && endsDone(rest)) status = 'done';
  status ??= LABELLED_STATUS.exec(rest)?.[1]?.trim();
  if (status !== undefined) fields.status = status;
  const owner = readOwner(rest);
  if (owner) fields.owner = owner;
  const due = readDue(rest);
  if (due) fields.due = due;
  const priority = LABELLED_PRIORITY.exec(rest)?.[1] ?? ANY_PRIORITY.exec(rest)?.[0];
  if (priority) fields.priority = priority;
  const type = LABELLED_TYPE.exec(rest)?.[1] ?? BRACKETED_TYPE.exec(rest)?.[1];
  if (type) fields.type = type;
  let description = rest.trim();
  for (const mark of DONE_MARKS) if (description.endsWith(mark)) description = description.slice(0, -mark.length).trimEnd();
  const aside = DONE_ASIDE.exec(description);
  if (aside && aside.index + aside[0].length === description.length) description = description.slice(0, aside.index).trimEnd();
  return { description: withoutTrailingFields(description), fields };
}

/** Field notes that close an item's text: "… Owner: @x, due 2024-03-01, P1", "… (@x)", "… — @x", "… [prevent]". */
const TRAILING_FIELD = new RegExp(
  String.raw`(?:\(?${OWNER_LABEL}\s*[:=–—-]?\s*(?:${HANDLE}|[\p{L}][\p{L}'’.-]{0,40}(?: [\p{L}][\p{L}'’.-]{0,40}){0,3})\)?` +
    String.raw`|\(?${DUE_LABEL}\s*[:=–—-]?\s*(?:${ISO_DATE}|${MONTH} \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \d{4})\)?` +
    String.raw`|\(?\b(?:due(?: date)?|deadline|eta)\s*[:=]\s*[^,;|().]{1,30}\)?|\(?\bpriority\s*[:=–—-]?\s*[A-Za-z0-9]{1,12}\)?|\(?\b(?:type|kind)\s*[:=]\s*[A-Za-z-]{1,20}\)?` +
    String.raw`|\[P[0-9]\]|\bP[0-9]|\[(?:detect|mitigate|prevent|process|repair)\]|[(—–-]\s*${HANDLE}\)?)\.?$`,
  'iu',
);
const TRAILING_HANDLE_ONLY = new RegExp(String.raw`(?<![\w@])${HANDLE}$`);
/** End-anchored expressions run only over this many closing characters, so a long line costs no more than a short one. */
const TAIL_WINDOW = 120;

function trimSeparators(text: string): string {
  let end = text.length;
  while (end > 0 && ' 	,;|—–-'.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** The description without the field notes at its end, once they are read as fields; never emptied. */
function withoutTrailingFields(description: string): string {
  let text = description;
  let stripped = false;
  for (let guard = 0; guard < 12; guard++) {
    const offset = Math.max(0, text.length - TAIL_WINDOW);
    const tail = text.slice(offset);
    let match = TRAILING_FIELD.exec(tail);
    // A bare handle is a field only in a run of fields ("… @sre P1 due …"); alone it may be part of the sentence ("Pair with @alice").
    if (!match && stripped) match = TRAILING_HANDLE_ONLY.exec(tail);
    if (!match) break;
    const rest = trimSeparators(text.slice(0, offset + match.index));
    if (rest.trim() === '') break;
    text = rest;
    stripped = true;
  }
  return text;
}

/** A table cell's status written elsewhere in the row: a check mark, `DONE`/`TODO` in capitals, strikethrough. */
export function statusInCells(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    const trimmed = text.trim();
    if (trimmed.startsWith('~~') && trimmed.indexOf('~~', 2) !== -1) return 'done';
    if (DONE_PREFIX.test(trimmed) && DONE_PREFIX.exec(trimmed)![0] !== '') return 'done';
    if (endsDone(trimmed)) return 'done';
    const shouted = SHOUTED_STATUS.exec(trimmed)?.[1];
    if (shouted) return shouted === 'DONE' ? 'done' : 'open';
  }
  return undefined;
}

const DETAIL_LABEL = /^(?:owners?|assignees?|assigned to|dri|due(?: date| by| on)?|deadline|eta|target(?: date)?|by|priority|status|state|type|kind|id|tickets?|issues?|bugs?|jira|prs?|pull requests?|links?|tracking|tracked|refs?|references?|notes?|context|details|progress|blocked by|depends on)\s*[:=–—-]/i;
const DETAIL_OPENER = /^(?:see\b|cf\b|tracked (?:in|by|at|here)\b|https?:\/\/|#\d|(?:pr|issue|ticket|bug)\s*#?\d)/i;
const ONLY_HANDLE = new RegExp(String.raw`^${HANDLE}$`);
const ONLY_DATE = new RegExp(String.raw`^(?:due\s+|by\s+)?${ISO_DATE}$`, 'i');

/**
 * A nested bullet that only adds to its parent item (its owner, due date,
 * status, a link or a note) rather than being an item of its own.
 */
export function isDetailText(text: string): boolean {
  const trimmed = text.trim();
  return DETAIL_LABEL.test(trimmed) || DETAIL_OPENER.test(trimmed) || ONLY_HANDLE.test(trimmed) || ONLY_DATE.test(trimmed);
}

/** Longer than this, a line is a sentence, not a heading's label. */
const MAX_LABEL = 200;
const NEGATED = /\b(?:not|yet|to be|will|planned|pending|remaining|todo|open|in[- ]progress|ongoing|upcoming|next|future|should|outstanding|incomplete)\b/i;
const FINISHED = /\b(?:completed|done|finished|fixed|resolved|closed|implemented|shipped)\b/i;

/**
 * A heading or group line that files what follows as finished: "Completed",
 * "Done", "Immediate actions (completed)", "Already fixed". A long line, or
 * one that also says "not", "planned", "to be" …, is not one.
 */
export function namesFinished(label: string): boolean {
  if (label.length > MAX_LABEL) return false;
  const text = label.replace(/[*_:]/g, ' ').trim();
  if (words(text).length > 6) return false;
  return FINISHED.test(text) && !NEGATED.test(text);
}

/** A colon after these words introduces the rest of a sentence ("We will alert on:", "so that:"), not a group. */
const LEADS_INTO = /\b(?:on|of|for|to|in|at|by|with|around|about|that|as|like|including|include|includes|following|these|are|is|be|via|from|into)\s*:$/i;

/**
 * Whether an item's own text reads as the label of a group of items: ends
 * with a colon and is short ("Monitoring:", "In progress (next 2 weeks):"),
 * or is a few words with no sentence ending ("Improve alerting").
 */
export function isLabelText(text: string): boolean {
  if (text.length > MAX_LABEL) return false;
  const trimmed = text.trim();
  if (trimmed === '') return true;
  const count = words(trimmed).length;
  if (trimmed.endsWith(':')) return count <= 8 && !LEADS_INTO.test(trimmed);
  return count <= 4 && !/[.!?]$/.test(trimmed);
}
