import { relative } from 'node:path';
import { draftWithin, type Draft } from '../draft/draft.js';
import { incidentFromExport, incidentFromRest, IncidentError, type IncidentRecord } from '../draft/incident.js';
import { terminalText } from '../report/inert.js';
import { formatStylish } from '../report/stylish.js';
import { UsageError } from '../workspace/discover.js';
import { readText } from '../workspace/fs.js';
import { readTemplate, writeNewFile } from '../workspace/template.js';
import { fetchIssue, repositoryOf, tokenOf } from './github-issue.js';
import { EXIT, type CliIo } from './io.js';
import { fsOf, openWorkspace } from './workspace.js';

interface DraftOptions {
  config?: string | undefined;
  'from-issue-json'?: string | undefined;
  'from-issue'?: string | undefined;
  repo?: string | undefined;
  id?: string | undefined;
}

/**
 * `postmortem draft`: a draft postmortem from an incident run in a GitHub issue, exported by
 * `gh issue view N --json …` (`--from-issue-json FILE`) or read from GitHub (`--from-issue N`). Writes it like
 * `new` (never over a file), prints its path, and tells the author what the method's entry gates found.
 */
export async function draftCommand(io: CliIo, options: DraftOptions): Promise<number> {
  const file = options['from-issue-json'];
  const number = options['from-issue'];
  if ((file === undefined) === (number === undefined)) throw new UsageError('postmortem draft needs one of --from-issue-json FILE or --from-issue N');
  const reader = openWorkspace(io, options.config);
  const { config, fs } = reader;
  const record = file !== undefined ? readExport(io, file) : await readFromGitHub(io, number!, options.repo);
  const knowledgeBase = await reader.index();
  const existing = knowledgeBase.incidents.find((incident) => incident.meta.incident === record.url);
  if (existing) throw new UsageError(`${existing.path.split('\\').join('/')} (${existing.id}) is already the postmortem of ${record.url}: nothing was written`);
  const template = readTemplate(fs, config);
  if (!/^---\n[\s\S]*?\n---\n/.test(template.text)) throw new UsageError(`${template.path ? relative(io.cwd, template.path) : 'The bundled template'} has no YAML frontmatter to fill`);
  const folder = relative(config.root, template.folder).split('\\').join('/') || '.';
  const draft = draftWithin({ record, template: template.text, config, knowledgeBase, folder, id: options.id }, config.format.maxFileSize);
  if (!new RegExp(config.format.idPattern, 'u').test(draft.id)) throw new UsageError(`The id "${draft.id}" does not match the configured idPattern; give one with --id`);
  const path = `${config.root}/${draft.path}`;
  if (!writeNewFile(fs, template.folder, path, draft.text)) throw new UsageError(`${relative(io.cwd, path)} already exists: nothing was written`);
  const shown = relative(io.cwd, path).split('\\').join('/');
  if (!template.path) io.stderr(`No ${relative(io.cwd, `${template.folder}/TEMPLATE.md`).split('\\').join('/')}: the draft follows the template bundled with postmortem-kb.\n`);
  io.stderr(summaryLine(draft, record, shown));
  if (draft.findings.length > 0) io.stderr(formatStylish([{ filePath: shown, findings: draft.findings }], { color: false }));
  io.stdout(`${shown}\n`);
  return EXIT.clean;
}

function summaryLine(draft: Draft, record: IncidentRecord, path: string): string {
  const related = draft.related.length === 0 ? '' : `, ${draft.related.length} related ${draft.related.length === 1 ? 'incident' : 'incidents'} proposed`;
  return terminalText(`Drafted ${draft.id} from issue #${record.number}: ${draft.timelineRows} Timeline rows, ${draft.responders.length} ${draft.responders.length === 1 ? 'responder' : 'responders'}${related}. "postmortem lint ${path}" lists what is left to write.`) + '\n';
}

function readExport(io: CliIo, file: string): IncidentRecord {
  let source: string;
  try {
    source = readText(fsOf(io), file.startsWith('/') ? file : `${io.cwd}/${file}`);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return incidentFromExport(source);
  } catch (error) {
    if (error instanceof IncidentError) throw new UsageError(`${file}${error.line ? `:${error.line}` : ''}: ${error.message}`);
    throw error;
  }
}

async function readFromGitHub(io: CliIo, value: string, repo: string | undefined): Promise<IncidentRecord> {
  const number = Number(value.replace(/^#/, ''));
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--from-issue must be an issue number, not "${value}"`);
  const env = io.env ?? process.env;
  const repository = repositoryOf(repo, env);
  const fetched = await fetchIssue(number, repository, await tokenOf(env), env);
  return incidentFromRest(fetched.issue, fetched.comments, fetched.events, fetched.unreadComments);
}
