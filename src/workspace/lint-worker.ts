// A lint worker thread (dist/lint-worker.js): runs a LintShard for the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type IndexEntry } from '../kb/index.js';
import { LintShard } from './shard.js';
import type { ShardMessage } from './parallel.js';

const { config, cwd, hashing } = workerData as { config: ResolvedConfig; cwd: string; hashing: boolean };
const shard = new LintShard(config, cwd, hashing);

parentPort!.on('message', (message: ShardMessage) => {
  try {
    if (message.type === 'read') parentPort!.postMessage({ ok: shard.read(message.paths, new Map(message.cached)) });
    else parentPort!.postMessage({ ok: shard.lint(buildKnowledgeBase(message.entries as IndexEntry[], config.knowledgeBase), message.paths) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
