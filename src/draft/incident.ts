/**
 * An incident as it was run in a GitHub issue, read from either of the two shapes it reaches the tool in:
 * `gh issue view N --json number,title,body,labels,assignees,author,comments,createdAt,closedAt,url` (the CLI's
 * `--from-issue-json`), or GitHub's REST objects (an issue, its comments, its events: `--from-issue` and the
 * action). Everything in it is written by people: it is checked for shape here and escaped where it is written.
 */
export interface IncidentRecord {
  number: number;
  title: string;
  body: string;
  url: string;
  /** ISO 8601 instants. */
  createdAt: string;
  closedAt: string | undefined;
  /** Logins; bots are marked so that they are never taken for responders. */
  author: Person | undefined;
  /** Who closed the issue, when the source says (REST's `closed_by`, the `closed` event's sender). */
  closer: Person | undefined;
  assignees: Person[];
  labels: string[];
  comments: IncidentComment[];
  /** Labelled, assigned: only where the source has them (GitHub's issue events; gh's export has none). */
  events: IncidentEvent[];
  /** Comments the source held beyond what was read (a capped read of a very long incident). */
  unreadComments: number;
}

export interface Person {
  login: string;
  bot: boolean;
}

export interface IncidentComment {
  author: Person | undefined;
  body: string;
  createdAt: string;
  url: string | undefined;
}

export interface IncidentEvent {
  kind: 'labeled' | 'assigned';
  /** The label's name or the assignee's login. */
  subject: string;
  actor: Person | undefined;
  createdAt: string;
}

/** The most comments one draft reads; a longer incident is counted, not read. */
export const MAX_COMMENTS = 10_000;
/** The most characters of one text (a body, a comment) kept: enough for a first line and a summary. */
const MAX_TEXT = 20_000;

/** The fields `--from-issue-json` reads, as `gh issue view N --json …` names them. */
export const EXPORT_FIELDS = ['number', 'title', 'body', 'labels', 'assignees', 'author', 'comments', 'createdAt', 'closedAt', 'url'] as const;

/** An export that is not the shape `gh issue view --json` writes: says where, in words. */
export class IncidentError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'IncidentError';
  }
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : '';
}

function instant(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return undefined;
  const iso = new Date(parsed).toISOString();
  // Date.parse rolls 2026-02-30 over to March: a day that does not exist is no time.
  return value.endsWith('Z') && iso.slice(0, 10) !== value.slice(0, 10) ? undefined : iso;
}

/** A login as GitHub spells one, else nobody: a name that is not a login is never written as a handle. */
function personOf(value: unknown): Person | undefined {
  if (!isObject(value) || typeof value.login !== 'string') return undefined;
  // gh's export writes an app as `app/name`, GitHub's REST API as `name[bot]`.
  const login = value.login.startsWith('app/') ? `${value.login.slice(4)}[bot]` : value.login;
  if (!LOGIN.test(login)) return undefined;
  return { login, bot: login.endsWith('[bot]') || value.is_bot === true || value.type === 'Bot' };
}

function people(value: unknown): Person[] {
  return Array.isArray(value) ? value.map((entry) => personOf(entry)).filter((person): person is Person => person !== undefined) : [];
}

function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((label) => (typeof label === 'string' ? label : isObject(label) && typeof label.name === 'string' ? label.name : undefined))
    .filter((name): name is string => name !== undefined && name.trim() !== '')
    .map((name) => name.slice(0, 100));
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2_000) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The line of a JSON parse error's position, for a message that names it. */
function lineAt(source: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return source.slice(0, Number(position[1])).split('\n').length;
  const line = /line (\d+)/.exec(message);
  return line ? Number(line[1]) : undefined;
}

/** The line a top-level key's value starts on in pretty-printed JSON (as gh writes it), for messages. */
function keyLine(source: string, key: string): number | undefined {
  const at = source.indexOf(`"${key}"`);
  return at < 0 ? undefined : source.slice(0, at).split('\n').length;
}

