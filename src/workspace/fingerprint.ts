import type { FileStats } from './fs.js';

/**
 * How long after its last change a file's status is trusted to tell a later change apart. A file system keeps
 * times to a granularity (ext4: nanoseconds; HFS+: a second; FAT: two), so an edit soon after a file was read may
 * leave its times as they were; a file changed this recently is read and hashed, as git treats a "racily clean"
 * entry of its index.
 */
export const RACY_MS = 3000;

/**
 * A file's status as the lint cache's `metadata` strategy compares it: size, modification and change times, inode
 * (what git's index compares, less the owner). The change time (ctime) cannot be set back by a user or a tool, so
 * an edit that keeps the size and restores the modification time (`touch -d`, an archive's times) still shows.
 * None when the file changed within RACY_MS of `now` (when the file was looked at), or when the file system gives
 * no times: then the file is hashed, as with the `content` strategy.
 */
export function fingerprintOf(stats: FileStats, now: number): string | undefined {
  const { size, mtimeMs, ctimeMs, ino } = stats;
  if (mtimeMs === undefined || ctimeMs === undefined || ino === undefined) return undefined;
  if (!(Math.max(mtimeMs, ctimeMs) < now - RACY_MS)) return undefined;
  return `${size}:${mtimeMs}:${ctimeMs}:${ino}`;
}
