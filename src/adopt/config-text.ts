import type { ConfigFile } from '../config/types.js';
import type { Reasons } from './detect.js';

/** What each preset is for, in a line or two: the menu written above `extends`. */
export const PRESET_SUMMARIES: Record<string, string[]> = {
  recommended: ['the whole method: the sections a severity requires, a 5-Whys chain, action items as a', 'table with ID, Type, Owner, Priority and Due (the template in postmortems/TEMPLATE.md)'],
  'google-sre': ["the SRE book's template: Root Causes, What Went Wrong; no 5 Whys, no due dates in the", 'document (the bug tracker holds them)'],
  pagerduty: ["PagerDuty's template: contributing factors instead of one root cause, SEV-1..SEV-5;", 'items of a SEV-1 due in 15 days, of a SEV-2 in 30'],
  atlassian: ["Atlassian's template: Five Whys and Corrective Actions as a list; priority actions due", 'in 4 weeks, improvement actions in 8'],
  dfds: ['documents without frontmatter, their id and title in the file name', '("PM2021-005 - All services returning 503.md"), action items as a plain list'],
};

const DOCS = 'https://github.com/postmortem-kb/postmortem-kb/blob/main/docs/format.md#configuration';

/** Words a YAML 1.1 reader (some editors still are one) takes for a boolean or null: quoted, so every reader sees a string. */
const AMBIGUOUS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

/** A scalar as YAML: plain when no reader could take it for anything but this string, else JSON (which is YAML). */
function scalar(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return /^[A-Za-z][\w./@-]*$/.test(value) && !AMBIGUOUS.test(value) ? value : JSON.stringify(value);
}

const flow = (value: unknown): string => (Array.isArray(value) ? `[${value.map(flow).join(', ')}]` : scalar(value));

/** A value as YAML: scalars and lists in flow style, a block for mappings. */
function render(value: unknown, indent: number, reasons: Reasons = {}, path = ''): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (child === undefined) continue;
    const reason = reasons[path === '' ? key : `${path}.${key}`];
    if (reason !== undefined && path !== '') lines.push(`${pad}# ${reason}`);
    const name = /^[A-Za-z][\w-]*$/.test(key) ? key : JSON.stringify(key);
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) lines.push(`${pad}${name}:`, ...render(child, indent + 2, reasons, path === '' ? key : `${path}.${key}`));
    else lines.push(`${pad}${name}: ${flow(child)}`);
  }
  return lines;
}

/** One top-level key with the comment that says why it is there. */
function block(key: string, value: unknown, reasons: Reasons): string[] {
  const reason = reasons[key];
  return [...(reason === undefined ? [] : wrap(reason).map((line) => `# ${line}`)), ...render({ [key]: value }, 0, reasons)];
}

/** A comment cut at word boundaries into lines of at most 100 characters. */
function wrap(text: string, width = 98): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

export interface ConfigTextOptions {
  /** Today, YYYY-MM-DD: the day the escalation is adopted. */
  date: string;
  /** From `init --existing`: the configuration that reads the existing documents, and why. */
  proposal?: { config: ConfigFile; reasons: Reasons } | undefined;
}

/**
 * `.postmortemrc.yml` as `postmortem init` writes it: the preset chosen (with
 * the others named), what an existing knowledge base needs, the escalation's
 * start, and the keys a team changes first, commented out with their defaults.
 */
export function configText({ date, proposal }: ConfigTextOptions): string {
  const config: ConfigFile = proposal?.config ?? { extends: 'recommended' };
  const reasons = proposal?.reasons ?? {};
  const lines = [
    `# postmortem-kb: how the postmortems of this repository are checked. Written by \`postmortem init\` on ${date}.`,
    '# Every key is optional; all of them, with their defaults:',
    `# ${DOCS}`,
    '# Editors with the YAML extension check this file against schemas/config.schema.json (.vscode/settings.json).',
    '',
    '# The preset: the rules and names of a postmortem template. One of',
    ...Object.entries(PRESET_SUMMARIES).flatMap(([name, summary]) => summary.map((line, index) => `#   ${(index === 0 ? name : '').padEnd(12)} ${line}`)),
    ...block('extends', config.extends ?? 'recommended', reasons),
    '',
  ];
  if (config.files === undefined) {
    lines.push('# Where the postmortems are (globs relative to this file), and what under them is not one.', '# files: ["postmortems/**/*.md"]', '# ignores: ["**/README.md", "**/TEMPLATE.md"]', '');
  }
  const order: (keyof ConfigFile)[] = ['files', 'ignores', 'frontmatter', 'fileNamePattern', 'idPattern', 'idExample', 'dateFromBody', 'defaults', 'sections', 'columns', 'rules'];
  for (const key of order) if (config[key] !== undefined) lines.push(...block(key, config[key], reasons), '');
  lines.push(
    '# On merge to the default branch, each action item of an in-review or published postmortem becomes',
    '# one GitHub issue. With since, postmortems dated before that day get none (backfill: true opens them).',
    ...(proposal
      ? ['# The postmortems already here are older: their old items open no issues on the first push.', 'sync:', `  since: ${date}`]
      : ['# Set it when postmortems already here should not open issues for their old items.', '# sync:', `#   since: ${date}`]),
    '',
    '# On a schedule, overdue action items climb a ladder: a label and a comment to the owner the day after',
    '# the due date, the escalation contacts 7 days late, critical in the report issue 30 days late.',
    'escalation:',
    '  # The day the escalation was adopted: items already overdue then are listed in the report, never escalated.',
    `  since: ${date}`,
    '  # dueSoonDays: 3                                  # items due within this many days get the due-soon label',
    '  # contacts: {SEV1: ["@your-org/eng-managers"]}    # who hears of late items, by severity (default: the authors)',
    '',
  );
  if (config.rules === undefined) {
    lines.push(
      '# Each rule off, warn or error, or [level, {options}]; `postmortem rules` lists them with their docs.',
      '# rules:',
      '#   action-item-due: [error, {deadlines: {P0: 7, P1: 30, P2: 60, P3: 90}}]   # days from the incident, by priority',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The keys of a configuration as YAML, without comments: what `init --existing` shows of its proposal. */
export function configKeysText(config: ConfigFile): string {
  return `${render(config, 0).join('\n')}\n`;
}
