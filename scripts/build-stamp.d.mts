// Types for scripts/build-stamp.mjs.
export const ROOT: string;
export const STAMP: string;
export function sourcesStamp(): string;
