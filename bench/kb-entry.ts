// The knowledge-base functions the benchmark calls in process (bundled to bench/kb.bundle.mjs by `npm run bench`).
export { buildKnowledgeBase } from '../src/kb/index.js';
export { findPatterns } from '../src/kb/patterns.js';
export { findRelated } from '../src/kb/related.js';
