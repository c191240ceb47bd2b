import { createFsFromVolume, Volume } from 'memfs';
import { describe, expect, it } from 'vitest';
import type { WorkspaceFs } from '../../src/workspace/fs.js';
import { lintWorkspace } from '../../src/workspace/lint.js';
import { HELD_FILES } from '../../src/workspace/parallel.js';

/** How a lint in this thread trades reads for memory: few files read once, many read again rather than held. */

const ROOT = '/held';

function workspace(count: number) {
  const files: Record<string, string> = { '.postmortemrc.yml': 'extends: recommended\n' };
  for (let n = 1; n <= count; n++) {
    const id = `INC-20240101-${String(n).padStart(4, '0')}`;
    files[`postmortems/${id}.md`] = `---\nid: ${id}\ntitle: Incident ${n}\ndate: 2024-01-01\nseverity: SEV3\n---\n# Incident ${n}\n\n## Summary\n\nWords.\n`;
  }
  const fs = createFsFromVolume(Volume.fromJSON(files, ROOT)) as unknown as WorkspaceFs;
  const reads = new Map<string, number>();
  const readFileSync = (path: string) => {
    reads.set(path, (reads.get(path) ?? 0) + 1);
    return fs.readFileSync(path);
  };
  return { fs: { ...fs, readFileSync } as WorkspaceFs, reads };
}

const counts = (reads: Map<string, number>) => new Set([...reads].filter(([path]) => path.includes('/postmortems/')).map(([, count]) => count));

describe('a lint in this thread', () => {
  it(`reads each of up to ${HELD_FILES} files once, keeping its text from the index to the lint`, async () => {
    const { fs, reads } = workspace(HELD_FILES);
    const outcome = await lintWorkspace({ cwd: ROOT, patterns: [], fs });
    expect(outcome.results).toHaveLength(HELD_FILES);
    expect(counts(reads)).toEqual(new Set([1]));
  });

  it('reads each of more files again to lint it, holding none of their texts until the index is whole', async () => {
    const { fs, reads } = workspace(HELD_FILES + 1);
    const outcome = await lintWorkspace({ cwd: ROOT, patterns: [], fs });
    expect(outcome.results).toHaveLength(HELD_FILES + 1);
    expect(outcome.stats.workers).toBe(0);
    expect(counts(reads)).toEqual(new Set([2]));
  });
});