/** `gh issue view --json …`'s output → the incident; an `IncidentError` naming the key when it is not that shape. */
export function incidentFromExport(raw: string): IncidentRecord {
  // PowerShell's `>` writes UTF-16; read as UTF-8 it is replacement characters and NULs.
  if (raw.includes('\u0000') || raw.startsWith('\uFFFD\uFFFD')) throw new IncidentError('is UTF-16, not UTF-8: write the export as UTF-8 (in PowerShell: gh issue view … | Out-File -Encoding utf8 FILE)', 1);
  const source = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    throw new IncidentError(`not JSON (${message.slice(0, 200)}): export the incident with gh issue view N --json number,title,body,labels,assignees,author,comments,createdAt,closedAt,url`, lineAt(source, message));
  }
  if (!isObject(data)) throw new IncidentError('not a JSON object: export one incident with gh issue view N --json number,title,body,labels,assignees,author,comments,createdAt,closedAt,url', 1);
  // gh writes every field it is asked for (null or [] when empty): a missing one was not asked for, and its absence would read as "open" or "no updates".
  const missing = EXPORT_FIELDS.filter((key) => !Object.hasOwn(data as Json, key));
  if (missing.length > 0) throw new IncidentError(`has no ${missing.join(', ')}: export it with --json ${EXPORT_FIELDS.join(',')}`, 1);
  const expect = (ok: boolean, key: string, what: string) => {
    if (!ok) throw new IncidentError(`"${key}" is not ${what}`, keyLine(source, key));
  };
  expect(typeof data.number === 'number' && Number.isInteger(data.number) && data.number > 0, 'number', 'an issue number');
  expect(typeof data.title === 'string' && data.title.trim() !== '', 'title', 'a title');
  expect(instant(data.createdAt) !== undefined, 'createdAt', 'a time such as 2026-03-13T22:58:12Z');
  expect(data.closedAt === undefined || data.closedAt === null || instant(data.closedAt) !== undefined, 'closedAt', 'a time or null');
  expect(httpUrl(data.url) !== undefined, 'url', 'the issue\'s https:// URL');
  expect(Array.isArray(data.comments), 'comments', 'a list');
  const all = Array.isArray(data.comments) ? data.comments : [];
  const comments: IncidentComment[] = [];
  for (const comment of all.slice(0, MAX_COMMENTS)) {
    if (!isObject(comment)) continue;
    const createdAt = instant(comment.createdAt);
    if (createdAt === undefined) continue;
    comments.push({ author: personOf(comment.author), body: text(comment.body), createdAt, url: httpUrl(comment.url) });
  }
  return {
    number: data.number as number,
    title: text(data.title),
    body: text(data.body),
    url: httpUrl(data.url)!,
    createdAt: instant(data.createdAt)!,
    closedAt: instant(data.closedAt),
    author: personOf(data.author),
    closer: undefined,
    assignees: people(data.assignees),
    labels: labelNames(data.labels),
    comments,
    events: [],
    unreadComments: Math.max(0, all.length - MAX_COMMENTS),
  };
}

/** GitHub's REST issue, its comments (as read, maybe capped) and its events → the incident. */
export function incidentFromRest(issue: Json, comments: readonly Json[], events: readonly Json[] = [], unreadComments = 0): IncidentRecord {
  const url = httpUrl(issue.html_url) ?? httpUrl(issue.url) ?? '';
  const read: IncidentComment[] = [];
  for (const comment of comments.slice(0, MAX_COMMENTS)) {
    const createdAt = instant(comment.created_at);
    if (createdAt !== undefined) read.push({ author: personOf(comment.user), body: text(comment.body), createdAt, url: httpUrl(comment.html_url) });
  }
  const happened: IncidentEvent[] = [];
  for (const event of events.slice(0, MAX_COMMENTS)) {
    const createdAt = instant(event.created_at);
    if (createdAt === undefined) continue;
    if (event.event === 'labeled' && isObject(event.label) && typeof event.label.name === 'string') {
      happened.push({ kind: 'labeled', subject: event.label.name.slice(0, 100), actor: personOf(event.actor), createdAt });
    } else if (event.event === 'assigned') {
      const assignee = personOf(event.assignee);
      if (assignee) happened.push({ kind: 'assigned', subject: assignee.login, actor: personOf(event.actor), createdAt });
    }
  }
  return {
    number: typeof issue.number === 'number' ? issue.number : 0,
    title: text(issue.title),
    body: text(issue.body),
    url,
    createdAt: instant(issue.created_at) ?? new Date(0).toISOString(),
    closedAt: instant(issue.closed_at),
    author: personOf(issue.user),
    closer: personOf(issue.closed_by),
    assignees: people(issue.assignees),
    labels: labelNames(issue.labels),
    comments: read,
    events: happened,
    unreadComments: unreadComments + Math.max(0, comments.length - MAX_COMMENTS),
  };
}
