import { DONE_WORDS } from '../model/item-status.js';
import { calendarDay } from '../model/dates.js';
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

// The patterns built from strings are exported for test/security/redos.test.ts, which proves each runs in linear time.
const HANDLE = String.raw`@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?`;
export const ANY_HANDLE = new RegExp(String.raw`(?<![\w@])${HANDLE}`);
const OWNER_LABEL = String.raw`\b(?:owners?|assignees?|assigned to|dri)`;
/** "Owner: @x", "owner @x", "Assignee - @x". */
export const LABELLED_HANDLE = new RegExp(String.raw`${OWNER_LABEL}\s*(?:[:=–—-]\s*)?(${HANDLE})`, 'i');
/** "Owner: Jane Doe": a name of up to four words, after a colon. */
export const LABELLED_NAME = new RegExp(String.raw`${OWNER_LABEL}\s*[:=]\s*([\p{L}][\p{L}'’.-]{0,40}(?: [\p{L}][\p{L}'’.-]{0,40}){0,3})`, 'iu');
/** Words that end a name written after "Owner:" ("Owner: Jane Doe due …"). */
const AFTER_NAME = new Set(['due', 'by', 'priority', 'status', 'eta', 'type', 'deadline', 'target', 'id', 'p0', 'p1', 'p2', 'p3', 'p4']);
/** "(@x)", "— @x", "- @x" closing the item. */
export const TRAILING_HANDLE = new RegExp(String.raw`[(—–-]\s*(${HANDLE})\)?$`);

