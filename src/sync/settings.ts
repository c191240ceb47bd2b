import type { ResolvedConfig } from '../config/types.js';
import type { SyncSettings } from './plan.js';

/**
 * The sync's settings from the configuration, assembled in one place for the sync, its offline preview
 * (`postmortem plan`) and the pull request's preview, so the three plan alike. `toolLogin` is left out only
 * where no issue is listed; `linkBase` is empty where no link is shown; `commit` only where issues are written.
 */
export function syncSettingsOf(config: Pick<ResolvedConfig, 'sync'>, where: { linkBase?: string; toolLogin?: string | undefined; commit?: SyncSettings['commit'] } = {}): SyncSettings {
  const { label, removedLabel, statuses, maxItemsPerDocument, since, backfill } = config.sync;
  return { ownershipLabel: label, removedLabel, statuses, linkBase: where.linkBase ?? '', toolLogin: where.toolLogin, maxItemsPerDocument, since, backfill, commit: where.commit };
}
