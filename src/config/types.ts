import type { Severity } from '../model/finding.js';
import type { DraftSettings } from './draft.js';
import type { EscalationSettings } from './escalation.js';
import type { KnowledgeBaseSettings } from './knowledge-base.js';
import type { FormatSettings } from './format.js';
import type { DefaultableKey } from './meta-keys.js';

export type RuleLevel = 'off' | Severity;

export interface RuleSetting {
  level: RuleLevel;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  /** Globs of the postmortems, relative to `root`. */
  files: string[];
  /** Globs under `files` that are not postmortems. */
  ignores: string[];
  /** The front page `postmortem index` writes, relative to `root`. */
  indexPath: string;
  /** Directory the globs are relative to: the config file's, or the working directory. */
  root: string;
  format: FormatSettings;
  knowledgeBase: KnowledgeBaseSettings;
  /**
   * `maxItemsPerDocument`: the most open items of one postmortem that become issues. `since` (YYYY-MM-DD): postmortems
   * dated before it get no new issues, unless `backfill`.
   */
  sync: { label: string; removedLabel: string; statuses: string[]; maxItemsPerDocument: number; since?: string | undefined; backfill?: boolean | undefined };
  escalation: EscalationSettings;
  /** `postmortem draft`: incident issues to draft postmortems. */
  draft: DraftSettings;
  /** The published site (`postmortem site`), linked from the front page. */
  site: { url?: string | undefined };
  /** Every known rule, with its level and its options merged over the defaults. */
  rules: Record<string, RuleSetting>;
  /** The config files read, nearest first (empty when none was found). */
  sources: string[];
}

/** A config file as written (after YAML parsing), before defaults are applied. */
export interface ConfigFile {
  extends?: string | string[];
  files?: string[];
  ignores?: string[];
  indexPath?: string;
  idPattern?: string;
  idExample?: string;
  severities?: string[];
  maxFileSize?: number;
  maxReadSeconds?: number;
  /** `required` | `optional`, or the object form for another tool's frontmatter. */
  frontmatter?: 'required' | 'optional' | FrontmatterConfig;
  /** Values for documents that give none: `{severity: SEV3, status: published}`. */
  defaults?: Partial<Record<DefaultableKey, string>>;
  fileNamePattern?: string;
  dateFromBody?: boolean;
  sections?: Partial<FormatSettings['sections']>;
  columns?: { [K in keyof FormatSettings['columns']]?: Partial<FormatSettings['columns'][K]> };
  tags?: { synonyms?: Record<string, string>; fromField?: string; fromTitle?: boolean };
  patterns?: Partial<KnowledgeBaseSettings['patterns']>;
  sync?: { label?: string; removedLabel?: string; statuses?: string[]; maxItemsPerDocument?: number; since?: string; backfill?: boolean };
  escalation?: Partial<EscalationSettings>;
  draft?: Partial<Omit<DraftSettings, 'keywords'>> & { keywords?: Partial<DraftSettings['keywords']> };
  site?: { url?: string };
  rules?: Record<string, 'off' | 'warn' | 'error' | ['off' | 'warn' | 'error', Record<string, unknown>?]>;
}

/** `frontmatter:` in its object form: `{required: false, keys: {start_time: started_at}, extraKeys: allow}`. */
export interface FrontmatterConfig {
  /** `true` is `frontmatter: required`, `false` is `frontmatter: optional`. */
  required?: boolean;
  /** Another tool's key → the key of the format it is read as. */
  keys?: Record<string, string>;
  /** `allow`: keys the format does not know are not reported. */
  extraKeys?: 'allow' | 'report';
}

/** A configuration mistake: exits 2 with a message naming the file, key and line. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
