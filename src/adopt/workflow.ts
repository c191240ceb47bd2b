/**
 * `.github/workflows/postmortems.yml` as `postmortem init` writes it: the
 * review of a pull request's postmortems, the sync of action items to issues
 * on a push to the default branch, and the escalation of overdue items on a
 * schedule. Each job has only the permissions it uses; a review is cancelled
 * by a newer push to its pull request, a sync or an escalation never is (they
 * queue, one at a time, since both write the same issues).
 */

/** actions/checkout's current major; it runs on node24 since v5 (August 2025), as v6 and v7 do. */
export const CHECKOUT = 'actions/checkout@v7';
/** The action, by its moving major tag. */
export const ACTION = 'postmortem-kb/postmortem-kb@v0';
/** The actions of the pages job: Node for npx, and GitHub's own Pages actions. */
export const SETUP_NODE = 'actions/setup-node@v5';
export const UPLOAD_PAGES = 'actions/upload-pages-artifact@v4';
export const DEPLOY_PAGES = 'actions/deploy-pages@v4';
/** peter-evans/create-pull-request's current major (node24), for the draft job. */
export const CREATE_PULL_REQUEST = 'peter-evans/create-pull-request@v8';

export interface WorkflowOptions {
  /** The globs of the postmortems and the config file: a change to one of them runs the review and the sync. */
  paths: string[];
}

export function workflowText({ paths }: WorkflowOptions): string {
  const list = `[${paths.map((path) => `'${path.replace(/'/g, "''")}'`).join(', ')}]`;
  return `# postmortem-kb (written by \`postmortem init\`): reviews the postmortems of a pull request, opens one
# issue per action item when they are merged, and escalates overdue items on weekday mornings.
# https://github.com/postmortem-kb/postmortem-kb#the-github-action
#
# pull_request, never pull_request_target: a fork's pull request runs with a read-only token and no
# secrets; the review still annotates it and writes the job summary.
name: postmortems
on:
  pull_request:
    paths: ${list}
  push:
    paths: ${list}
  schedule:
    - cron: '0 7 * * 1-5'   # 07:00 UTC, Monday to Friday
  workflow_dispatch:
  # With the draft job at the end: a closed incident issue becomes a draft postmortem's pull request.
  # issues:
  #   types: [closed]
# Nothing by default: each job asks for what it uses.
permissions: {}
jobs:
  review:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read         # check out and read the postmortems
      pull-requests: write   # the one sticky review comment
      issues: read           # whether earlier incidents' action items are still open
    # A newer push to the same pull request makes this review moot.
    concurrency:
      group: postmortems-review-\${{ github.event.pull_request.number }}
      cancel-in-progress: true
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${ACTION}   # mode auto: pull_request → lint and review
        with:
          fail-on: error
${issueJob('sync', {
    why: '# A push to the default branch, whatever its name: a merged pull request.',
    when: "github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
    writes: 'one issue per action item, its labels',
    mode: 'push → sync',
    // Said once, on the first of the two jobs that share the group.
    queued: '    # Sync and escalation write the same issues: one at a time, every run queued, none cancelled.\n',
  })}${issueJob('escalate', {
    why: '',
    when: "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'",
    writes: 'labels, escalation comments, the report issue',
    mode: 'schedule or workflow_dispatch → escalate',
    queued: '',
  })}${DRAFT_JOB}${PAGES_JOB}`;
}

/**
 * The site job, commented out: \`postmortem site\` on a push to the default branch, published with GitHub Pages
 * (Settings → Pages → Source: GitHub Actions).
 */
const PAGES_JOB = `  # pages:
  #   # The knowledge base as a searchable site on GitHub Pages (Settings → Pages → Source: GitHub Actions).
  #   if: github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)
  #   runs-on: ubuntu-latest
  #   permissions:
  #     contents: read   # read the postmortems
  #     pages: write     # publish the site
  #     id-token: write  # prove to Pages that this workflow publishes it
  #   environment:
  #     name: github-pages
  #     url: \${{ steps.deployment.outputs.page_url }}
  #   concurrency:
  #     group: pages
  #     cancel-in-progress: false
  #   steps:
  #     - uses: ${CHECKOUT}
  #       with:
  #         persist-credentials: false
  #     - uses: ${SETUP_NODE}
  #       with:
  #         node-version: 24
  #     - run: npx --yes postmortem-kb@0 site --out _site
  #     - uses: ${UPLOAD_PAGES}
  #       with:
  #         path: _site
  #     - id: deployment
  #       uses: ${DEPLOY_PAGES}
`;

/** The draft job, commented out: it needs the issues trigger above and a token that may push a branch. */
const DRAFT_JOB = `  # draft:
  #   # An issue labelled "incident" (draft.label in the config) was closed: its draft postmortem
  #   # (timeline, responders, summary from the issue) is proposed as a pull request, and the
  #   # incident gets one comment pointing at it. Nothing when the incident has its postmortem.
  #   if: github.event_name == 'issues'
  #   runs-on: ubuntu-latest
  #   permissions:
  #     contents: write        # push the draft's branch
  #     pull-requests: write   # open its pull request
  #     issues: write          # the one comment on the incident
  #   steps:
  #     - uses: ${CHECKOUT}
  #     - id: draft
  #       uses: ${ACTION}   # mode auto: issues → draft
  #     - if: steps.draft.outputs.path != ''
  #       uses: ${CREATE_PULL_REQUEST}
  #       with:
  #         branch: \${{ steps.draft.outputs.branch }}
  #         title: \${{ steps.draft.outputs.title }}
  #         body: \${{ steps.draft.outputs.body }}
  #         commit-message: \${{ steps.draft.outputs.title }}
  #         add-paths: \${{ steps.draft.outputs.path }}
`;

/** A job that writes the tool's issues (the sync, the escalation): the same permissions and the one queue they share. */
function issueJob(name: string, job: { why: string; when: string; writes: string; mode: string; queued: string }): string {
  return `  ${name}:
${job.why ? `    ${job.why}\n` : ''}    if: ${job.when}
    runs-on: ubuntu-latest
    permissions:
      contents: read   # read the postmortems
      issues: write    # ${job.writes}
${job.queued}    concurrency:
      group: postmortems-issues
      cancel-in-progress: false
      queue: max
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${ACTION}   # mode auto: ${job.mode}
`;
}
