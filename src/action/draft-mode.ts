import { relative } from 'node:path';
import * as core from '@actions/core';
import { labelKey } from '../config/draft.js';
import type { ResolvedConfig } from '../config/types.js';
import { compiledPattern } from '../config/compiled-pattern.js';
import { draftWithin, type Draft } from '../draft/draft.js';
import { nextFreeId } from '../draft/names.js';
import type { KnowledgeBase } from '../kb/index.js';
import { incidentFromRest, MAX_COMMENTS, type IncidentRecord } from '../draft/incident.js';
import { draftComment, draftMarkerOf, pullRequestBody, pullRequestTitle } from '../draft/messages.js';
import { applyActions } from '../github/apply.js';
import { recordingPort } from '../github/recording.js';
import { toolIdentity, writtenBy, type Comment, type GitHubPort } from '../github/port.js';
import { safeLogLine } from '../report/github.js';
import { terminalText } from '../report/inert.js';
import { NODE_FS } from '../workspace/fs.js';
import { createReader } from '../workspace/reader.js';
import { readTemplate, writeNewFile } from '../workspace/template.js';
import type { ActionInputs } from './inputs.js';

export interface DraftModeContext {
  inputs: ActionInputs;
  config: ResolvedConfig;
  workspace: string;
  github: () => GitHubPort;
  /** The `issues` event's payload, as the runner wrote it. */
  payload: Record<string, unknown>;
  /** https://github.com/o/r */
  repositoryUrl: string;
}

function setOutputs(draft: Draft | undefined, path: string, body: string, record: IncidentRecord | undefined): void {
  core.setOutput('path', draft ? path : '');
  core.setOutput('branch', draft ? `postmortem/${draft.id}` : '');
  core.setOutput('title', draft && record ? pullRequestTitle(draft) : '');
  core.setOutput('body', draft ? body : '');
}

/**
 * Draft mode (an `issues` event): when an incident issue (the configured label) is closed, writes its draft
 * postmortem into the workspace and sets `path`, `branch`, `title` and `body` for the step that opens the pull
 * request; comments once on the incident. Never a second draft of an incident: not when the knowledge base has
 * its postmortem (its `incident:` URL), nor when the tool's comment names a branch with an open pull request.
 */
