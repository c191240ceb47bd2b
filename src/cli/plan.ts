import { formatPlan } from '../report/sync.js';
import { syncDocuments } from '../sync/documents.js';
import { planSync } from '../sync/plan.js';
import { syncSettingsOf } from '../sync/settings.js';
import { UsageError } from '../workspace/discover.js';
import { EXIT, type CliIo } from './io.js';
import { openWorkspace } from './workspace.js';

/**
 * `postmortem plan`: what a sync would do, offline. Existing issues are
 * unknown here, so every action item of an in-review or published postmortem
 * is a create; the action's dry run shows the plan against GitHub.
 */
export async function planCommand(io: CliIo, options: { config?: string | undefined; format?: string | undefined }): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`Unknown format "${format}" (use text or json)`);
  const reader = openWorkspace(io, options.config);
  const { config } = reader;
  const parsed = reader.parseAll(await reader.discover());
  // The sync's settings (its cap too), so the preview holds back exactly what the sync will.
  const plan = planSync(syncDocuments(parsed), [], syncSettingsOf(config));
  if (format === 'json') {
    const actions = plan.actions.map((action) =>
      action.kind === 'create'
        ? { kind: action.kind, key: action.key, title: action.content.title, labels: action.content.labels, owner: action.item.owner, due: action.item.due, priority: action.item.priority, type: action.item.type }
        : { kind: action.kind, key: action.key },
    );
    io.stdout(`${JSON.stringify({ actions, labels: plan.labels, notes: plan.notes, capped: plan.capped }, null, 2)}\n`);
  } else io.stdout(formatPlan(plan));
  return EXIT.clean;
}
