// A lint worker thread (dist/lint-worker.js): runs a LintShard for the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/types.js';
import { buildKnowledgeBase, type IndexEntry, type KnowledgeBase } from '../kb/index.js';
import { LintShard } from './shard.js';
import type { ShardMessage } from './parallel.js';

const { config, cwd, hashing } = workerData as { config: ResolvedConfig; cwd: string; hashing: boolean };
const shard = new LintShard(config, cwd, hashing);
let cached = new Map<string, string>();
let knowledgeBase: KnowledgeBase | undefined;

parentPort!.on('message', (message: ShardMessage) => {
  try {
    if (message.type === 'read') {
      if (message.cached) cached = new Map(message.cached);
      parentPort!.postMessage({ ok: shard.read(message.paths, cached) });
    } else if (message.type === 'index') {
      knowledgeBase = buildKnowledgeBase(message.entries as IndexEntry[], config.knowledgeBase);
      parentPort!.postMessage({ ok: undefined });
    } else {
      parentPort!.postMessage({ ok: shard.lint(knowledgeBase!, message.paths) });
    }
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