const ISO_DATE = String.raw`\d{4}-\d{2}-\d{2}`;
export const ANY_ISO_DATE = new RegExp(String.raw`\b${ISO_DATE}\b`);
const DUE_LABEL = String.raw`\b(?:due(?: date| by| on)?|deadline|eta|target date|by)`;
export const LABELLED_ISO_DUE = new RegExp(String.raw`${DUE_LABEL}\s*(?:[:=–—-]\s*)?(${ISO_DATE})\b`, 'i');
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?`;
/** "due March 1, 2024", "by 1 March 2024". */
export const LABELLED_WORDS_DUE = new RegExp(String.raw`${DUE_LABEL}\s*(?:[:=–—-]\s*)?(?<date>${MONTH} (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})|(\d{1,2})(?:st|nd|rd|th)? ${MONTH},? (\d{4}))\b`, 'i');
/**
 * "Due: next sprint": kept as written, so the due rule can say it is not a date. The caller cuts the value to 30
 * characters: bounded here, the pattern is too large for the ReDoS checker to prove linear in time.
 */
const LABELLED_OTHER_DUE = /\b(?:due(?: date)?|deadline|eta)\s*[:=]\s*([^\s,;|().][^,;|().]*)/i;

/** Values a priority has when it is not written after a colon: "priority P1", "Priority - high". */
const PRIORITY_VALUE = String.raw`(?:P[0-9]|critical|high|medium|low)\b`;
/** "Priority: anything" (kept for the rule to judge), or "priority" before a value of a priority's shape; "a priority for …" is a sentence. */
export const LABELLED_PRIORITY = new RegExp(String.raw`\bpriority(?:\s*[:=]\s*([A-Za-z0-9]{1,12})\b|\s*(?:[–—-]\s*)?(${PRIORITY_VALUE}))`, 'i');
const ANY_PRIORITY = /\bP[0-9]\b/;
/** Cut to 20 characters by the caller, as LABELLED_OTHER_DUE is. */
const LABELLED_TYPE = /\b(?:type|kind)\s*[:=]\s*([A-Za-z-]+)/i;
/** "[prevent]": only the default types, since a bracketed word is otherwise anything ("[WIP]"). */
const BRACKETED_TYPE = /\[(detect|mitigate|prevent|process|repair)\]/i;
/** Cut to 30 characters by the caller, as LABELLED_OTHER_DUE is. */
const LABELLED_STATUS = /\b(?:status|state)\s*[:=]\s*([^\s,;|()][^,;|()]*)/i;

const ID = /^([A-Z]{1,5}-\d{1,6})\s*[:.)–—-]?\s*/;
const BRACKETED_ID = /^\[([A-Z]{1,5}-\d{1,6})\]\s*/;

const DONE_ALTERNATIVES = DONE_WORDS.join('|');
/**
 * What separates a leading status word from the item: a colon, or a dash with
 * spaces around it. "Fixed-size pool", "Done by 2024-03-01: …" are not marks.
 */
const STATUS_SEPARATOR = String.raw`(?:\s*:|\s+[-–—](?=\s|$))`;
/** Leading marks of a finished item: a ticked box, a check mark, `[done]`, `(done)`, `Done:`, `Fixed - `. */
export const DONE_PREFIX = new RegExp(String.raw`^(?:\[[xX]\]|\[(?:${DONE_ALTERNATIVES})\]|\((?:${DONE_ALTERNATIVES})\)|✅|✔️?|☑️?|✓|🗸|(?:${DONE_ALTERNATIVES})${STATUS_SEPARATOR})\s*`, 'iu');
/** `DONE` in capitals opens a finished item with no separator ("DONE Clear the queue"), but "DONE by …" is a deadline. */
const SHOUTED_DONE_PREFIX = /^DONE(?:[:.](?=\s|$)|(?=\s|$))(?!\s+(?:by|before|in|on|until)\b)\s*/;
/** Leading marks of an open item: an empty box, `TODO`, `[todo]`, `Open: `. */
export const OPEN_PREFIX = new RegExp(String.raw`^(?:\[ \]|\[(?:todo|open|wip)\]|☐|⬜|🔲|todo(?![\w-])[:.]?|(?:open|wip|in progress)${STATUS_SEPARATOR})\s*`, 'iu');
/** "(done)", "[completed]": a status that is the whole aside, at the end of the item (before its field notes). */
export const DONE_ASIDE_END = new RegExp(String.raw`(?:\(\s*(?:${DONE_ALTERNATIVES})\s*\)|\[\s*(?:${DONE_ALTERNATIVES})\s*\])$`, 'i');
const DONE_MARKS = ['✅', '✔️', '✔', '☑️', '☑', '✓', '🗸'];
const DONE_SET: ReadonlySet<string> = new Set(DONE_WORDS);
/** Status words of an open item, in capitals in a cell of the SRE template ("Bug 4411 **TODO**"). */
const OPEN_WORDS: ReadonlySet<string> = new Set(['todo', 'open', 'wip']);

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
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
    // Group 1 is the whole date; then month, day, year ("March 1, 2024") or day, month, year ("1 March 2024").
    const day = spelled[2] ? calendarDay(spelled[4]!, spelled[2], spelled[3]!) : calendarDay(spelled[7]!, spelled[6]!, spelled[5]!);
    // A day that does not exist ("Feb 31, 2024") stays as written, so the due rule can say it is not a date.
    return day ?? spelled.groups!['date']!;
  }
  const any = ANY_ISO_DATE.exec(text)?.[0];
  if (any) return any;
  return LABELLED_OTHER_DUE.exec(text)?.[1]?.slice(0, 30).trim();
}

/**
 * Where a closing done mark starts: a check mark, or "(done)" / "[completed]"
 * as a whole aside, at the very end of the text (the caller takes the field
 * notes off first). "Replace retries (fixed 1s interval) with …" has none.
 */
function doneEnding(text: string): number | undefined {
  const trimmed = text.trimEnd();
  for (const mark of DONE_MARKS) if (trimmed.endsWith(mark)) return trimmed.length - mark.length;
  const offset = Math.max(0, trimmed.length - TAIL_WINDOW);
  const aside = DONE_ASIDE_END.exec(trimmed.slice(offset));
  return aside ? offset + aside.index : undefined;
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
    const done = DONE_PREFIX.exec(rest) ?? SHOUTED_DONE_PREFIX.exec(rest);
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
  // A closing "(done)" or ✅ counts once the field notes after it are taken off: "Restart the pods (done) — @sre".
  let description = withoutTrailingFields(rest.trim());
  const ending = doneEnding(description);
  if (ending !== undefined) {
    status ??= 'done';
    const before = trimSeparators(description.slice(0, ending));
    if (before.trim() !== '') description = withoutTrailingFields(before);
  }
  status ??= LABELLED_STATUS.exec(rest)?.[1]?.slice(0, 30).trim();
  if (status !== undefined) fields.status = status;
  const owner = readOwner(rest);
  if (owner) fields.owner = owner;
  const due = readDue(rest);
  if (due) fields.due = due;
  const labelled = LABELLED_PRIORITY.exec(rest);
  const priority = labelled?.[1] ?? labelled?.[2] ?? ANY_PRIORITY.exec(rest)?.[0];
  if (priority) fields.priority = priority;
  const type = LABELLED_TYPE.exec(rest)?.[1]?.slice(0, 20) ?? BRACKETED_TYPE.exec(rest)?.[1];
  if (type) fields.type = type;
  return { description, fields };
}

/**
 * Field notes that close an item's text: "… Owner: @x, due 2024-03-01, P1", "… (@x)", "… — @x", "… [prevent]".
 * A label counts only with a value of its shape: a handle or a name after a colon, or a handle after a note's
 * separator, for an owner; a date for
 * "due"/"by"; a value after a colon, or P0-P9/high/…, for a priority. "… for alert owners", "… a priority target"
 * are the end of a sentence.
 */
export const TRAILING_FIELD = new RegExp(
  String.raw`(?:\(?${OWNER_LABEL}\s*[:=]\s*(?:${HANDLE}|[\p{L}][\p{L}'’.-]{0,40}(?: [\p{L}][\p{L}'’.-]{0,40}){0,3})\)?` +
    // Without a colon ("owner @x") the label opens a note: after a comma, a stop, a dash or "(", not inside a sentence ("… for alert owners @x").
    String.raw`|(?:\(|(?<=^|[,;.|—–]\s{0,3}|\s-\s{0,3}))${OWNER_LABEL}\s*(?:[–—-]\s*)?${HANDLE}\)?` +
    // `\s*(?:[:=–—-]\s*)?`, not `\s*[:=–—-]?\s*`: without the separator two runs of spaces met, read every way (N²).
    String.raw`|\(?${DUE_LABEL}\s*(?:[:=–—-]\s*)?(?:${ISO_DATE}|${MONTH} \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? ${MONTH},? \d{4})\)?` +
    String.raw`|\(?\b(?:due(?: date)?|deadline|eta)\s*[:=]\s*[^,;|().]{1,30}\)?|\(?\bpriority(?:\s*[:=]\s*[A-Za-z0-9]{1,12}|\s*(?:[–—-]\s*)?${PRIORITY_VALUE})\)?|\(?\b(?:type|kind)\s*[:=]\s*[A-Za-z-]{1,20}\)?` +
    String.raw`|\[P[0-9]\]|\bP[0-9]|\[(?:detect|mitigate|prevent|process|repair)\]|[(—–-]\s*${HANDLE}\)?)\.?$`,
  'iu',
);
export const TRAILING_HANDLE_ONLY = new RegExp(String.raw`(?<![\w@])${HANDLE}$`);
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

/** Leading marks of a finished item that are not words: a ticked box or a check mark. */
const LEADING_MARK = /^(?:\[[xX]\]|✅|✔️?|☑️?|✓|🗸)/u;

/** Whether a cell opens or closes with a check mark (or a ticked box), or is struck through. */
function markedDone(text: string): boolean {
  if (text.startsWith('~~') && text.indexOf('~~', 2) !== -1) return true;
  return LEADING_MARK.test(text) || DONE_MARKS.some((mark) => text.endsWith(mark));
}

/** A word without the punctuation and emphasis around it: "**DONE**" → "DONE", "(done)." → "done". */
function bareWord(word: string): string {
  let start = 0;
  let end = word.length;
  const isWordChar = (char: string) => /[\p{L}\p{N}]/u.test(char);
  while (start < end && !isWordChar(word[start]!)) start++;
  while (end > start && !isWordChar(word[end - 1]!)) end--;
  return word.slice(start, end);
}

/**
 * The status a table row without a Status column gives in its cells. The
 * description is read only for marks that are not words (a check mark, a
 * ticked box, strikethrough): "Fixed-size pool", "Persist the DONE flag" are
 * what is to be done. Another cell gives a status word when it is the whole
 * cell ("Done") or its last word in capitals, as in the Bug column of the SRE
 * book's table ("Bug 4411 **TODO**", "n/a **DONE**"; bold is flattened away
 * by then, so only the capitals are seen).
 */
export function statusInCells(description: string | undefined, others: readonly string[]): string | undefined {
  if (description !== undefined && markedDone(description.trim())) return 'done';
  for (const text of others) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (markedDone(trimmed)) return 'done';
    const all = words(trimmed);
    const last = bareWord(all[all.length - 1]!);
    const shouted = last.length > 1 && last === last.toUpperCase();
    if (!shouted && (all.length > 1 || last !== bareWord(trimmed))) continue;
    const word = last.toLowerCase();
    if (DONE_SET.has(word)) return 'done';
    if (shouted && OPEN_WORDS.has(word)) return 'open';
  }
  return undefined;
}

const DETAIL_LABEL = /^(?:owners?|assignees?|assigned to|dri|due(?: date| by| on)?|deadline|eta|target(?: date)?|by|priority|status|state|type|kind|id|tickets?|issues?|bugs?|jira|prs?|pull requests?|links?|tracking|tracked|refs?|references?|notes?|context|details|progress|blocked by|depends on)\s*[:=–—-]/i;
const DETAIL_OPENER = /^(?:see\b|cf\b|tracked (?:in|by|at|here)\b|https?:\/\/|#\d|(?:pr|issue|ticket|bug)\s*#?\d)/i;
export const ONLY_HANDLE = new RegExp(String.raw`^${HANDLE}$`);
export const ONLY_DATE = new RegExp(String.raw`^(?:due\s+|by\s+)?${ISO_DATE}$`, 'i');

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
const NEGATED = /\b(?:not|yet|to be|will|planned|pending|remaining|todo|open|in[- ]progress|ongoing|upcoming|next|future|should|must|needs?|ha(?:ve|s) to|to get|outstanding|incomplete)\b/i;
/** A status word at the start of a label followed by these is a deadline or a place, not a state: "Done by March", "Fixed in 2.3". */
const NOT_A_STATE_AFTER: ReadonlySet<string> = new Set(['by', 'in', 'before']);

/**
 * A heading or group line that files what follows as finished: a status word
 * alone, or as the whole first or last word ("Completed", "Done", "Finished
 * items", "Immediate actions (completed)", "**Completed:**", "Already fixed").
 * Not a hyphenated word ("Closed-loop alerting"), a word in the middle ("Must
 * be done by March"), a first word followed by "by"/"in"/"before", a long
 * line, or one that also says "not", "planned", "to be" ….
 */
export function namesFinished(label: string): boolean {
  if (label.length > MAX_LABEL) return false;
  const list = words(label.replace(/[*_:()[\]]/g, ' ')).map(bareWord).filter((word) => word !== '');
  if (list.length === 0 || list.length > 6 || NEGATED.test(label)) return false;
  const first = list[0]!.toLowerCase();
  const last = list[list.length - 1]!.toLowerCase();
  if (DONE_SET.has(first) && !NOT_A_STATE_AFTER.has((list[1] ?? '').toLowerCase())) return true;
  return list.length > 1 && DONE_SET.has(last);
}

/** A colon after these words introduces the rest of a sentence ("We will alert on:", "so that:"), not a group. */
const LEADS_INTO = /\b(?:on|of|for|to|in|at|by|with|around|about|that|as|like|including|include|includes|following|these|are|is|be|via|from|into)\s*:$/i;

/**
 * Whether a line reads as the label of a group of items by its own words:
 * empty, or short and ending with a colon ("Monitoring:", "In progress (next
 * 2 weeks):"), but not a sentence that goes on after the colon ("We will alert on:").
 */
export function isLabelText(text: string): boolean {
  if (text.length > MAX_LABEL) return false;
  const trimmed = text.trim();
  if (trimmed === '') return true;
  return trimmed.endsWith(':') && words(trimmed).length <= 8 && !LEADS_INTO.test(trimmed);
}

/**
 * Verbs that open an action item. A small list, for telling a group line
 * ("Alerting", "Config safety") from an item whose nested bullets are notes
 * or steps ("Add a canary stage" over "staging first").
 */
const ACTION_VERBS: ReadonlySet<string> = new Set(
  (
    'add adjust alert align allow apply archive assign audit automate avoid backfill backport block build bump cap capture change check ' +
    'clarify clean clear close collect communicate configure confirm consolidate convert create cut decommission decouple deduplicate define ' +
    'delete deprecate deploy design detect disable document drain drop email enable encrypt enforce ensure escalate establish expand expose ' +
    'extend extract fix gate generate handle harden hire identify implement improve include increase install instrument integrate introduce ' +
    'investigate isolate keep kill label launch limit lock log lower make mark measure merge migrate monitor move mute notify onboard ' +
    'optimise optimize page parallelize partition patch pause pin plan port prevent prioritise prioritize promote protect provide provision ' +
    'prune publish purge push raise rate-limit rebuild reconcile record reduce refactor refresh reject release remove rename repair replace replay ' +
    'report require reset resize restart restore restrict retire retry revert review revise rewrite roll rotate route run scale schedule secure ' +
    'send separate set shard share ship shorten simplify skip split standardise standardize start stop store switch sync tag teach test ' +
    'throttle tighten track train trigger tune turn unify update upgrade use validate verify warn write'
  ).split(' '),
);

/** Whether a text opens with an instruction's verb: "Add …", "Re-enable …", "Alert when …". */
export function startsWithVerb(text: string): boolean {
  const first = bareWord(words(text)[0] ?? '').toLowerCase();
  return ACTION_VERBS.has(first) || (first.startsWith('re-') && ACTION_VERBS.has(first.slice(3))) || /^[a-z]{3,}(?:ize|ify)$/.test(first);
}

/**
 * Whether a plain line (no colon, not bold) is the label of the nested
 * bullets under it: a few words that are not an instruction themselves, over
 * at least two bullets that each are ("Alerting" over "Add …", "Page …", or a
 * group of its own), or
 * over bullets that each carry an item ID of their own. Otherwise the line is
 * the item and its nested bullets are its notes ("Add a canary stage" over
 * "staging first", "then 5% of traffic").
 */
export function isGroupLine(line: ItemText, members: readonly { text: string; isGroup: boolean }[]): boolean {
  const trimmed = line.description.trim();
  if (trimmed.length > MAX_LABEL || words(trimmed).length > 4 || /[.!?]$/.test(trimmed) || members.length === 0) return false;
  const read = members.map((member) => ({ ...readItemText(member.text), isGroup: member.isGroup }));
  if (line.fields.id === undefined && read.every((member) => member.fields.id !== undefined)) return true;
  // A member that is itself a group ("**Alerting:**" over its items) counts as items.
  return members.length >= 2 && !startsWithVerb(trimmed) && read.every((member) => member.isGroup || startsWithVerb(member.description));
}