export async function draftMode(context: DraftModeContext): Promise<void> {
  const { config, inputs, payload } = context;
  setOutputs(undefined, '', '', undefined);
  const issue = payload.issue as Record<string, unknown> | undefined;
  if (payload.action !== 'closed' || typeof issue !== 'object' || issue === null || typeof issue.number !== 'number') {
    core.notice(`Draft mode acts when an incident issue is closed; this event is "${terminalText(String(payload.action ?? 'unknown'))}": nothing to draft.`);
    return;
  }
  if (issue.pull_request !== undefined) return core.notice('A pull request was closed, not an incident issue: nothing to draft.');
  const labels = Array.isArray(issue.labels) ? issue.labels.map((label) => (typeof label === 'object' && label !== null ? String((label as { name?: unknown }).name ?? '') : String(label))) : [];
  if (!labels.some((label) => labelKey(label) === labelKey(config.draft.label))) {
    return core.notice(`Issue #${issue.number} has no "${terminalText(config.draft.label)}" label (draft.label): it is not an incident, nothing to draft.`);
  }
  if (issue.state_reason === 'not_planned' || issue.state_reason === 'duplicate') {
    return core.notice(`Incident #${issue.number} was closed as ${issue.state_reason === 'duplicate' ? 'a duplicate' : 'not planned'}: no postmortem is drafted.`);
  }

  const reader = createReader({ config, cwd: context.workspace });
  const knowledgeBase = await reader.index();
  const url = typeof issue.html_url === 'string' ? issue.html_url : '';
  const existing = knowledgeBase.incidents.find((incident) => incident.meta.incident !== undefined && incident.meta.incident === url);
  if (existing) return core.notice(`Incident #${issue.number} already has its postmortem, ${terminalText(existing.path)} (${terminalText(existing.id)}): nothing new is drafted.`);

  const github = context.github();
  const identity = await toolIdentity(github, inputs.botLogin);
  const comments = await github.listComments(issue.number, MAX_COMMENTS + 1);
  // Only the tool's own comment steers it: a marker someone else wrote is text.
  const ours = comments.map((comment) => (writtenBy(comment.author, identity) ? draftMarkerOf(comment.body) : undefined)).find((marker) => marker !== undefined);
  if (ours) {
    const open = await github.openPullRequestsFrom(ours.branch);
    if (open.length > 0) return core.notice(`A draft of incident #${issue.number} is in pull request #${open[0]!.number} (${ours.branch}): nothing new is drafted.`);
    core.notice(`Incident #${issue.number} was drafted before as ${ours.id}, and no pull request from ${ours.branch} is open: drafting it again under the same id.`);
  }

  const people = comments.filter((comment) => !writtenBy(comment.author, identity));
  const record = incidentFromRest({ ...issue, closed_by: payload.sender ?? issue.closed_by }, people.slice(0, MAX_COMMENTS).map(restComment), [], Math.max(0, (typeof issue.comments === 'number' ? issue.comments : 0) - comments.length));
  const template = readTemplate(NODE_FS, config);
  const folder = relative(config.root, template.folder).split('\\').join('/') || '.';
  // The id: the one drafted before, else the next free one of the day that no open pull request's branch holds
  // (two incidents of one day, both drafted before either is merged, must not share a branch).
  const id = ours?.id ?? (await freeId(github, knowledgeBase, record.createdAt.slice(0, 10)));
  if (!compiledPattern(config.format.idPattern, 'u').test(id)) {
    core.warning(`The draft's id ${id} does not match the configured idPattern: drafts are numbered INC-YYYYMMDD-NNNN; write incident #${record.number}'s postmortem with "postmortem draft --from-issue ${record.number} --id <id>".`);
    return;
  }
  const draft = draftWithin({ record, template: template.text, config, knowledgeBase, folder, id }, config.format.maxFileSize);
  const absolute = `${config.root}/${draft.path}`;
  const path = relative(context.workspace, absolute).split('\\').join('/');
  if (!writeNewFile(NODE_FS, template.folder, absolute, draft.text)) {
    core.warning(`${terminalText(path)} already exists in the workspace: the draft of incident #${issue.number} was not written. Move that file or give the incident another title.`);
    return;
  }
  for (const finding of draft.findings) core.warning(safeLogLine(finding.message), { file: path, startLine: finding.line, title: 'Entry gate' });
  const body = pullRequestBody(draft, record, path);
  setOutputs(draft, path, body, record);
  core.info(`Drafted ${draft.id} from incident #${record.number}: ${path} (${draft.timelineRows} Timeline rows, ${draft.responders.length} ${draft.responders.length === 1 ? 'responder' : 'responders'})`);

  if (!ours) {
    const port = inputs.dryRun ? recordingPort(github, (line) => core.info(safeLogLine(line)), inputs.maxOperations) : github;
    const applied = await applyActions(port, [{ key: `draft #${record.number}`, writes: [{ op: 'create-comment', issue: record.number, body: draftComment(draft, path, context.repositoryUrl), expectAuthor: identity }] }]);
    const outcome = applied.outcomes[0];
    if (outcome?.status === 'failed') core.warning(`The comment on incident #${record.number} could not be written (${terminalText(outcome.message)}): the draft is written all the same.`);
  }
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(body).write();
}

/** The most ids of one day tried against open pull requests' branches. */
const ID_TRIES = 20;

async function freeId(github: GitHubPort, knowledgeBase: KnowledgeBase, date: string): Promise<string> {
  const taken = new Set<string>();
  for (let tries = 0; ; tries++) {
    const id = nextFreeId(knowledgeBase, date, taken);
    if (tries >= ID_TRIES || (await github.openPullRequestsFrom(`postmortem/${id}`)).length === 0) return id;
    taken.add(id);
  }
}

/** The port's comment as GitHub's REST object, the shape the incident reader takes. */
function restComment(comment: Comment): Record<string, unknown> {
  return { user: comment.author ? { login: comment.author.login, type: comment.author.type } : undefined, body: comment.body, created_at: comment.createdAt, html_url: comment.url };
}
