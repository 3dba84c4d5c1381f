// The candidate index for fuzzy lookup, kept in the translation memory itself (schema 4).
//
// For every live approved pair it holds the padded bigram tokens (src/core/grams.ts) of the
// Dutch and of the English text, as posting lists: for a token, a side and a length band,
// the ids of the pairs whose text has that token, each with the text's exact length. A
// lookup adds one per shared token for every pair in its length window (a "scan count");
// src/store/lookup.ts turns the counts into score bounds and scores only what can win.
//
// The parts: codec.ts (the posting format and row keys), builder.ts (lists built in memory),
// statements.ts, writer.ts (lists written and merged), sync.ts (the backlog folded in),
// state.ts (what the index covers), count.ts, posting-cache.ts and preload.ts (the lookup side),
// digest.ts (the doctor's fingerprint).
export { POSTING_FORMAT, SOURCE_SIDE, TARGET_SIDE, type Side } from './codec.js';
export { PostingBuilder, indexBuildMemory } from './builder.js';
export { IndexBuild, IndexWriter, setIndexBuildMemory } from './writer.js';
export { indexState, matchIndexIsStale, type IndexState } from './state.js';
export { SYNC_BACKLOG, clearMatchIndex, rebuildIsCheaper, rebuildMatchIndex, setPatchUpTo, setRebuildFrom, syncMatchIndex } from './sync.js';
export {
  MAX_COUNTED_ID,
  MAX_QUERY_TOKENS,
  countSharedTokens,
  gramWeight,
  rarestGrams,
  indexedByLength,
  scratch,
  setSkipFromBytes,
  type OuterLengths,
} from './count.js';
export { preloadPostingLists, type Preloaded } from './preload.js';
export { dumpMatchIndex, expectedMatchIndexDigest, matchIndexDigest } from './digest.js';
